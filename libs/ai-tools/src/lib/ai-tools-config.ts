import { Transform } from 'class-transformer';
import { IsInt, Max, Min } from 'class-validator';
import { ConfigSection, EnvVar, toInteger } from '@keel/platform-config';

/**
 * AI tools' variables.
 */
@ConfigSection('AI tools')
export class AiToolsConfig {
  @EnvVar({
    type: 'integer',
    description:
      'Minutes a tool call held for approval may wait: past them, approving or rejecting it is 409 APPROVAL_EXPIRED.',
  })
  @Transform(toInteger)
  @Min(1)
  @Max(10_080)
  @IsInt()
  AI_APPROVAL_TTL_MINUTES = 15;

  @EnvVar({
    type: 'integer',
    description:
      "Time allowed for one call of a workspace's HTTP tool, from DNS to the last byte of the answer, in milliseconds: past it the call fails with TOOL_TIMEOUT.",
  })
  @Transform(toInteger)
  @Min(100)
  @Max(60_000)
  @IsInt()
  AI_HTTP_TOOL_TIMEOUT_MS = 10_000;

  @EnvVar({
    type: 'integer',
    description:
      "The largest answer a workspace's HTTP tool may get, in bytes: a longer one is not read further and the call fails with TOOL_RESPONSE_TOO_LARGE.",
  })
  @Transform(toInteger)
  @Min(1024)
  @Max(10_485_760)
  @IsInt()
  AI_HTTP_TOOL_MAX_RESPONSE_BYTES = 262_144;
}

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
}

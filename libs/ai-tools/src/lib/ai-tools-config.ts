import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, Min, MinLength, ValidateIf } from 'class-validator';
import { ConfigSection, EnvVar, toInteger } from '@keel/platform-config';

export const AI_PROVIDERS = ['none', 'openai', 'anthropic'] as const;
export type AiProviderName = (typeof AI_PROVIDERS)[number];

const usesProvider = (config: AiToolsConfig) => config.AI_PROVIDER !== 'none';

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

  @EnvVar({
    type: 'enum',
    values: AI_PROVIDERS,
    description:
      'The model provider of prompt-mode executions. none (the default): prompt mode answers 422 AI_PROVIDER_NOT_CONFIGURED and only calls mode runs. openai: an OpenAI-compatible Chat Completions API (tools and tool_calls). anthropic: the Anthropic Messages API (tool_use and tool_result).',
  })
  @IsIn(AI_PROVIDERS)
  AI_PROVIDER: AiProviderName = 'none';

  @EnvVar({
    type: 'url',
    description:
      "Base URL of the provider's API, as its official SDK takes it (openai: up to and including /v1; anthropic: without /v1). Unset: the provider's own public API.",
  })
  @IsOptional()
  @Matches(/^https?:\/\/\S+$/, { message: 'must be an http:// or https:// URL' })
  AI_BASE_URL?: string;

  @EnvVar({
    type: 'string',
    secret: true,
    description: 'API key sent to the model provider (required unless AI_PROVIDER is none). Never logged.',
  })
  @ValidateIf(usesProvider)
  @IsString()
  @MinLength(1)
  AI_API_KEY?: string;

  @EnvVar({
    type: 'string',
    description:
      'The model prompt-mode executions use unless a request names another (required unless AI_PROVIDER is none), e.g. gpt-4.1-mini or claude-sonnet-4-5.',
  })
  @ValidateIf(usesProvider)
  @IsString()
  @MinLength(1)
  AI_MODEL?: string;
}

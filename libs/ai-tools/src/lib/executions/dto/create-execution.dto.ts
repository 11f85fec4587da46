import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Max,
  MaxLength,
  Min,
  MinLength,
  ValidateNested,
} from 'class-validator';

export const MAX_CALLS = 20;

export class ToolCallDto {
  /** A tool of GET …/ai/tools. @example "projects.get" */
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  tool: string;

  /** Checked against the tool's input schema: a mismatch is the call's INVALID_ARGUMENTS, not the request's. @example {"projectId":"0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30"} */
  @Allow()
  input?: Record<string, unknown>;
}

export class ExecutionLimitsDto {
  /** @example 8 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(20)
  maxSteps?: number;

  /** @example 20000 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(1_000_000)
  maxTokens?: number;

  /** @example 60 */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(900)
  maxSeconds?: number;
}

/** One of two modes: `calls` (the client's model proposed them), or `prompt` (Keel runs the model loop). */
export class CreateExecutionDto {
  /** Calls mode: run these in order, each validated and decided under the policy. @example [{"tool":"projects.list","input":{"limit":5}}] */
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(MAX_CALLS)
  @ApiProperty({ maxItems: MAX_CALLS })
  @ValidateNested({ each: true })
  @Type(() => ToolCallDto)
  calls?: ToolCallDto[];

  /** Prompt mode (instead of `calls`): needs a model provider; without one, 422 AI_PROVIDER_NOT_CONFIGURED. */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(20_000)
  prompt?: string;

  /** A thread of the caller (POST …/ai/threads; another's is 404). Prompt mode: its messages are the prompt's history, and the prompt and the answer are appended to it. Calls mode: the execution is filed under it (nothing is appended), so deleting the thread erases what it stored. */
  @IsOptional()
  @IsUUID()
  threadId?: string;

  /** Prompt mode: the provider's model. */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  model?: string;

  /** Prompt mode: the loop's limits. */
  @IsOptional()
  @ValidateNested()
  @Type(() => ExecutionLimitsDto)
  limits?: ExecutionLimitsDto;
}

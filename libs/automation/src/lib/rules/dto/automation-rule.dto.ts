import { PartialType } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsObject,
  IsOptional,
  IsString,
  IsUUID,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Nullable, Trim } from '@keel/platform-errors';
import { ACTION_TYPES, ActionType } from '../automation-action';

export class AutomationTriggerDto {
  /** An event type of GET /v1/event-types. @example "project.transitioned" */
  @IsString()
  @MaxLength(100)
  eventType: string;

  /** JSON-logic over the event (`type`, `data`, `actor`, `depth`…); omit or null to fire on every event of the type. @example {"==":[{"var":"data.to"},"In review"]} */
  @IsOptional()
  @Nullable()
  @IsObject()
  condition?: Record<string, unknown> | null;
}

export class AutomationActionDto {
  /** `send_webhook`, `transition_project` or `add_comment`. @example "add_comment" */
  @IsIn(ACTION_TYPES)
  type: ActionType;

  /** send_webhook: the endpoint. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a80" */
  @IsOptional()
  @IsUUID()
  endpointId?: string;

  /** transition_project: the target state's name. @example "Done" */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  to?: string;

  /** add_comment: the Markdown text. @example "A reviewer will pick this up today." */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(10_000)
  body?: string;

  /** transition_project, add_comment: another project than the event's. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30" */
  @IsOptional()
  @IsUUID()
  projectId?: string;
}

export class CreateAutomationRuleDto {
  /** @example "Comment when review starts" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** @example true */
  @IsOptional()
  @IsBoolean()
  enabled?: boolean;

  @ValidateNested()
  @Type(() => AutomationTriggerDto)
  trigger: AutomationTriggerDto;

  /** Run in order, each once per event. @example [{"type":"add_comment","body":"A reviewer will pick this up today."}] */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(20)
  @ValidateNested({ each: true })
  @Type(() => AutomationActionDto)
  actions: AutomationActionDto[];
}

/** The fields to change; those left out stay as they are. The result is checked as a new rule would be. */
// Null is validated, not skipped: a field is changed or left out, never silently ignored.
export class UpdateAutomationRuleDto extends PartialType(CreateAutomationRuleDto, { skipNullProperties: false }) {}

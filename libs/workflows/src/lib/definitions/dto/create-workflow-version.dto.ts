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
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Trim } from '@keel/platform-errors';
import { REQUIRABLE_FIELDS, RequirableField, STATE_CATEGORIES, StateCategory } from '../workflow-definition';

export class WorkflowStateDto {
  /** Unique in the version; projects and transitions name states by it. @example "In review" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name: string;

  /** One of `todo`, `in_progress`, `done`, `cancelled`. @example "in_progress" */
  @IsIn(STATE_CATEGORIES)
  category: StateCategory;
}

export class TransitionRuleDto {
  /** A JSON-logic expression over `{project, comment}`; it must hold for the transition. @example {"!=":[{"var":"project.description"},""]} */
  @IsObject()
  logic: Record<string, unknown>;

  /** What the caller is told when it does not hold. @example "Describe the project before it ships." */
  @IsString()
  @MinLength(1)
  @MaxLength(300)
  message: string;
}

export class TransitionConditionsDto {
  /** The request must carry a non-blank comment. @example true */
  @IsOptional()
  @IsBoolean()
  commentRequired?: boolean;

  /** Project fields that must be non-blank. @example ["description"] */
  @IsOptional()
  @IsArray()
  @IsIn(REQUIRABLE_FIELDS, { each: true })
  requiredFields?: RequirableField[];

  @IsOptional()
  @ValidateNested()
  @Type(() => TransitionRuleDto)
  rule?: TransitionRuleDto;
}

export class WorkflowTransitionDto {
  /** Unique in the version. @example "Ship" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(50)
  name: string;

  /** The states it leaves from, or `["*"]` for any state. @example ["In review"] */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @IsString({ each: true })
  from: string[];

  /** The state it leads to. @example "Done" */
  @IsString()
  to: string;

  /** A permission needed on top of `projects:transition`. @example "projects:write" */
  @IsOptional()
  @IsString()
  permission?: string;

  @IsOptional()
  @ValidateNested()
  @Type(() => TransitionConditionsDto)
  conditions?: TransitionConditionsDto;
}

/** A workflow version to draft: states, the transitions between them, and where a new project starts. */
export class CreateWorkflowVersionDto {
  /** @example [{"name":"Backlog","category":"todo"},{"name":"Planned","category":"todo"},{"name":"In progress","category":"in_progress"},{"name":"In review","category":"in_progress"},{"name":"Done","category":"done"},{"name":"Cancelled","category":"cancelled"}] */
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(100)
  @ValidateNested({ each: true })
  @Type(() => WorkflowStateDto)
  states: WorkflowStateDto[];

  /** @example [{"name":"Plan","from":["Backlog"],"to":"Planned"},{"name":"Start","from":["Backlog","Planned"],"to":"In progress"},{"name":"Submit for review","from":["In progress"],"to":"In review"},{"name":"Ship","from":["In review"],"to":"Done","conditions":{"requiredFields":["description"]}},{"name":"Cancel","from":["*"],"to":"Cancelled","conditions":{"commentRequired":true}},{"name":"Reopen","from":["Done","Cancelled"],"to":"Backlog"}] */
  @IsArray()
  @ArrayMaxSize(500)
  @ValidateNested({ each: true })
  @Type(() => WorkflowTransitionDto)
  transitions: WorkflowTransitionDto[];

  /** Where new projects start. @example "Backlog" */
  @IsString()
  initialState: string;
}

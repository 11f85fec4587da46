import { Type } from 'class-transformer';
import {
  Allow,
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsOptional,
  IsString,
  MaxLength,
  MinLength,
  ValidateNested,
} from 'class-validator';
import { Trim } from '@keel/platform-errors';
import { RequirableField, STATE_CATEGORIES, StateCategory } from '../workflow-definition';

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
  // Any value passes here: workflowProblems parses it and reports a rule that does not parse (not an object
  // with one operator key, an unknown operator) as WORKFLOW_INVALID at its JSON path.
  @Allow()
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

  /** Project fields that must be non-blank: `name`, `description`. @example ["description"] */
  // Only the type is checked here: workflowProblems reports a name that is not a requirable field as
  // WORKFLOW_INVALID at its JSON path, as it does a state name that is not one of the states.
  @IsOptional()
  @IsArray()
  @IsString({ each: true })
  @ArrayMaxSize(20)
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
  @MaxLength(50, { each: true })
  from: string[];

  /** The state it leads to. @example "Done" */
  @IsString()
  @MaxLength(50)
  to: string;

  /** A permission needed on top of `projects:transition`. @example "projects:write" */
  @IsOptional()
  @IsString()
  @MaxLength(100)
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

  /** Where new projects start: one of the states. @example "Backlog" */
  // Required, yet a missing one passes here: workflowProblems reports it as WORKFLOW_INVALID at
  // `$.initialState`, beside an unknown one. A value that is not a string is still VALIDATION_FAILED.
  @IsOptional()
  @IsString()
  @MaxLength(50)
  initialState: string;
}

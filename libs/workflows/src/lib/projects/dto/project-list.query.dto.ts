import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { PageQuery } from '@keel/platform-database';
import { STATE_CATEGORIES, StateCategory } from '../../definitions/workflow-definition';

export const PROJECT_SORTS = ['createdAt', 'updatedAt', 'name'] as const;
export type ProjectSort = (typeof PROJECT_SORTS)[number];

export class ProjectListQuery extends PageQuery {
  /** Only projects in this state. @example "In progress" */
  @IsOptional()
  @IsString()
  @MaxLength(50)
  state?: string;

  /** Only projects whose state is in this category. @example "in_progress" */
  @IsOptional()
  @IsIn(STATE_CATEGORIES)
  category?: StateCategory;

  /** `true`: archived projects only; `false` or absent: those not archived. @example false */
  @IsOptional()
  @Transform(({ value }: { value: unknown }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  archived?: boolean;

  /** Full-text search over name and description (web-search syntax: words, "phrases", -exclusions). @example "website" */
  @IsOptional()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  q?: string;

  /** @example "createdAt" */
  @IsOptional()
  @IsIn(PROJECT_SORTS)
  sort?: ProjectSort;

  /** Default: `desc` for the times, `asc` for the name. @example "desc" */
  @IsOptional()
  @IsIn(['asc', 'desc'])
  order?: 'asc' | 'desc';
}

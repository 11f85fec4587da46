import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;

/** `?limit=&cursor=` of every list (docs/api.md, "Lists"). */
export class PageQuery {
  /** How many items at most, 1 to 100. @example 50 */
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  /** The `nextCursor` of the previous page; omit for the first page. @example WyIwMTkzYTVlMi03YzRmLTdiNmUtOWQyYS01ZjFlOGMzYjJhMTAiXQ */
  @IsOptional()
  @IsString()
  cursor?: string;
}

import { Type } from 'class-transformer';
import { IsInt, IsOptional, IsString, Max, MaxLength, Min } from 'class-validator';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 100;
/** Far above any cursor Keel makes (a few keys, base64url): a longer one cannot be ours. */
export const CURSOR_MAX_LENGTH = 512;

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
  @MaxLength(CURSOR_MAX_LENGTH)
  cursor?: string;
}

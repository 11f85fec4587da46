import { IsString, MaxLength, MinLength } from 'class-validator';
import { COMMENT_MAX_LENGTH } from './comment-body';

/** A comment's text, to post or to replace. */
export class CommentDto {
  /** Markdown, 1 to 10,000 characters. @example "Design review is **Thursday**." */
  @IsString()
  @MinLength(1)
  @MaxLength(COMMENT_MAX_LENGTH)
  body: string;
}

import { IsInt, IsOptional, IsString, MaxLength, Min } from 'class-validator';
import { COMMENT_MAX_LENGTH } from '../../comments/dto/comment-body';

export class TransitionRequestDto {
  /** The name of the state to move to. @example "Planned" */
  @IsString()
  @MaxLength(50)
  to: string;

  /** Recorded with the transition in the activity trail and its event; some transitions require one. Markdown. @example "Scoped with the team on Monday." */
  @IsOptional()
  @IsString()
  @MaxLength(COMMENT_MAX_LENGTH)
  comment?: string;

  /** The `version` the caller read; a stale one is 409 VERSION_CONFLICT. @example 1 */
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

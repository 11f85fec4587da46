import { IsInt, IsOptional, IsString, MaxLength, Min, MinLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';
import { DESCRIPTION_MAX_LENGTH } from './create-project.dto';

export class UpdateProjectDto {
  /** @example "Website relaunch 2027" */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;

  /** Markdown. @example "New design, new CMS, new hosting." */
  @IsOptional()
  @IsString()
  @MaxLength(DESCRIPTION_MAX_LENGTH)
  description?: string;

  /** The `version` the change is based on; a stale one is 409 VERSION_CONFLICT. @example 1 */
  @IsInt()
  @Min(1)
  expectedVersion: number;
}

import { IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';

export class UpdateProfileDto {
  /** Trimmed; shown to the other members of your workspaces. @example "Ada King" */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name?: string;
}

import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SLUG_PATTERN } from './create-workspace.dto';
import { Trim } from '@keel/platform-errors';

export class UpdateWorkspaceDto {
  /** @example "Acme Corporation" */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  /** @example "acme-corp" */
  @IsOptional()
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case letters, digits and inner dashes, 1 to 48 characters' })
  slug?: string;
}

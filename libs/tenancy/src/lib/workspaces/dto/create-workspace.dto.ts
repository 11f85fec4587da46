import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';

export const SLUG_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,46}[a-z0-9])?$/;

export class CreateWorkspaceDto {
  /** @example "Acme Inc." */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** Unique across Keel; made from the name when omitted. Lower-case letters, digits and inner dashes, up to 48. @example "acme" */
  @IsOptional()
  @IsString()
  @Matches(SLUG_PATTERN, { message: 'slug must be lower-case letters, digits and inner dashes, 1 to 48 characters' })
  @ApiProperty({ maxLength: 48 })
  slug?: string;

  /** Starts the workspace on a trial of this plan (its key, from GET /v1/plans); the default plan when omitted. @example "team" */
  @IsOptional()
  @IsString()
  @Matches(/^[a-z0-9][a-z0-9_-]{0,47}$/, { message: 'plan must be a plan key' })
  @ApiProperty({ maxLength: 48 })
  plan?: string;
}

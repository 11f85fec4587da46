import { ApiProperty } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsObject, IsOptional, IsString, Matches, MaxLength, MinLength, ValidateNested } from 'class-validator';
import { WorkspaceSecurityDto } from './workspace-security.dto';
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
  @ApiProperty({ maxLength: 48 })
  slug?: string;

  /** The security policy; changing it needs a person signed in with MFA. */
  @IsOptional()
  @IsObject()
  @ValidateNested()
  @Type(() => WorkspaceSecurityDto)
  security?: WorkspaceSecurityDto;
}

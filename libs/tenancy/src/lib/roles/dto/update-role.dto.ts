import { ArrayMaxSize, IsArray, IsOptional, IsString, MaxLength, MinLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';

export class UpdateRoleDto {
  /** @example "Billing lead" */
  @IsOptional()
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name?: string;

  /** @example "Manages billing keys." */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** Replaces the role's permissions. @example ["members:read", "api-keys:read"] */
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  permissions?: string[];
}

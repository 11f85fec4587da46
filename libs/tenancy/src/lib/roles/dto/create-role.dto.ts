import { ApiProperty } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';

export class CreateRoleDto {
  /** Unique in the workspace and fixed once made: lower-case letters, digits and dashes. @example "billing-manager" */
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, {
    message: 'key must start with a letter: lower-case letters, digits, dashes, up to 40',
  })
  @ApiProperty({ maxLength: 40 })
  key: string;

  /** @example "Billing manager" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(100)
  name: string;

  /** @example "Sees members and manages API keys for the billing system." */
  @IsOptional()
  @IsString()
  @MaxLength(500)
  description?: string;

  /** Permissions from GET /v1/permissions. @example ["members:read", "api-keys:read", "api-keys:write"] */
  @IsArray()
  @ArrayMaxSize(200)
  @IsString({ each: true })
  @MaxLength(100, { each: true })
  permissions: string[];
}

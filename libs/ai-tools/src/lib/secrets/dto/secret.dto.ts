import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { SECRET_NAME_PATTERN, SECRET_VALUE_MAX_LENGTH, SECRET_VALUE_MIN_LENGTH } from '../secret-name';

export class CreateSecretDto {
  /** Letters, digits and `_`, starting with a letter or `_`; unique in the workspace. @example "CRM_TOKEN" */
  @IsString()
  @Matches(SECRET_NAME_PATTERN, {
    message: 'name must be letters, digits and _, not starting with a digit (at most 100)',
  })
  @ApiProperty({ maxLength: 100 })
  name: string;

  /** Write-only: sealed at rest, never answered, filled in only into the requests of tools that name it. @example "crm_live_5f1e8c3b2a30" */
  @IsString()
  @MinLength(SECRET_VALUE_MIN_LENGTH)
  @MaxLength(SECRET_VALUE_MAX_LENGTH)
  value: string;

  /** @example "Token of the CRM's API, read-only scope." */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

export class ReplaceSecretDto {
  /** The new value (a new version); write-only. @example "crm_live_9d2a5f1e8c3b" */
  @IsString()
  @MinLength(SECRET_VALUE_MIN_LENGTH)
  @MaxLength(SECRET_VALUE_MAX_LENGTH)
  value: string;

  /** Omitted: kept. @example "Token of the CRM's API, read-only scope." */
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string;
}

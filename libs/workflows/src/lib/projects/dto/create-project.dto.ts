import { ApiProperty } from '@nestjs/swagger';
import { IsOptional, IsString, Matches, MaxLength, MinLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';

export const PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9]{1,9}$/;
export const DESCRIPTION_MAX_LENGTH = 20_000;

export class CreateProjectDto {
  /** 2 to 10 capital letters or digits, starting with a letter; unique in the workspace. @example "WEB" */
  @IsString()
  @Matches(PROJECT_KEY_PATTERN, { message: 'key must be 2 to 10 capital letters or digits, starting with a letter' })
  @ApiProperty({ maxLength: 10 })
  key: string;

  /** @example "Website relaunch" */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(200)
  name: string;

  /** Markdown. @example "New design, new CMS." */
  @IsOptional()
  @IsString()
  @MaxLength(DESCRIPTION_MAX_LENGTH)
  description?: string;
}

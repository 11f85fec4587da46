import { ApiProperty } from '@nestjs/swagger';
import { IsString, Matches } from 'class-validator';

export class PromoteReleaseDto {
  /** The stage to promote to; the gates whose requiredFor names it must pass. @example "staging" */
  @IsString()
  @Matches(/^[a-z][a-z0-9-]{0,39}$/, { message: 'stage must be a lower-case word, e.g. production' })
  @ApiProperty({ maxLength: 40 })
  stage: string;
}

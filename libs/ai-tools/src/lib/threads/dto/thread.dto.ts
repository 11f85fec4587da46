import { IsOptional, IsString, MaxLength } from 'class-validator';

export class CreateThreadDto {
  /** @example "Weekly triage" */
  @IsOptional()
  @IsString()
  @MaxLength(200)
  title?: string;
}

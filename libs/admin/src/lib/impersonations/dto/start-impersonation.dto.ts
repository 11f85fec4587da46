import { IsInt, IsOptional, IsString, IsUUID, Max, MaxLength, Min, MinLength } from 'class-validator';
import { Trim } from '@keel/platform-errors';

/** Whom to act as, why, and for how long. */
export class StartImpersonationDto {
  /** The account to act as; never a platform admin's. */
  @IsUUID()
  userId: string;

  /**
   * Why: required, kept in the platform audit log.
   * @example "Support ticket #8812: the customer cannot see their board"
   */
  @Trim()
  @IsString()
  @MinLength(1)
  @MaxLength(1000)
  reason: string;

  /**
   * How long the token works, in minutes: 1 to 60 (15 when absent).
   * @example 15
   */
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(60)
  minutes?: number;
}

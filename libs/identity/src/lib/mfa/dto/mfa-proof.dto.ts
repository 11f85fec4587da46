import { IsOptional, IsString, Matches, MaxLength } from 'class-validator';

/** A current authenticator code or one recovery code (send one of the two). */
export class MfaProofDto {
  /** The six digits the authenticator app shows now. @example "492039" */
  @IsOptional()
  @IsString()
  @Matches(/^\s*\d{6}\s*$/, { message: 'code must be the six digits of the authenticator app' })
  @MaxLength(64)
  code?: string;

  /** One of the recovery codes shown at enrolment; each works once. @example "k7qp-3mzx-a2bd-5wty" */
  @IsOptional()
  @IsString()
  @MaxLength(64)
  recoveryCode?: string;
}

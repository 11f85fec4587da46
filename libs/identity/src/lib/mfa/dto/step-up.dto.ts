import { IsOptional, IsString, MaxLength } from 'class-validator';
import { MfaProofDto } from './mfa-proof.dto';

/** A fresh proof for a sensitive action: a code (or recovery code) when the account has MFA, else the password. */
export class StepUpDto extends MfaProofDto {
  /** The account's password; only for accounts without MFA. @example "correct horse battery staple" */
  @IsOptional()
  @IsString()
  @MaxLength(1024)
  password?: string;
}

import { IsString, MaxLength } from 'class-validator';
import { MfaProofDto } from './mfa-proof.dto';

/** The second step of a sign-in with MFA on. */
export class VerifyMfaDto extends MfaProofDto {
  /** From the password step's 202 answer; single use, valid for five minutes. @example "Qm9vcC1iZWVwLWJvb3AtYmVlcC1ib29wLWJlZXAtYm9vcA" */
  @IsString()
  @MaxLength(256)
  mfaToken: string;
}

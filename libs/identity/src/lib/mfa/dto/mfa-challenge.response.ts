/** The password was right and the account has MFA: send a code with this token to POST /v1/auth/mfa/verify. */
export class MfaChallengeResponse {
  /** @example true */
  mfaRequired: true;
  /** Single use, for POST /v1/auth/mfa/verify. @example "Qm9vcC1iZWVwLWJvb3AtYmVlcC1ib29wLWJlZXAtYm9vcA" */
  mfaToken: string;
  /** Seconds the token stays valid. @example 300 */
  expiresIn: number;
}

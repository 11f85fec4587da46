/** What proves the second factor: a code from the authenticator app, or one of the recovery codes. */
export interface MfaProof {
  code?: string;
  recoveryCode?: string;
}

/** How the second factor was proved, as RFC 8176 method references for the session. */
export type MfaMethod = 'otp' | 'recovery';

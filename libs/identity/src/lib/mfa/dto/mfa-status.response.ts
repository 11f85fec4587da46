/** Where the caller's MFA stands. */
export class MfaStatusResponse {
  /** Whether an authenticator app is confirmed: sign-in then asks for its code. @example true */
  totpEnabled: boolean;
  /** When it was confirmed. @example "2026-12-07T10:00:00.000Z" */
  enabledAt: string | null;
  /** Unused recovery codes. @example 10 */
  recoveryCodesRemaining: number;
}

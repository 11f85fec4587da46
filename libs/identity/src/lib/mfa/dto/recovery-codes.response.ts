/** The enrolment is confirmed; keep these codes somewhere safe, they are never shown again. */
export class RecoveryCodesResponse {
  /** Ten single-use codes for when the authenticator is lost. @example ["k7qp-3mzx-a2bd-5wty"] */
  recoveryCodes: string[];
}

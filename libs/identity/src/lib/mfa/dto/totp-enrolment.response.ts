/** A started enrolment: show the URI as a QR code (or the secret for typing), then confirm with a code. */
export class TotpEnrolmentResponse {
  /** Base32, 160 bits. Shown once; stored sealed. @example "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP" */
  secret: string;
  /** @example "otpauth://totp/Keel:ada%40example.com?issuer=Keel&secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&algorithm=SHA1&digits=6&period=30" */
  otpauthUri: string;
}

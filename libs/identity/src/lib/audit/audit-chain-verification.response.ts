import type { AuditChainVerification } from './audit-chain-verifier';

export class AuditChainVerificationResponse {
  /** Whether every kept row links to the one before it and hashes to its stored hash, and the latest anchor holds. @example false */
  valid: boolean;
  /** Rows read and recomputed, oldest kept first, up to the first break. @example 42 */
  checked: number;
  /**
   * The first sequence number (each row's place in the chain, 1 for the
   * workspace's first event) that is missing, altered or out of place, or whose
   * signed anchor no longer matches; absent when the chain is valid.
   * @example 17
   */
  firstBrokenAt?: number;

  static of(verification: AuditChainVerification): AuditChainVerificationResponse {
    return verification.firstBrokenAt === undefined
      ? { valid: verification.valid, checked: verification.checked }
      : { valid: verification.valid, checked: verification.checked, firstBrokenAt: verification.firstBrokenAt };
  }
}

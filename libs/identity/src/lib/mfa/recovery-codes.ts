import { Secret } from 'otpauth';
import { sha256Hex } from '@keel/platform-crypto';

/** How many recovery codes an enrolment gives, each usable once. */
export const RECOVERY_CODE_COUNT = 10;

/** A new code: 80 random bits as 16 base32 characters in groups of four, e.g. `k7qp-3mzx-a2bd-9wty` (no 0/1/8/9 to misread). */
export function newRecoveryCode(): string {
  const text = new Secret({ size: 10 }).base32.toLowerCase();
  return [0, 4, 8, 12].map((start) => text.slice(start, start + 4)).join('-');
}

/** What is stored and compared: case, spaces and dashes do not matter when a person types one back. */
export function recoveryCodeHash(code: string): string {
  return sha256Hex(`recovery:${code.replace(/[\s-]/g, '').toLowerCase()}`);
}

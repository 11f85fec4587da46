import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Crypto-random bytes as base64url (no padding); 32 bytes (256 bits) unless told. */
export function randomToken(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < 16) {
    // Fewer than 128 bits could be guessed; no caller has a reason to want that.
    throw new RangeError('randomToken needs a whole number of bytes, at least 16.');
  }
  return randomBytes(bytes).toString('base64url');
}

/** SHA-256 of the UTF-8 string, lower-case hex: how tokens are stored (a fast hash suits 256-bit random secrets). */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/**
 * Constant-time string equality. Both sides are hashed to 32 bytes first so
 * that timingSafeEqual never sees different lengths (it would throw, and an
 * early return would tell an attacker the length).
 */
export function safeEqual(a: string, b: string): boolean {
  const digestA = createHash('sha256').update(a, 'utf8').digest();
  const digestB = createHash('sha256').update(b, 'utf8').digest();
  return timingSafeEqual(digestA, digestB) && a === b;
}

import { randomInt } from 'node:crypto';

/** Digits, then upper, then lower case: the order GitHub's token format uses. */
export const BASE62_ALPHABET = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/** `length` characters, each drawn uniformly from the base62 alphabet with a CSPRNG (about 5.95 bits each). */
export function randomBase62(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) {
    // randomInt rejects out-of-range draws itself, so there is no modulo bias.
    out += BASE62_ALPHABET[randomInt(BASE62_ALPHABET.length)];
  }
  return out;
}

/** A non-negative integer in base62, left-padded with '0' to `width` characters. */
export function encodeBase62(value: number, width: number): string {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError('encodeBase62 takes a non-negative safe integer.');
  }
  let out = '';
  let rest = value;
  do {
    out = BASE62_ALPHABET[rest % 62] + out;
    rest = Math.floor(rest / 62);
  } while (rest > 0);
  return out.padStart(width, BASE62_ALPHABET[0]);
}

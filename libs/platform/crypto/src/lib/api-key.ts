import { crc32 } from 'node:zlib';
import { encodeBase62, randomBase62 } from './base62';

/** Every key starts with this, so a secret scanner has a fixed anchor. */
export const API_KEY_PREFIX = 'keel';

/** Random part: 30 base62 characters, about 178 bits (at least 160 is the requirement). */
export const API_KEY_RANDOM_LENGTH = 30;

/** CRC32 fits in 6 base62 digits (62^6 > 2^32). */
export const API_KEY_CHECKSUM_LENGTH = 6;

const ENVIRONMENT = /^[a-z0-9]{1,16}$/;

const API_KEY_SHAPE = new RegExp(
  `^${API_KEY_PREFIX}_([a-z0-9]{1,16})_([0-9A-Za-z]{${API_KEY_RANDOM_LENGTH}})([0-9A-Za-z]{${API_KEY_CHECKSUM_LENGTH}})$`,
);

/** What a well-formed key says about itself. */
export interface ParsedApiKey {
  /** e.g. `live`, `test`. */
  readonly environment: string;
  /** The random part, without prefix, environment or checksum. */
  readonly secret: string;
}

/**
 * A new API key `keel_<environment>_<30 random base62><6 checksum base62>`.
 * The checksum (CRC32 of everything before it) lets a scanner tell a real key
 * from a look-alike offline; it adds no secrecy. Store only its SHA-256.
 */
export function generateApiKey(environment: string): string {
  if (!ENVIRONMENT.test(environment)) {
    throw new RangeError('An API key environment is 1 to 16 lower-case letters or digits, e.g. "live" or "test".');
  }
  const body = `${API_KEY_PREFIX}_${environment}_${randomBase62(API_KEY_RANDOM_LENGTH)}`;
  return body + checksum(body);
}

/**
 * The parts of `candidate` when it has the shape of a Keel key and a matching
 * checksum, otherwise undefined. Cheap, so a request bearing a mistyped or
 * foreign token is turned away before any database lookup.
 */
export function parseApiKey(candidate: string): ParsedApiKey | undefined {
  const match = typeof candidate === 'string' ? API_KEY_SHAPE.exec(candidate) : null;
  if (!match) {
    return undefined;
  }
  const [, environment, secret, sum] = match;
  const body = candidate.slice(0, candidate.length - API_KEY_CHECKSUM_LENGTH);
  return checksum(body) === sum ? { environment, secret } : undefined;
}

function checksum(body: string): string {
  return encodeBase62(crc32(body), API_KEY_CHECKSUM_LENGTH);
}

import { DomainError } from '@keel/platform-errors';

export const IDEMPOTENCY_KEY_HEADER = 'idempotency-key';

/** Set on a response replayed from an earlier request with the same key. */
export const IDEMPOTENT_REPLAYED_HEADER = 'idempotent-replayed';

/** How long a key remembers its request and response. */
export const IDEMPOTENCY_KEY_LIFETIME_SECONDS = 24 * 60 * 60;

// Printable ASCII without spaces, as keys are usually UUIDs or other tokens; long enough for any of them.
const KEY_SHAPE = /^[\x21-\x7e]{1,255}$/;

/** The header's value, or a 422 naming the header when it is repeated, empty, too long or not printable ASCII. */
export function parseIdempotencyKey(header: string | string[]): string {
  const value = Array.isArray(header) ? (header.length === 1 ? header[0] : undefined) : header;
  if (value === undefined || !KEY_SHAPE.test(value)) {
    throw new DomainError('VALIDATION_FAILED', 'The Idempotency-Key header is not a valid key.', {
      errors: [
        {
          field: 'Idempotency-Key',
          message: 'one header of 1 to 255 printable ASCII characters without spaces (a UUID is a good key)',
          rule: 'idempotencyKey',
        },
      ],
    });
  }
  return value;
}

/**
 * What makes two requests "the same" for a key: method, path with query, and
 * the parsed body (so whitespace does not matter, but every value does), as
 * one canonical text. The store keeps only its SHA-256, sealed: a body can
 * hold a password (password change, ownership transfer).
 */
export function requestFingerprintText(method: string, url: string, body: unknown): string {
  return `${method}\n${url}\n${JSON.stringify(body ?? null)}`;
}

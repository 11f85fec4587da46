import { randomBytes } from 'node:crypto';

/** The prefix Standard Webhooks gives symmetric (HMAC) secrets so they are recognisable wherever they are pasted. */
export const WEBHOOK_SECRET_PREFIX = 'whsec_';

/** The spec asks for at least 24 random bytes (192 bits) and at most 64 (512 bits). */
export const WEBHOOK_SECRET_MIN_BYTES = 24;
export const WEBHOOK_SECRET_MAX_BYTES = 64;

/**
 * A fresh endpoint signing secret: `whsec_` + standard base64 of crypto-random
 * bytes (32 unless told). Standard base64, not base64url, because that is what
 * the Standard Webhooks libraries decode on the receiving side.
 */
export function generateWebhookSecret(bytes = 32): string {
  if (!Number.isInteger(bytes) || bytes < WEBHOOK_SECRET_MIN_BYTES || bytes > WEBHOOK_SECRET_MAX_BYTES) {
    throw new RangeError(
      `A webhook secret must be a whole number of bytes from ${WEBHOOK_SECRET_MIN_BYTES} to ${WEBHOOK_SECRET_MAX_BYTES}.`,
    );
  }
  return `${WEBHOOK_SECRET_PREFIX}${randomBytes(bytes).toString('base64')}`;
}

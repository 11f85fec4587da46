import { createHmac } from 'node:crypto';

/** 64 bits: enough to tell a handful of master keys apart, far too few to say anything about a key. */
export const MASTER_KEY_ID_BYTES = 8;
/** Fixed, so every process derives the same id from the same key; versioned, so a later scheme cannot collide. */
const MASTER_KEY_ID_LABEL = 'keel master key id v1';

/**
 * The id a sealed value names its master key by: the first 8 bytes of
 * HMAC-SHA256(key, label), in base64url (11 characters). A one-way function
 * of the key, never the key: it can be logged and stored in clear.
 */
export function masterKeyId(key: Buffer): string {
  return createHmac('sha256', key)
    .update(MASTER_KEY_ID_LABEL, 'utf8')
    .digest()
    .subarray(0, MASTER_KEY_ID_BYTES)
    .toString('base64url');
}

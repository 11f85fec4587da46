import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretBoxError } from './secret-box-error';

/** AES-256: every key, master or data, is this long. */
export const AES_KEY_BYTES = 32;
/** 96 bits: the nonce size GCM is specified for; random per message, fine for far fewer than 2^32 messages per key. */
export const GCM_NONCE_BYTES = 12;
/** The full 128-bit tag; a shorter one is refused when opening. */
export const GCM_TAG_BYTES = 16;

/** What one AES-256-GCM encryption produces. */
export interface GcmSealed {
  readonly nonce: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

/** AES-256-GCM under `key` with a fresh random nonce; `associatedData` is authenticated, not encrypted. */
export function gcmEncrypt(key: Buffer, plaintext: Buffer, associatedData?: Buffer): GcmSealed {
  const nonce = randomBytes(GCM_NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: GCM_TAG_BYTES });
  if (associatedData !== undefined) {
    cipher.setAAD(associatedData);
  }
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return { nonce, ciphertext, tag: cipher.getAuthTag() };
}

/**
 * The plaintext, or SecretBoxError AUTHENTICATION_FAILED. The caller has
 * checked the nonce and tag lengths: GCM would otherwise accept a truncated,
 * far weaker tag.
 */
export function gcmDecrypt(key: Buffer, sealed: GcmSealed, associatedData?: Buffer): Buffer {
  const decipher = createDecipheriv('aes-256-gcm', key, sealed.nonce, { authTagLength: GCM_TAG_BYTES });
  decipher.setAuthTag(sealed.tag);
  if (associatedData !== undefined) {
    decipher.setAAD(associatedData);
  }
  try {
    return Buffer.concat([decipher.update(sealed.ciphertext), decipher.final()]);
  } catch (error) {
    // GCM cannot tell a wrong key from tampering, and neither should we.
    throw new SecretBoxError(
      'AUTHENTICATION_FAILED',
      'The sealed value could not be authenticated (altered, wrong key or wrong associated data).',
      { cause: error },
    );
  }
}

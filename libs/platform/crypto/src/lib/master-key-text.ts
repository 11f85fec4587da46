import { randomBytes } from 'node:crypto';
import { AES_KEY_BYTES } from './aes-gcm';
import { SecretBoxError } from './secret-box-error';

const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

/** A master key from configuration: 32 bytes in base64 or base64url (44 or 43 characters), surrounding whitespace ignored. */
export function decodeMasterKey(text: string): Buffer {
  const trimmed = typeof text === 'string' ? text.trim() : '';
  // Buffer.from ignores characters outside the alphabet; check first so a typo is not silently a different key.
  if (!BASE64.test(trimmed)) {
    throw new SecretBoxError('INVALID_KEY', 'A SecretBox key must be base64 or base64url text.');
  }
  const bytes = Buffer.from(trimmed, 'base64');
  if (bytes.length !== AES_KEY_BYTES) {
    throw new SecretBoxError(
      'INVALID_KEY',
      `A SecretBox key must decode to exactly ${AES_KEY_BYTES} bytes (got ${bytes.length}); generate one with SecretBox.generateKey().`,
    );
  }
  return bytes;
}

/** A fresh random master key in base64url, for configuration or first start. */
export function generateMasterKey(): string {
  return randomBytes(AES_KEY_BYTES).toString('base64url');
}

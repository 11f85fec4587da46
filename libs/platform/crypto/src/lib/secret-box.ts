import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { SecretBoxError } from './secret-box-error';

const KEY_BYTES = 32;
/** 96 bits: the nonce size GCM is specified for; random per message, fine for far fewer than 2^32 messages per key. */
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
const VERSION = 'v1';
const BASE64URL = /^[A-Za-z0-9_-]*$/;
const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;

/**
 * Authenticated encryption for secrets at rest (AES-256-GCM). A sealed value is
 * `v1.<nonce>.<ciphertext>.<tag>` in base64url: the version names the scheme so
 * a later one can be introduced while old values still open. Associated data,
 * when given, is authenticated but not stored: pass the same value (e.g. the
 * row's id) to open, so a sealed value cannot be moved to another row.
 */
export class SecretBox {
  private readonly key: Buffer;

  constructor(key: Buffer) {
    if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES) {
      throw new SecretBoxError(
        'INVALID_KEY',
        `A SecretBox key must be exactly ${KEY_BYTES} bytes (got ${Buffer.isBuffer(key) ? key.length : 'no buffer'}).`,
      );
    }
    // A copy, so a caller that later wipes or reuses its buffer cannot change ours.
    this.key = Buffer.from(key);
  }

  /** A key from configuration: 32 bytes in base64 or base64url (44 or 43 characters). */
  static fromBase64(key: string): SecretBox {
    const trimmed = typeof key === 'string' ? key.trim() : '';
    // Buffer.from ignores characters outside the alphabet; check first so a typo is not silently a different key.
    if (!BASE64.test(trimmed)) {
      throw new SecretBoxError('INVALID_KEY', 'A SecretBox key must be base64 or base64url text.');
    }
    const bytes = Buffer.from(trimmed, 'base64');
    if (bytes.length !== KEY_BYTES) {
      throw new SecretBoxError(
        'INVALID_KEY',
        `A SecretBox key must decode to exactly ${KEY_BYTES} bytes (got ${bytes.length}); generate one with SecretBox.generateKey().`,
      );
    }
    return new SecretBox(bytes);
  }

  /** A fresh random key in base64url, for configuration or first start. */
  static generateKey(): string {
    return randomBytes(KEY_BYTES).toString('base64url');
  }

  seal(plaintext: string | Buffer, associatedData?: string | Buffer): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    if (associatedData !== undefined) {
      cipher.setAAD(toBuffer(associatedData));
    }
    const ciphertext = Buffer.concat([cipher.update(toBuffer(plaintext)), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, nonce, ciphertext, tag]
      .map((part) => (typeof part === 'string' ? part : part.toString('base64url')))
      .join('.');
  }

  /** The plaintext bytes; throws SecretBoxError when the value was altered, sealed with another key or other associated data. */
  open(sealed: string, associatedData?: string | Buffer): Buffer {
    const parts = typeof sealed === 'string' ? sealed.split('.') : [];
    if (parts.length === 0 || parts[0] === '') {
      throw new SecretBoxError('MALFORMED', 'The sealed value is empty or not a string.');
    }
    if (parts[0] !== VERSION) {
      throw new SecretBoxError('UNKNOWN_VERSION', `The sealed value has an unknown version "${parts[0].slice(0, 8)}".`);
    }
    if (parts.length !== 4 || !parts.every((part) => BASE64URL.test(part))) {
      throw new SecretBoxError('MALFORMED', 'The sealed value is not v1.<nonce>.<ciphertext>.<tag> in base64url.');
    }
    const [, nonceText, ciphertextText, tagText] = parts;
    const nonce = Buffer.from(nonceText, 'base64url');
    const ciphertext = Buffer.from(ciphertextText, 'base64url');
    const tag = Buffer.from(tagText, 'base64url');
    // Length checks matter for the tag: GCM would otherwise accept a truncated, far weaker tag.
    if (nonce.length !== NONCE_BYTES || tag.length !== TAG_BYTES) {
      throw new SecretBoxError('MALFORMED', 'The sealed value has a nonce or tag of the wrong length.');
    }
    // The decoder ignores the spare low bits of a last character; insist on the one canonical
    // spelling so that no altered string still opens.
    if (
      nonce.toString('base64url') !== nonceText ||
      ciphertext.toString('base64url') !== ciphertextText ||
      tag.toString('base64url') !== tagText
    ) {
      throw new SecretBoxError('MALFORMED', 'The sealed value is not canonical base64url.');
    }
    const decipher = createDecipheriv('aes-256-gcm', this.key, nonce, { authTagLength: TAG_BYTES });
    decipher.setAuthTag(tag);
    if (associatedData !== undefined) {
      decipher.setAAD(toBuffer(associatedData));
    }
    try {
      return Buffer.concat([decipher.update(ciphertext), decipher.final()]);
    } catch (error) {
      // GCM cannot tell a wrong key from tampering, and neither should we.
      throw new SecretBoxError(
        'AUTHENTICATION_FAILED',
        'The sealed value could not be authenticated (altered, wrong key or wrong associated data).',
        {
          cause: error,
        },
      );
    }
  }

  /** open, decoded as UTF-8: for values that were sealed as strings. */
  openText(sealed: string, associatedData?: string | Buffer): string {
    return this.open(sealed, associatedData).toString('utf8');
  }
}

function toBuffer(value: string | Buffer): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

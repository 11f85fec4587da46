import { hkdfSync, randomBytes } from 'node:crypto';
import { AES_KEY_BYTES, gcmDecrypt, gcmEncrypt } from './aes-gcm';
import { decodeMasterKey, generateMasterKey } from './master-key-text';
import { MasterKeyring } from './master-keyring';
import {
  EnvelopeSealedValue,
  envelopeHeader,
  envelopePrefix,
  formatEnvelope,
  LegacySealedValue,
  parseSealedValue,
} from './sealed-value';
import { SecretBoxError } from './secret-box-error';

/**
 * Authenticated envelope encryption for secrets at rest (AES-256-GCM). Each
 * value gets a fresh 256-bit data key that encrypts it; the data key is
 * encrypted ("wrapped") under the current master key. A sealed value is
 * `v2.<kid>.<wrapped data key>.<nonce>.<ciphertext>.<tag>` in base64url, where
 * `kid` names the master key (see masterKeyId), so after a rotation each value
 * opens with the key it names and `crypto:rotate` can find those still under an
 * old one. Values of the earlier `v1.<nonce>.<ciphertext>.<tag>` scheme (no
 * kid) still open: each master key held is tried, current first.
 *
 * Associated data, when given, is authenticated but not stored: pass the same
 * value (e.g. the row's id) to open, so a sealed value cannot be moved to
 * another row.
 */
export class SecretBox {
  private readonly keyring: MasterKeyring;

  /** `key` seals and opens; `previousKeys` (earlier master keys) only open. */
  constructor(key: Buffer, previousKeys: readonly Buffer[] = []) {
    this.keyring = new MasterKeyring(key, previousKeys);
  }

  /** Keys from configuration: each 32 bytes in base64 or base64url (44 or 43 characters). */
  static fromBase64(key: string, previousKeys: readonly string[] = []): SecretBox {
    return new SecretBox(decodeMasterKey(key), previousKeys.map(decodeMasterKey));
  }

  /** A fresh random key in base64url, for configuration or first start. */
  static generateKey(): string {
    return generateMasterKey();
  }

  /** The id of the current master key, which every value sealed now names. Not secret. */
  get keyId(): string {
    return this.keyring.current.id;
  }

  /** How every value sealed now begins (`v2.<kid>.`): a stored value that does not begin so needs rotation. */
  get sealedPrefix(): string {
    return envelopePrefix(this.keyId);
  }

  /**
   * A `length`-byte key derived from each master key held (HKDF-SHA256 with
   * `purpose` as its info), the current master key's first: for a secret that
   * must be the same in every process and survive restarts without being
   * stored anywhere (a signing key's seed), and that changes with the master
   * key. Different purposes give unrelated keys.
   */
  deriveKeys(purpose: string, length = 32): { masterKeyId: string; key: Buffer }[] {
    return this.keyring.keys.map(({ id, key }) => ({
      masterKeyId: id,
      key: Buffer.from(hkdfSync('sha256', key, Buffer.alloc(0), `keel:${purpose}`, length)),
    }));
  }

  seal(plaintext: string | Buffer, associatedData?: string | Buffer): string {
    const { id, key } = this.keyring.current;
    const dataKey = randomBytes(AES_KEY_BYTES);
    try {
      const data = gcmEncrypt(dataKey, toBuffer(plaintext), optionalBuffer(associatedData));
      const wrappedKey = gcmEncrypt(key, dataKey, Buffer.from(envelopeHeader(id), 'utf8'));
      return formatEnvelope(id, wrappedKey, data);
    } finally {
      dataKey.fill(0);
    }
  }

  /**
   * The plaintext bytes; throws SecretBoxError when the value is malformed, names
   * a master key this process does not hold (UNKNOWN_KEY), or was altered,
   * sealed with another key or other associated data (AUTHENTICATION_FAILED).
   */
  open(sealed: string, associatedData?: string | Buffer): Buffer {
    const value = parseSealedValue(sealed);
    const aad = optionalBuffer(associatedData);
    return value.version === 'v1' ? this.openLegacy(value, aad) : this.openEnvelope(value, aad);
  }

  /** open, decoded as UTF-8: for values that were sealed as strings. */
  openText(sealed: string, associatedData?: string | Buffer): string {
    return this.open(sealed, associatedData).toString('utf8');
  }

  /**
   * Whether a stored value should be re-sealed: a v1 value, or one naming
   * another master key than the current one. Says nothing about whether it opens.
   */
  needsRotation(sealed: string): boolean {
    return typeof sealed !== 'string' || !sealed.startsWith(this.sealedPrefix);
  }

  private openEnvelope(value: EnvelopeSealedValue, associatedData: Buffer | undefined): Buffer {
    const master = this.keyring.find(value.keyId);
    if (!master) {
      throw new SecretBoxError(
        'UNKNOWN_KEY',
        `The sealed value names master key ${value.keyId}, which this process does not hold (current key: ${this.keyId}); ` +
          'was it rotated away before crypto:rotate finished, or is it missing from KEEL_MASTER_KEYS_PREVIOUS?',
      );
    }
    const dataKey = gcmDecrypt(master.key, value.wrappedKey, Buffer.from(envelopeHeader(value.keyId), 'utf8'));
    try {
      return gcmDecrypt(dataKey, value.data, associatedData);
    } finally {
      dataKey.fill(0);
    }
  }

  private openLegacy(value: LegacySealedValue, associatedData: Buffer | undefined): Buffer {
    let failure: unknown;
    for (const { key } of this.keyring.keys) {
      try {
        return gcmDecrypt(key, value.data, associatedData);
      } catch (error) {
        failure = error;
      }
    }
    // Every key held was tried; report as one failure, not which key came closest.
    throw failure instanceof SecretBoxError
      ? failure
      : new SecretBoxError('AUTHENTICATION_FAILED', 'The sealed value could not be authenticated.', { cause: failure });
  }
}

function toBuffer(value: string | Buffer): Buffer {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

function optionalBuffer(value: string | Buffer | undefined): Buffer | undefined {
  return value === undefined ? undefined : toBuffer(value);
}

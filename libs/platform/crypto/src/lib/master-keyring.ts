import { AES_KEY_BYTES } from './aes-gcm';
import { masterKeyId } from './master-key-id';
import { SecretBoxError } from './secret-box-error';

/** One master key and the id sealed values name it by. */
export interface MasterKey {
  readonly id: string;
  readonly key: Buffer;
}

/**
 * The master keys a process holds: the current one, which seals, and earlier
 * ones, kept only so values sealed before a rotation still open until
 * `crypto:rotate` has re-sealed them. A previous key equal to the current one
 * (or to another previous one) is dropped.
 */
export class MasterKeyring {
  readonly current: MasterKey;
  /** The current key first, then the previous ones in the order given. */
  readonly keys: readonly MasterKey[];
  private readonly byId: ReadonlyMap<string, MasterKey>;

  constructor(current: Buffer, previous: readonly Buffer[] = []) {
    this.current = masterKeyOf(current);
    const keys: MasterKey[] = [this.current];
    const byId = new Map<string, MasterKey>([[this.current.id, this.current]]);
    for (const entry of previous.map(masterKeyOf)) {
      const known = byId.get(entry.id);
      if (known?.key.equals(entry.key)) continue;
      if (known) {
        // 2^-64 by chance; refusing beats opening a value with the wrong key and calling it tampered.
        throw new SecretBoxError('INVALID_KEY', `Two different master keys have the same id ${entry.id}.`);
      }
      byId.set(entry.id, entry);
      keys.push(entry);
    }
    this.keys = keys;
    this.byId = byId;
  }

  /** The key a sealed value names, if this process holds it. */
  find(id: string): MasterKey | undefined {
    return this.byId.get(id);
  }
}

function masterKeyOf(key: Buffer): MasterKey {
  if (!Buffer.isBuffer(key) || key.length !== AES_KEY_BYTES) {
    throw new SecretBoxError(
      'INVALID_KEY',
      `A SecretBox key must be exactly ${AES_KEY_BYTES} bytes (got ${Buffer.isBuffer(key) ? key.length : 'no buffer'}).`,
    );
  }
  // A copy, so a caller that later wipes or reuses its buffer cannot change ours.
  const own = Buffer.from(key);
  return { id: masterKeyId(own), key: own };
}

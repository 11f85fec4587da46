import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { decodeMasterKey, generateMasterKey } from './master-key-text';
import { MasterKeyError, MasterKeySetting } from './master-key-error';
import { SecretBox } from './secret-box';

export interface MasterKeySource {
  /** KEEL_MASTER_KEY: 32 bytes in base64 or base64url. */
  key?: string;
  /** KEEL_MASTER_KEYS_PREVIOUS: earlier master keys, still accepted to open values sealed under them. */
  previous?: readonly string[];
  /** Where a development key is kept (and created) when no key is configured. */
  file: string;
  /** Told when the key came from (or was written to) the file rather than configuration. */
  onDevelopmentKey?: (file: string, created: boolean) => void;
}

/**
 * The SecretBox under the master keys that seal secrets at rest. A configured
 * key wins; otherwise a key file is read, or created once (exclusively, so two
 * processes starting together agree on one key) with owner-only permissions.
 * Previous keys only open. Throws MasterKeyError, naming the setting, for a
 * key that is not 32 bytes of base64.
 */
export function loadMasterKey(source: MasterKeySource): SecretBox {
  const current = source.key ? decoded('KEEL_MASTER_KEY', source.key) : developmentKey(source);
  return new SecretBox(current, previousKeys(source.previous ?? []));
}

/**
 * Decodes the configured keys (not the development key file) and throws
 * MasterKeyError for the first malformed one: lets a process refuse bad keys
 * before it starts anything.
 */
export function checkMasterKeys(source: Pick<MasterKeySource, 'key' | 'previous'>): void {
  if (source.key) decoded('KEEL_MASTER_KEY', source.key);
  previousKeys(source.previous ?? []);
}

function previousKeys(previous: readonly string[]): Buffer[] {
  return previous.map((text, index) =>
    decoded('KEEL_MASTER_KEYS_PREVIOUS', text, previous.length > 1 ? `key ${index + 1} of ${previous.length}: ` : ''),
  );
}

function developmentKey(source: MasterKeySource): Buffer {
  let created = false;
  try {
    mkdirSync(dirname(source.file), { recursive: true, mode: 0o700 });
    writeFileSync(source.file, generateMasterKey() + '\n', { flag: 'wx', mode: 0o600 });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  source.onDevelopmentKey?.(source.file, created);
  return decoded('KEEL_MASTER_KEY_FILE', readFileSync(source.file, 'utf8'), `the key in ${source.file}: `);
}

function decoded(setting: MasterKeySetting, text: string, where = ''): Buffer {
  try {
    return decodeMasterKey(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new MasterKeyError(setting, `${where}${reason}`, { cause: error });
  }
}

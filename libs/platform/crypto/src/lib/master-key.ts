import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { SecretBox } from './secret-box';

export interface MasterKeySource {
  /** KEEL_MASTER_KEY: 32 bytes in base64 or base64url. */
  key?: string;
  /** Where a development key is kept (and created) when no key is configured. */
  file: string;
  /** Told when the key came from (or was written to) the file rather than configuration. */
  onDevelopmentKey?: (file: string, created: boolean) => void;
}

/**
 * The SecretBox under the master key that seals secrets at rest. A configured
 * key wins; otherwise a key file is read, or created once (exclusively, so two
 * processes starting together agree on one key) with owner-only permissions.
 */
export function loadMasterKey(source: MasterKeySource): SecretBox {
  if (source.key) return SecretBox.fromBase64(source.key);
  let created = false;
  try {
    mkdirSync(dirname(source.file), { recursive: true, mode: 0o700 });
    writeFileSync(source.file, SecretBox.generateKey() + '\n', { flag: 'wx', mode: 0o600 });
    created = true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  source.onDevelopmentKey?.(source.file, created);
  return SecretBox.fromBase64(readFileSync(source.file, 'utf8'));
}

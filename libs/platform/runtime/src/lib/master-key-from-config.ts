import { dirname, join } from 'node:path';
import type { Logger } from 'pino';
import type { KeelConfig } from '@keel/platform-config';
import { loadMasterKey, SecretBox } from '@keel/platform-crypto';

/**
 * The SecretBox under KEEL_MASTER_KEY (or the development key file, with a
 * warning) and KEEL_MASTER_KEYS_PREVIOUS. Throws MasterKeyError for a key
 * that is not 32 bytes of base64; runKeel reports it as a configuration error.
 */
export function masterKeyFromConfig(config: KeelConfig, logger: Logger): SecretBox {
  return loadMasterKey({
    key: config.KEEL_MASTER_KEY,
    previous: config.KEEL_MASTER_KEYS_PREVIOUS,
    file: config.KEEL_MASTER_KEY_FILE ?? join(dirname(config.EMBEDDED_PG_DIR), 'master.key'),
    onDevelopmentKey: (file, created) =>
      logger.warn({
        file,
        msg: `KEEL_MASTER_KEY is unset: secrets at rest are sealed with a development key ${created ? 'generated into' : 'read from'} ${file}; set KEEL_MASTER_KEY in production`,
      }),
  });
}

/** The settings a master key is read from. */
export type MasterKeySetting = 'KEEL_MASTER_KEY' | 'KEEL_MASTER_KEYS_PREVIOUS' | 'KEEL_MASTER_KEY_FILE';

/**
 * A master key that cannot be used, named by the setting it came from so the
 * process can stop with a configuration error. The message never holds a key.
 */
export class MasterKeyError extends Error {
  constructor(
    readonly setting: MasterKeySetting,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'MasterKeyError';
  }
}

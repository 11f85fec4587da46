/**
 * Why a SecretBox refused: a caller may log the reason, but must treat every one
 * as "no plaintext". UNKNOWN_KEY: the value names a master key this process does
 * not hold.
 */
export type SecretBoxErrorReason =
  'INVALID_KEY' | 'MALFORMED' | 'UNKNOWN_VERSION' | 'UNKNOWN_KEY' | 'AUTHENTICATION_FAILED';

/** Thrown by SecretBox for a bad key, or a sealed value that cannot be opened. */
export class SecretBoxError extends Error {
  constructor(
    readonly reason: SecretBoxErrorReason,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = 'SecretBoxError';
  }
}

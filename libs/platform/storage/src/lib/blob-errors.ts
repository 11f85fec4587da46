/** A key the store did not make, or one that would leave its root (`../`, absolute, NUL, a symlink out). */
export class BlobKeyError extends Error {
  constructor(key: string, reason: string) {
    super(`Refused blob key ${JSON.stringify(key.slice(0, 200))}: ${reason}.`);
    this.name = 'BlobKeyError';
  }
}

export class BlobNotFoundError extends Error {
  constructor(readonly key: string) {
    super(`No blob is stored under ${key}.`);
    this.name = 'BlobNotFoundError';
  }
}

/** The source carried more than `maxBytes`; nothing was kept. */
export class BlobTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The blob is larger than ${maxBytes} bytes.`);
    this.name = 'BlobTooLargeError';
  }
}

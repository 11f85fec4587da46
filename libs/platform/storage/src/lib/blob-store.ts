import type { Readable } from 'node:stream';

/** What a stored blob is: its size and the SHA-256 of its bytes, both computed while it was written. */
export interface StoredBlob {
  key: string;
  sizeBytes: number;
  /** Lower-case hex. */
  sha256: string;
}

export interface PutBlobOptions {
  /** More bytes than this and the write fails with BlobTooLargeError, leaving nothing under the key. */
  maxBytes?: number;
  /** Recorded by stores that keep it (s3); the local store ignores it. */
  contentType?: string;
}

/**
 * The blob store port: bytes kept under keys the store itself generates
 * (never a client's file name). `local` (a sandboxed folder) and `s3` (any
 * S3-compatible store) implement it; StorageModule picks one from
 * STORAGE_DRIVER.
 */
export abstract class BlobStore {
  /** Which adapter this is, for health details and logs. */
  abstract readonly driver: 'local' | 's3';

  /**
   * A new key under `namespace` (lower-case letters, digits, `-`, `/`
   * separated segments, e.g. `documents/<workspace id>`): the only way keys
   * are made.
   */
  abstract newKey(namespace: string): string;

  /**
   * Streams `source` under `key` (never whole in memory), computing its size
   * and SHA-256 on the way. Either the whole blob is stored or nothing is: a
   * failed, aborted or too large write leaves no object under the key.
   */
  abstract put(
    key: string,
    source: AsyncIterable<Uint8Array> | Readable,
    options?: PutBlobOptions,
  ): Promise<StoredBlob>;

  /** The blob's bytes as a stream; BlobNotFoundError when there is none. */
  abstract get(key: string): Promise<Readable>;

  /** The blob's size in bytes, or null when there is none. */
  abstract size(key: string): Promise<number | null>;

  /** Removes the blob; true if there was one. Deleting a missing key is not an error. */
  abstract delete(key: string): Promise<boolean>;
}

import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { BlobNotFoundError, BlobTooLargeError } from './blob-errors';
import { checkBlobKey, generateBlobKey } from './blob-key';
import { BlobStore, PutBlobOptions, StoredBlob } from './blob-store';

export interface S3BlobStoreOptions {
  bucket: string;
  region: string;
  /** Any S3-compatible endpoint (MinIO, Ceph, R2, …); unset: AWS S3. */
  endpoint?: string;
  accessKeyId?: string;
  secretAccessKey?: string;
  /** `https://endpoint/bucket/key` rather than `https://bucket.endpoint/key`: what most S3-compatible stores want. */
  forcePathStyle: boolean;
}

/** Parts of a multipart upload: S3's minimum, so at most one part (5 MiB) waits in memory. */
const PART_SIZE = 5 * 1024 * 1024;

function isMissing(error: unknown): boolean {
  if (!(error instanceof S3ServiceException)) return false;
  return error.name === 'NoSuchKey' || error.name === 'NotFound' || error.$metadata?.httpStatusCode === 404;
}

/**
 * Blobs in one bucket of an S3-compatible store, through the official SDK.
 * Keys are generated and checked like the local store's. A blob is streamed
 * up (a multipart upload once it passes one part, `@aws-sdk/lib-storage`),
 * its size and SHA-256 computed on the way; S3 makes an object visible only
 * when its upload completes, and a failed or too large upload is aborted, so
 * nothing half-written ever sits under a key.
 */
export class S3BlobStore extends BlobStore {
  readonly driver = 's3' as const;
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(options: S3BlobStoreOptions) {
    super();
    this.bucket = options.bucket;
    this.client = new S3Client({
      region: options.region,
      endpoint: options.endpoint,
      forcePathStyle: options.forcePathStyle,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey }
          : undefined,
    });
  }

  newKey(namespace: string): string {
    return generateBlobKey(namespace);
  }

  async put(
    key: string,
    source: AsyncIterable<Uint8Array> | Readable,
    options: PutBlobOptions = {},
  ): Promise<StoredBlob> {
    checkBlobKey(key);
    const hash = createHash('sha256');
    let sizeBytes = 0;
    const { maxBytes } = options;
    let sourceFailure: unknown;
    const measured = Readable.from(
      (async function* () {
        try {
          for await (const chunk of source) {
            sizeBytes += chunk.byteLength;
            if (maxBytes !== undefined && sizeBytes > maxBytes) throw new BlobTooLargeError(maxBytes);
            hash.update(chunk);
            yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
          }
        } catch (error) {
          sourceFailure = error;
          throw error;
        }
      })(),
    );
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.bucket, Key: key, Body: measured, ContentType: options.contentType },
      queueSize: 1,
      partSize: PART_SIZE,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      // The source's own failure (too large, the client gone) is the cause, even when aborting the upload failed too.
      throw sourceFailure ?? error;
    }
    return { key, sizeBytes, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    checkBlobKey(key);
    try {
      const object = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
      if (!(object.Body instanceof Readable)) throw new Error('The S3 client gave no stream for the object.');
      return object.Body;
    } catch (error) {
      if (isMissing(error)) throw new BlobNotFoundError(key);
      throw error;
    }
  }

  async size(key: string): Promise<number | null> {
    checkBlobKey(key);
    try {
      const head = await this.client.send(new HeadObjectCommand({ Bucket: this.bucket, Key: key }));
      return head.ContentLength ?? 0;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  async delete(key: string): Promise<boolean> {
    // S3 deletes idempotently and does not say whether there was an object: ask first.
    if ((await this.size(key)) === null) return false;
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
    return true;
  }

  /** Closes the client's sockets (on shutdown). */
  destroy(): void {
    this.client.destroy();
  }
}

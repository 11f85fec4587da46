import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { startS3CompatibleServer, S3CompatibleServer } from '@keel/platform-testing';
import { BlobKeyError, BlobNotFoundError, BlobTooLargeError } from './blob-errors';
import { S3BlobStore } from './s3-blob-store';

const BUCKET = 'keel-blobs';

describe('S3BlobStore, against a local S3-compatible server (s3rver)', () => {
  let server: S3CompatibleServer;
  let store: S3BlobStore;

  beforeAll(async () => {
    server = await startS3CompatibleServer(BUCKET);
    store = new S3BlobStore({
      bucket: BUCKET,
      region: 'us-east-1',
      endpoint: server.endpoint,
      accessKeyId: server.accessKeyId,
      secretAccessKey: 'S3RVER',
      forcePathStyle: true,
    });
  });

  afterAll(async () => {
    store?.destroy();
    await server?.close();
  });

  it('should store a stream under a generated key and give the same bytes back, with size and SHA-256', async () => {
    const key = store.newKey('documents/0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b11');
    const stored = await store.put(key, Readable.from([Buffer.from('hello '), Buffer.from('s3')]), {
      contentType: 'text/plain',
    });
    expect(stored).toEqual({ key, sizeBytes: 8, sha256: createHash('sha256').update('hello s3').digest('hex') });
    expect(await text(await store.get(key))).toBe('hello s3');
    expect(await store.size(key)).toBe(8);
  });

  it('should stream a blob larger than one part through a multipart upload', async () => {
    const key = store.newKey('documents');
    const chunk = Buffer.alloc(1024 * 1024, 'k');
    const stored = await store.put(key, Readable.from(Array.from({ length: 12 }, () => chunk)));
    expect(stored.sizeBytes).toBe(12 * 1024 * 1024);
    expect(await store.size(key)).toBe(12 * 1024 * 1024);
    const back = createHash('sha256');
    for await (const part of await store.get(key)) back.update(part as Buffer);
    expect(back.digest('hex')).toBe(stored.sha256);
  });

  it('should refuse a source over maxBytes and leave no object under the key', async () => {
    const key = store.newKey('documents');
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(1000, 'a'));
    await expect(store.put(key, Readable.from(chunks), { maxBytes: 5000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await store.size(key)).toBeNull();
  });

  it('should leave no object when the source fails midway', async () => {
    const key = store.newKey('documents');
    async function* failing() {
      yield Buffer.from('half');
      throw new Error('client went away');
    }
    await expect(store.put(key, failing())).rejects.toThrow('client went away');
    expect(await store.size(key)).toBeNull();
  });

  it('should abort a multipart upload whose source fails after its first part, leaving no object', async () => {
    const key = store.newKey('documents');
    async function* failingLate() {
      for (let i = 0; i < 7; i++) yield Buffer.alloc(1024 * 1024, 'p');
      throw new Error('client went away late');
    }
    await expect(store.put(key, failingLate())).rejects.toThrow('client went away late');
    expect(await store.size(key)).toBeNull();
  });

  it('should delete once, then find nothing', async () => {
    const key = store.newKey('documents');
    await store.put(key, Readable.from([Buffer.from('x')]));
    expect(await store.delete(key)).toBe(true);
    expect(await store.delete(key)).toBe(false);
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
  });

  it('should refuse keys it did not make: ../, absolute, NUL', async () => {
    for (const key of ['../other-bucket/x', '/etc/passwd', 'documents/a\0b', 'documents/Report.pdf']) {
      await expect(store.put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(BlobKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(BlobKeyError);
    }
  });
});

import { createHash } from 'node:crypto';
import {
  mkdtempSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
  existsSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { text } from 'node:stream/consumers';
import { BlobKeyError, BlobNotFoundError, BlobTooLargeError } from './blob-errors';
import { LocalBlobStore } from './local-blob-store';

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

/** Every file under `folder`, relative, recursively. */
function filesUnder(folder: string): string[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { recursive: true, withFileTypes: true })
    .filter((entry) => !entry.isDirectory())
    .map((entry) => join(entry.parentPath, entry.name).slice(folder.length + 1));
}

describe('LocalBlobStore', () => {
  let base: string;
  let root: string;
  let outside: string;
  let store: LocalBlobStore;

  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), 'keel-storage-'));
    root = join(base, 'storage');
    outside = join(base, 'outside');
    mkdirSync(outside);
    writeFileSync(join(outside, 'secret.txt'), 'not yours');
    store = new LocalBlobStore(root);
  });

  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it('should store a stream under a generated key and give the same bytes back, with their size and SHA-256', async () => {
    const key = store.newKey('documents/0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b11');
    expect(key).toMatch(/^documents\/0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2b11\/[0-9a-f-]{36}$/);
    const stored = await store.put(key, Readable.from([Buffer.from('hello '), Buffer.from('world')]));
    expect(stored).toEqual({ key, sizeBytes: 11, sha256: sha256('hello world') });
    expect(await text(await store.get(key))).toBe('hello world');
    expect(await store.size(key)).toBe(11);
    expect(readFileSync(join(root, key), 'utf8')).toBe('hello world');
  });

  it('should never make the same key twice', () => {
    const keys = new Set(Array.from({ length: 100 }, () => store.newKey('documents')));
    expect(keys.size).toBe(100);
  });

  it('should refuse a source over maxBytes and leave nothing behind, not even the temporary file', async () => {
    const key = store.newKey('documents');
    const chunks = Array.from({ length: 10 }, () => Buffer.alloc(1000, 'a'));
    await expect(store.put(key, Readable.from(chunks), { maxBytes: 5000 })).rejects.toBeInstanceOf(BlobTooLargeError);
    expect(await store.size(key)).toBeNull();
    expect(filesUnder(root)).toEqual([]);
  });

  it('should keep nothing under the key while the bytes are still coming, nor after the source fails', async () => {
    const key = store.newKey('documents');
    let fail!: (error: Error) => void;
    const failure = new Promise<never>((_resolve, reject) => (fail = reject));
    async function* source() {
      yield Buffer.from('half a file');
      await failure;
    }
    const writing = store.put(key, source());
    // The first chunk is on disk under a temporary name, never under the key.
    for (let i = 0; i < 1000 && filesUnder(root).length === 0; i++) await new Promise((r) => setTimeout(r, 5));
    expect(filesUnder(root)).toEqual([expect.stringMatching(/^documents\/\.tmp-/)]);
    expect(await store.size(key)).toBeNull();
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    fail(new Error('client went away'));
    await expect(writing).rejects.toThrow('client went away');
    expect(filesUnder(root)).toEqual([]);
  });

  it('should delete a blob once: the second delete finds nothing, and reading it is BlobNotFoundError', async () => {
    const key = store.newKey('documents');
    await store.put(key, Readable.from([Buffer.from('x')]));
    expect(await store.delete(key)).toBe(true);
    expect(await store.delete(key)).toBe(false);
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.size(key)).toBeNull();
  });

  describe('is a sandbox', () => {
    const escapes: [string, string][] = [
      ['a ../ walk', '../outside/secret.txt'],
      ['a ../ walk inside a key', 'documents/../../outside/secret.txt'],
      ['an absolute path', '/etc/passwd'],
      ['an absolute path to the outside folder', '__OUTSIDE__/secret.txt'],
      ['a NUL byte', 'documents/abc\0/../../outside'],
      ['a backslash', 'documents\\..\\..\\outside'],
      ['a client file name', 'documents/Q3 report.pdf'],
      ['a dot segment', 'documents/./abc'],
      ['a single segment', 'secret'],
      ['an empty segment', 'documents//abc'],
    ];

    it.each(escapes)('should refuse %s, for every operation, touching nothing', async (_name, rawKey) => {
      const key = rawKey.replace('__OUTSIDE__', outside);
      await expect(store.put(key, Readable.from([Buffer.from('overwritten')]))).rejects.toBeInstanceOf(BlobKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(BlobKeyError);
      await expect(store.size(key)).rejects.toBeInstanceOf(BlobKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(BlobKeyError);
      expect(readFileSync(join(outside, 'secret.txt'), 'utf8')).toBe('not yours');
      expect(filesUnder(root)).toEqual([]);
    });

    it('should refuse a namespace that would walk out when a key is generated', () => {
      expect(() => store.newKey('../outside')).toThrow(BlobKeyError);
      expect(() => store.newKey('/tmp')).toThrow(BlobKeyError);
    });

    it('should not write, read or delete through a symlinked folder that leads outside', async () => {
      mkdirSync(root, { recursive: true });
      symlinkSync(outside, join(root, 'documents'));
      const key = store.newKey('documents');
      await expect(store.put(key, Readable.from([Buffer.from('planted')]))).rejects.toBeInstanceOf(BlobKeyError);
      expect(readdirSync(outside)).toEqual(['secret.txt']);
      await expect(store.get('documents/secret')).rejects.toBeInstanceOf(BlobKeyError);
      await expect(store.delete('documents/secret')).rejects.toBeInstanceOf(BlobKeyError);
    });

    it('should not read a blob that is a symlink to a file outside', async () => {
      mkdirSync(join(root, 'documents'), { recursive: true });
      symlinkSync(join(outside, 'secret.txt'), join(root, 'documents', 'leak'));
      await expect(store.get('documents/leak')).rejects.toBeInstanceOf(BlobKeyError);
      expect(await store.size('documents/leak')).toBeNull();
    });

    it('should work when the root itself is reached through a symlink', async () => {
      mkdirSync(join(base, 'real-root'));
      symlinkSync(join(base, 'real-root'), root);
      const key = store.newKey('documents');
      await store.put(key, Readable.from([Buffer.from('fine')]));
      expect(await text(await store.get(key))).toBe('fine');
      expect(readFileSync(join(base, 'real-root', key), 'utf8')).toBe('fine');
    });
  });
});

import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { createHash, randomUUID } from 'node:crypto';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { BlobKeyError, BlobNotFoundError, BlobTooLargeError } from './blob-errors';
import { checkBlobKey, generateBlobKey } from './blob-key';
import { BlobStore, PutBlobOptions, StoredBlob } from './blob-store';

const TEMP_PREFIX = '.tmp-';

/**
 * Blobs as files under one root folder, a sandbox: keys are generated ids
 * (never a client's file name), every path is resolved and checked to stay
 * under the root — also after symlinks are followed, and files are opened
 * without following a final symlink — and a blob is written to a temporary
 * name, synced and renamed, so a crash leaves no half file under a real key
 * (only a `.tmp-*` file, which no key can name).
 */
export class LocalBlobStore extends BlobStore {
  readonly driver = 'local' as const;
  private readonly root: string;
  private realRoot?: Promise<string>;

  constructor(root: string) {
    super();
    this.root = resolve(root);
  }

  newKey(namespace: string): string {
    return generateBlobKey(namespace);
  }

  async put(
    key: string,
    source: AsyncIterable<Uint8Array> | Readable,
    options: PutBlobOptions = {},
  ): Promise<StoredBlob> {
    const path = this.pathOf(key);
    const folder = resolve(path, '..');
    await mkdir(folder, { recursive: true, mode: 0o700 });
    await this.checkInside(folder, key);
    const temp = join(folder, `${TEMP_PREFIX}${randomUUID()}`);
    // O_EXCL | O_NOFOLLOW: never write through a link planted under the temporary name.
    const file = await open(
      temp,
      constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW,
      0o600,
    );
    const hash = createHash('sha256');
    let sizeBytes = 0;
    let kept = false;
    try {
      for await (const chunk of source) {
        sizeBytes += chunk.byteLength;
        if (options.maxBytes !== undefined && sizeBytes > options.maxBytes)
          throw new BlobTooLargeError(options.maxBytes);
        hash.update(chunk);
        await file.write(chunk);
      }
      await file.sync();
      await file.close();
      await rename(temp, path);
      kept = true;
    } finally {
      if (!kept) {
        await file.close().catch(() => undefined);
        await unlink(temp).catch(() => undefined);
      }
    }
    return { key, sizeBytes, sha256: hash.digest('hex') };
  }

  async get(key: string): Promise<Readable> {
    const path = await this.existingPath(key);
    if (!path) throw new BlobNotFoundError(key);
    try {
      const file = await open(path, constants.O_RDONLY | constants.O_NOFOLLOW);
      return file.createReadStream();
    } catch (error) {
      if (isMissing(error)) throw new BlobNotFoundError(key);
      if ((error as { code?: string }).code === 'ELOOP') throw new BlobKeyError(key, 'it is a symbolic link');
      throw error;
    }
  }

  async size(key: string): Promise<number | null> {
    const path = await this.existingPath(key);
    if (!path) return null;
    const stats = await lstat(path).catch((error: unknown) => (isMissing(error) ? null : Promise.reject(error)));
    return stats?.isFile() ? stats.size : null;
  }

  async delete(key: string): Promise<boolean> {
    const path = await this.existingPath(key);
    if (!path) return false;
    try {
      await unlink(path);
      return true;
    } catch (error) {
      if (isMissing(error)) return false;
      throw error;
    }
  }

  /** The key's path, checked lexically: the key's own rules, then the resolved path against the root. */
  private pathOf(key: string): string {
    const segments = checkBlobKey(key);
    const path = resolve(this.root, ...segments);
    if (!isUnder(this.root, path)) throw new BlobKeyError(key, 'it resolves outside the storage folder');
    return path;
  }

  /** The key's path when its folder exists and, symlinks followed, is still under the root; null when it is missing. */
  private async existingPath(key: string): Promise<string | null> {
    const path = this.pathOf(key);
    const folder = resolve(path, '..');
    try {
      await stat(folder);
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
    await this.checkInside(folder, key);
    return path;
  }

  private async checkInside(folder: string, key: string): Promise<void> {
    this.realRoot ??= mkdir(this.root, { recursive: true, mode: 0o700 }).then(() => realpath(this.root));
    const root = await this.realRoot;
    const real = await realpath(folder);
    if (!isUnder(root, real)) throw new BlobKeyError(key, 'a symbolic link leads outside the storage folder');
  }
}

function isUnder(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel !== '' && !rel.startsWith(`..${sep}`) && rel !== '..' && !isAbsolute(rel);
}

function isMissing(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

import { randomUUID } from 'node:crypto';
import { BlobKeyError } from './blob-errors';

const SEGMENT = /^[a-z0-9][a-z0-9-]{0,63}$/;
const MAX_SEGMENTS = 8;

/** `namespace/<random UUID>`; the namespace is checked like any key. */
export function generateBlobKey(namespace: string): string {
  const key = `${namespace}/${randomUUID()}`;
  checkBlobKey(key);
  return key;
}

/**
 * A key is 2 to 8 `/`-separated segments of lower-case letters, digits and
 * `-` (not leading): no `.` or `..`, no leading `/`, no backslash, no NUL, no
 * empty segment. Every adapter checks keys with it before touching anything.
 */
export function checkBlobKey(key: string): string[] {
  if (typeof key !== 'string' || key.length === 0) throw new BlobKeyError(String(key), 'empty');
  if (key.includes('\0')) throw new BlobKeyError(key, 'it contains a NUL byte');
  if (key.startsWith('/') || key.includes('\\')) throw new BlobKeyError(key, 'it is an absolute path');
  const segments = key.split('/');
  if (segments.length < 2 || segments.length > MAX_SEGMENTS) {
    throw new BlobKeyError(key, `a key has 2 to ${MAX_SEGMENTS} segments`);
  }
  for (const segment of segments) {
    if (segment === '..' || segment === '.') throw new BlobKeyError(key, 'it walks out of its folder');
    if (!SEGMENT.test(segment)) throw new BlobKeyError(key, `the segment ${JSON.stringify(segment)} is not allowed`);
  }
  return segments;
}

import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface TempDir {
  path: string;
  remove(): Promise<void>;
}

/**
 * A throwaway folder for an embedded PostgreSQL. Run as root, PostgreSQL runs
 * as the OS user `postgres`, which must be able to traverse every parent
 * folder: mkdtemp's 0700 would lock it out.
 */
export async function makeTempDir(prefix: string): Promise<TempDir> {
  const path = await mkdtemp(join(tmpdir(), `${prefix}-`));
  await chmod(path, 0o755);
  return { path, remove: () => rm(path, { recursive: true, force: true }) };
}

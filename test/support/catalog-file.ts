import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { makeTempDir, TempDir } from './temp-dir';

/** A plan catalog written where BILLING_CATALOG can name it, in a folder of its own to remove after the suite. */
export async function writeCatalogFile(prefix: string, catalog: unknown): Promise<{ dir: TempDir; path: string }> {
  const dir = await makeTempDir(prefix);
  const path = join(dir.path, 'catalog.json');
  await writeFile(path, JSON.stringify(catalog));
  return { dir, path };
}

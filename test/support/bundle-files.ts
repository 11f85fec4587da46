import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { gunzipSync, gzipSync } from 'node:zlib';
import { extract, pack } from 'tar-stream';

/** A bundle's files by path, in archive order (manifest.json first). */
export type BundleFiles = Map<string, Buffer>;

export function sha256Of(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Every file of a gzipped tar, in order. */
export async function unpackBundle(archive: Buffer): Promise<BundleFiles> {
  const files: BundleFiles = new Map();
  const reader = extract();
  Readable.from([gunzipSync(archive)]).pipe(reader as unknown as NodeJS.WritableStream);
  for await (const entry of reader) {
    const chunks: Buffer[] = [];
    for await (const chunk of entry as AsyncIterable<Buffer>) chunks.push(chunk);
    files.set(entry.header.name, Buffer.concat(chunks));
  }
  return files;
}

/** A gzipped tar of `files`, in the order given. */
export async function packBundle(files: BundleFiles): Promise<Buffer> {
  const writer = pack();
  const chunks: Buffer[] = [];
  const done = new Promise<void>((resolve, reject) => {
    writer.on('data', (chunk: unknown) => chunks.push(chunk as Buffer));
    writer.on('end', () => resolve());
    writer.on('error', reject);
  });
  for (const [name, bytes] of files) {
    await new Promise<void>((resolve, reject) =>
      writer.entry({ name, size: bytes.length }, bytes, (error) => (error ? reject(error) : resolve())),
    );
  }
  writer.finalize();
  await done;
  return gzipSync(Buffer.concat(chunks));
}

/** The JSON Lines of a table file, parsed. */
export function linesOf(files: BundleFiles, table: string): Record<string, unknown>[] {
  const bytes = files.get(`tables/${table}.jsonl`);
  if (!bytes) throw new Error(`The bundle has no tables/${table}.jsonl`);
  return bytes
    .toString('utf8')
    .split('\n')
    .filter((line) => line.length > 0)
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

export interface ManifestFile {
  path: string;
  sha256: string;
  sizeBytes: number;
  count?: number;
}

export interface Manifest {
  format: string;
  version: number;
  exportedAt: string;
  workspace: { id: string; name: string; slug: string };
  counts: Record<string, number>;
  files: ManifestFile[];
}

export function manifestOf(files: BundleFiles): Manifest {
  const bytes = files.get('manifest.json');
  if (!bytes) throw new Error('The bundle has no manifest.json');
  return JSON.parse(bytes.toString('utf8')) as Manifest;
}

/** The same files with `changes` applied and the manifest's sizes and SHA-256s made to match them again. */
export function rewriteBundle(
  files: BundleFiles,
  changes: { manifest?: (manifest: Manifest) => Manifest; files?: Record<string, Buffer> },
): BundleFiles {
  const rewritten: BundleFiles = new Map(files);
  for (const [path, bytes] of Object.entries(changes.files ?? {})) rewritten.set(path, bytes);
  let manifest = manifestOf(files);
  manifest = {
    ...manifest,
    files: manifest.files.map((file) => {
      const bytes = rewritten.get(file.path);
      return bytes ? { ...file, sha256: sha256Of(bytes), sizeBytes: bytes.length } : file;
    }),
  };
  if (changes.manifest) manifest = changes.manifest(manifest);
  rewritten.set('manifest.json', Buffer.from(JSON.stringify(manifest)));
  return rewritten;
}

export function jsonLines(rows: Record<string, unknown>[]): Buffer {
  return Buffer.from(rows.map((row) => `${JSON.stringify(row)}\n`).join(''));
}

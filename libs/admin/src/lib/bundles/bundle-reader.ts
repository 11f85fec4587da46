import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { extract as tarExtract } from 'tar-stream';
import { DomainError } from '@keel/platform-errors';
import {
  BLOB_PREFIX,
  BUNDLE_FORMAT,
  BUNDLE_VERSION,
  BundleContent,
  BundleFile,
  BundleManifest,
  BundleRow,
  MANIFEST_PATH,
  ReadBundle,
  tablePath,
} from './bundle-format';
import { bundleInvalid } from './bundle-invalid';
import { upgradeBundle } from './bundle-migrators';
import { BUNDLE_TABLE_NAMES } from './bundle-tables';

const MANIFEST_MAX_BYTES = 4 * 1024 * 1024;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Where a blob's bytes go as they are read (the import stores them; a check only hashes them). */
export type BlobSink = (documentId: string, bytes: AsyncIterable<Buffer>) => Promise<void>;

/** Marks an error of the sink (the blob store's), which is not the bundle's fault. */
class SinkError extends Error {
  constructor(readonly original: unknown) {
    super('The blob sink failed.');
  }
}

/**
 * Reads a bundle from its gzipped tar: manifest.json first (format
 * `keel-bundle`, a version this deployment reads), then every file it
 * lists, each exactly once, with the size and SHA-256 it states, and
 * nothing else; table files are parsed as JSON Lines, blobs are streamed
 * to `sink`. The content is then upgraded to the current version by the
 * migrators. Anything wrong with the bytes is 422 BUNDLE_INVALID, never
 * a 500.
 */
export async function readBundle(source: Readable, sink: BlobSink): Promise<ReadBundle> {
  try {
    const read = await readArchive(source, sink);
    return { ...upgradeBundle(read), writtenVersion: read.manifest.version };
  } catch (error) {
    if (error instanceof SinkError) throw error.original;
    if (error instanceof DomainError) throw error;
    throw bundleInvalid('The file is not a gzipped tar archive, or it is cut short.');
  }
}

/** Consumes a blob's bytes, only checking them. */
export const discardBlob: BlobSink = async (_documentId, bytes) => {
  for await (const chunk of bytes) void chunk;
};

async function readArchive(source: Readable, sink: BlobSink): Promise<BundleContent> {
  try {
    return await readEntries(source, sink);
  } finally {
    // A bundle refused half way is not read to its end.
    source.destroy();
  }
}

async function readEntries(source: Readable, sink: BlobSink): Promise<BundleContent> {
  const gunzip = createGunzip();
  const extract = tarExtract();
  source.on('error', (error) => gunzip.destroy(error));
  gunzip.on('error', (error) => extract.destroy(error));
  source.pipe(gunzip).pipe(extract as unknown as NodeJS.WritableStream);

  let manifest: BundleManifest | undefined;
  let expected = new Map<string, BundleFile>();
  const seen = new Set<string>();
  const tables: Record<string, BundleRow[]> = {};
  for await (const entry of extract) {
    const name = entry.header.name;
    if (entry.header.type !== 'file') throw bundleInvalid(`The archive holds ${name}, which is not a file.`);
    if (!manifest) {
      if (name !== MANIFEST_PATH) throw bundleInvalid(`The archive's first file is ${name}, not ${MANIFEST_PATH}.`);
      manifest = parseManifest(await readAll(entry as AsyncIterable<Buffer>, MANIFEST_MAX_BYTES));
      expected = new Map(manifest.files.map((file) => [file.path, file]));
      continue;
    }
    const file = expected.get(name);
    if (!file) throw bundleInvalid(`The archive holds ${name}, which its manifest does not list.`);
    if (seen.has(name)) throw bundleInvalid(`The archive holds ${name} twice.`);
    seen.add(name);
    if (name.startsWith(BLOB_PREFIX)) {
      const documentId = name.slice(BLOB_PREFIX.length);
      const hash = createHash('sha256');
      let size = 0;
      const counted = async function* (): AsyncGenerator<Buffer> {
        for await (const chunk of entry as AsyncIterable<Buffer>) {
          hash.update(chunk);
          size += chunk.length;
          yield chunk;
        }
      };
      try {
        await sink(documentId, counted());
      } catch (error) {
        if (error instanceof DomainError) throw error;
        throw new SinkError(error);
      }
      checkFile(file, size, hash.digest('hex'));
    } else {
      const bytes = await readAll(entry as AsyncIterable<Buffer>, file.sizeBytes);
      checkFile(file, bytes.length, createHash('sha256').update(bytes).digest('hex'));
      const table = name.slice('tables/'.length, -'.jsonl'.length);
      tables[table] = parseLines(name, bytes);
    }
  }
  if (!manifest) throw bundleInvalid('The archive is empty: it has no manifest.json.');
  const missing = manifest.files.filter((file) => !seen.has(file.path)).map((file) => file.path);
  if (missing.length > 0) throw bundleInvalid(`The manifest lists ${missing.join(', ')}, which the archive lacks.`);
  return { manifest, tables };
}

async function readAll(entry: AsyncIterable<Buffer>, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of entry) {
    size += chunk.length;
    if (size > maxBytes) throw bundleInvalid('A file of the archive is larger than its manifest says.');
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

function checkFile(file: BundleFile, size: number, sha256: string): void {
  if (size !== file.sizeBytes) {
    throw bundleInvalid(`${file.path} is ${size} bytes; the manifest says ${file.sizeBytes}.`);
  }
  if (sha256 !== file.sha256) {
    throw bundleInvalid(
      `${file.path} does not have the SHA-256 its manifest states: the bundle was changed or damaged.`,
    );
  }
}

function parseLines(path: string, bytes: Buffer): BundleRow[] {
  const rows: BundleRow[] = [];
  const lines = bytes.toString('utf8').split('\n');
  lines.forEach((line, index) => {
    if (line.length === 0) return;
    let row: unknown;
    try {
      row = JSON.parse(line);
    } catch {
      throw bundleInvalid(`Line ${index + 1} of ${path} is not JSON.`);
    }
    if (!isObject(row)) throw bundleInvalid(`Line ${index + 1} of ${path} is not a JSON object.`);
    rows.push(row);
  });
  return rows;
}

function parseManifest(bytes: Buffer): BundleManifest {
  let value: unknown;
  try {
    value = JSON.parse(bytes.toString('utf8'));
  } catch {
    throw bundleInvalid(`${MANIFEST_PATH} is not JSON.`);
  }
  if (!isObject(value)) throw bundleInvalid(`${MANIFEST_PATH} is not a JSON object.`);
  if (value['format'] !== BUNDLE_FORMAT) {
    throw bundleInvalid(`The format is ${JSON.stringify(value['format'] ?? null)}, not "${BUNDLE_FORMAT}".`);
  }
  const version = value['version'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > BUNDLE_VERSION) {
    throw bundleInvalid(
      `The bundle's version is ${JSON.stringify(version ?? null)}; this deployment reads versions 1 to ${BUNDLE_VERSION}.`,
    );
  }
  const workspace = value['workspace'];
  if (!isObject(workspace) || typeof workspace['name'] !== 'string' || typeof workspace['slug'] !== 'string') {
    throw bundleInvalid(`${MANIFEST_PATH} does not name the workspace (workspace.name, workspace.slug).`);
  }
  const files = value['files'];
  if (!Array.isArray(files) || !files.every(isBundleFile)) {
    throw bundleInvalid(`${MANIFEST_PATH} has no valid files list (path, sha256, sizeBytes of each).`);
  }
  const counts = isObject(value['counts']) ? (value['counts'] as Record<string, number>) : {};
  return {
    format: BUNDLE_FORMAT,
    version,
    exportedAt: String(value['exportedAt'] ?? ''),
    workspace: { id: String(workspace['id'] ?? ''), name: workspace['name'], slug: workspace['slug'] },
    counts,
    files,
  };
}

const TABLE_PATHS = new Set(BUNDLE_TABLE_NAMES.map(tablePath));

function isBundleFile(value: unknown): value is BundleFile {
  if (!isObject(value)) return false;
  const { path, sha256, sizeBytes } = value;
  if (typeof path !== 'string' || typeof sha256 !== 'string' || !/^[0-9a-f]{64}$/.test(sha256)) return false;
  if (typeof sizeBytes !== 'number' || !Number.isSafeInteger(sizeBytes) || sizeBytes < 0) return false;
  return TABLE_PATHS.has(path) || (path.startsWith(BLOB_PREFIX) && UUID.test(path.slice(BLOB_PREFIX.length)));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

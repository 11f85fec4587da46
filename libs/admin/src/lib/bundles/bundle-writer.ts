import { createHash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { createGzip } from 'node:zlib';
import { pack as tarPack } from 'tar-stream';
import { BlobStore, StoredBlob } from '@keel/platform-storage';
import {
  BUNDLE_FORMAT,
  BUNDLE_MEDIA_TYPE,
  BUNDLE_VERSION,
  BundleFile,
  BundleManifest,
  blobPath,
  MANIFEST_PATH,
  tablePath,
} from './bundle-format';

/** A document's bytes for the bundle: read from the store when its turn comes, never all at once. */
export interface BundleBlob {
  documentId: string;
  sizeBytes: number;
  sha256: string;
  open(): Promise<Readable>;
}

export interface BundleSource {
  workspace: { id: string; name: string; slug: string };
  /** Each table's rows, already in the order they are written. */
  tables: Record<string, unknown[]>;
  blobs: BundleBlob[];
}

/**
 * Streams a bundle into the blob store under `key`: a gzipped tar whose
 * first entry is manifest.json (format, version, counts, and each file's
 * size and SHA-256), then one JSON Lines file per table, then the
 * documents' bytes, each streamed from the store into the archive. The
 * tables are small enough to hold; the blobs are not held.
 */
export async function writeBundle(store: BlobStore, key: string, source: BundleSource): Promise<StoredBlob> {
  const tableFiles = Object.entries(source.tables).map(([table, rows]) => {
    const bytes = Buffer.from(rows.map((row) => `${JSON.stringify(row)}\n`).join(''), 'utf8');
    return { path: tablePath(table), bytes, count: rows.length, table };
  });
  const files: BundleFile[] = [
    ...tableFiles.map(({ path, bytes, count }) => ({ path, sha256: sha256(bytes), sizeBytes: bytes.length, count })),
    ...source.blobs.map((blob) => ({
      path: blobPath(blob.documentId),
      sha256: blob.sha256,
      sizeBytes: blob.sizeBytes,
    })),
  ];
  const manifest: BundleManifest = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_VERSION,
    exportedAt: new Date().toISOString(),
    workspace: source.workspace,
    counts: {
      ...Object.fromEntries(tableFiles.map(({ table, count }) => [table, count])),
      blobs: source.blobs.length,
    },
    files,
  };

  const archive = tarPack();
  const gzip = createGzip();
  archive.pipe(gzip);
  const stored = store.put(key, gzip, { contentType: BUNDLE_MEDIA_TYPE });
  try {
    await addBuffer(archive, MANIFEST_PATH, Buffer.from(JSON.stringify(manifest, null, 2), 'utf8'));
    for (const file of tableFiles) await addBuffer(archive, file.path, file.bytes);
    for (const blob of source.blobs)
      await addStream(archive, blobPath(blob.documentId), blob.sizeBytes, await blob.open());
    archive.finalize();
  } catch (error) {
    archive.destroy(error as Error);
    await stored.catch(() => undefined);
    throw error;
  }
  return stored;
}

export function sha256(bytes: Buffer): string {
  return createHash('sha256').update(bytes).digest('hex');
}

type Pack = ReturnType<typeof tarPack>;

function addBuffer(archive: Pack, name: string, bytes: Buffer): Promise<void> {
  return new Promise((resolve, reject) => {
    archive.entry({ name, size: bytes.length, mtime: new Date(0) }, bytes, (error) =>
      error ? reject(error) : resolve(),
    );
  });
}

function addStream(archive: Pack, name: string, size: number, source: Readable): Promise<void> {
  return new Promise((resolve, reject) => {
    const entry = archive.entry({ name, size, mtime: new Date(0) }, (error) => (error ? reject(error) : resolve()));
    source.on('error', (error) => {
      entry.destroy(error);
      reject(error);
    });
    source.pipe(entry as unknown as NodeJS.WritableStream);
  });
}

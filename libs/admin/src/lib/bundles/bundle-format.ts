/** What every bundle's manifest says it is; anything else is not a Keel bundle. */
export const BUNDLE_FORMAT = 'keel-bundle';

/**
 * The version this deployment writes. An import reads this one and every
 * older one, upgraded by the migrators in bundle-migrators.ts, in order.
 * Version 2 renamed the members' `role` to `roleKey`.
 */
export const BUNDLE_VERSION = 2;

/** The archive's media type and file suffix: a gzipped tar. */
export const BUNDLE_MEDIA_TYPE = 'application/gzip';

export const MANIFEST_PATH = 'manifest.json';

/** One file of the archive as the manifest lists it. */
export interface BundleFile {
  path: string;
  sha256: string;
  sizeBytes: number;
  /** Lines of a table file; absent for a blob. */
  count?: number;
}

/** manifest.json: the first entry of every bundle. */
export interface BundleManifest {
  format: typeof BUNDLE_FORMAT;
  version: number;
  exportedAt: string;
  workspace: { id: string; name: string; slug: string };
  /** Lines per table, and `blobs`: the documents' bytes. */
  counts: Record<string, number>;
  files: BundleFile[];
}

/** A table's lines, as JSON objects. */
export type BundleRow = Record<string, unknown>;

/** A bundle read and checked: its manifest and every table's rows (blobs are streamed, not kept). */
export interface BundleContent {
  manifest: BundleManifest;
  tables: Record<string, BundleRow[]>;
}

/** A bundle as read: upgraded to the current version, and the version it was written in. */
export interface ReadBundle extends BundleContent {
  writtenVersion: number;
}

export function tablePath(table: string): string {
  return `tables/${table}.jsonl`;
}

export function blobPath(documentId: string): string {
  return `blobs/${documentId}`;
}

export const BLOB_PREFIX = 'blobs/';

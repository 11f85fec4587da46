import type { BundleWorkStatus } from '../workspace-export.entity';
import type { PlatformImport } from '../platform-import.entity';

export class PlatformImportResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2f01" */
  id: string;
  /** `queued` → `running` → `succeeded` or `failed`. @example "succeeded" */
  status: BundleWorkStatus;
  /** The new workspace the bundle is imported into. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2f02" */
  workspaceId: string;
  /** The job run of that workspace doing it (`GET /v1/admin/jobs?workspaceId=`). @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2f03" */
  jobId: string;
  /** SHA-256 of the uploaded archive: the same bundle again is 409 BUNDLE_ALREADY_IMPORTED unless forced. @example "9f2c1e0b8a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c" */
  bundleSha256: string;
  /** @example 48213 */
  bundleSizeBytes: number;
  /** The format version the bundle was written in (older ones are upgraded on import). @example 2 */
  formatVersion: number;
  /** Whether it was imported again on purpose (`force`). @example false */
  forced: boolean;
  /** Rows written per table, `members` matched by email, `invited`, `blobs`; null until it succeeded. @example {"members": 2, "invited": 1, "projects": 12, "blobs": 2} */
  counts: Record<string, number> | null;
  /** Members' addresses with no account here: each was sent an invite with the member's role. @example ["new-hire@example.com"] */
  invited: string[] | null;
  /** Why it failed; null otherwise. @example null */
  error: string | null;
  /** The platform admin who imported it. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  importedBy: string | null;
  /** @example "2026-12-07T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-12-07T10:00:03.000Z" */
  finishedAt: string | null;

  static of(row: PlatformImport): PlatformImportResponse {
    return {
      id: row.id,
      status: row.status,
      workspaceId: row.importedWorkspaceId,
      jobId: row.jobRunId,
      bundleSha256: row.bundleSha256,
      bundleSizeBytes: Number(row.bundleSizeBytes),
      formatVersion: row.formatVersion,
      forced: row.forced,
      counts: row.counts,
      invited: row.invited,
      error: row.error,
      importedBy: row.importedBy,
      createdAt: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
    };
  }
}

import type { BundleWorkStatus, WorkspaceExport } from '../workspace-export.entity';

export class WorkspaceExportResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2e01" */
  id: string;
  /** `queued` → `running` → `succeeded` or `failed`; the archive can be downloaded once it succeeded. @example "succeeded" */
  status: BundleWorkStatus;
  /** The job run writing it: its progress and trail are at `GET …/jobs/{jobId}`. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2e02" */
  jobId: string;
  /** The bundle format version written. @example 2 */
  formatVersion: number;
  /** SHA-256 of the whole archive (lower-case hex); null until it succeeded. @example "9f2c1e0b8a7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a3928170f6e5d4c" */
  sha256: string | null;
  /** The archive's size in bytes; null until it succeeded. @example 48213 */
  sizeBytes: number | null;
  /** Lines per table and `blobs` (documents' bytes); null until it succeeded. @example {"members": 3, "projects": 12, "documents": 2, "blobs": 2} */
  counts: Record<string, number> | null;
  /** Why it failed; null otherwise. @example null */
  error: string | null;
  /** @example "2026-12-07T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-12-07T10:00:02.000Z" */
  finishedAt: string | null;

  static of(row: WorkspaceExport): WorkspaceExportResponse {
    return {
      id: row.id,
      status: row.status,
      jobId: row.jobRunId,
      formatVersion: row.formatVersion,
      sha256: row.sha256,
      sizeBytes: row.sizeBytes === null ? null : Number(row.sizeBytes),
      counts: row.counts,
      error: row.error,
      createdAt: row.createdAt.toISOString(),
      finishedAt: row.finishedAt?.toISOString() ?? null,
    };
  }
}

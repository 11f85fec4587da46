import { ApiProperty } from '@nestjs/swagger';
import { MISMATCH_ACTIONS, MISMATCH_TYPES, BillingMismatch } from '../billing-mismatch.entity';
import type { Reconciliation } from '../reconciliation.entity';

export class MismatchResponse {
  /** @example "0193b2c4-8a1e-7c3d-9f20-5e6a7b8c9d0e" */
  id: string;

  @ApiProperty({ enum: MISMATCH_TYPES, example: 'status_differs' })
  type: string;

  /** What differs: the workspace's `subscription` or one `invoice`. */
  @ApiProperty({ enum: ['subscription', 'invoice'], example: 'invoice' })
  object: string;

  /** Keel's id of the object; null when Keel has none. @example "0193b2c4-1111-7c3d-9f20-5e6a7b8c9d0e" */
  localId: string | null;

  /** The provider's id; null when the provider has none. @example "in_1QxAbc" */
  providerId: string | null;

  /** Keel's side of what differs; null when Keel has no such object. @example {"status":"open"} */
  local: Record<string, unknown> | null;

  /** The provider's side; null when it has no such object. @example {"status":"paid"} */
  provider: Record<string, unknown> | null;

  /** `open` until resolved; `superseded` once a later reconciliation replaced it. */
  @ApiProperty({ enum: ['open', 'resolved', 'superseded'], example: 'open' })
  status: string;

  @ApiProperty({ enum: MISMATCH_ACTIONS, nullable: true, example: null })
  resolution: string | null;

  /** @example null */
  note: string | null;

  /** Who resolved it (`user:<id>`, `api-key:<id>`). @example null */
  resolvedBy: string | null;

  /** @example null */
  resolvedAt: string | null;

  /** @example "2026-12-07T03:15:04.000Z" */
  createdAt: string;

  static of(mismatch: BillingMismatch): MismatchResponse {
    return {
      id: mismatch.id,
      type: mismatch.type,
      object: mismatch.object,
      localId: mismatch.localId,
      providerId: mismatch.providerId,
      local: mismatch.local,
      provider: mismatch.providerValue,
      status: mismatch.status,
      resolution: mismatch.resolution,
      note: mismatch.note,
      resolvedBy: mismatch.resolvedBy,
      resolvedAt: mismatch.resolvedAt?.toISOString() ?? null,
      createdAt: mismatch.createdAt.toISOString(),
    };
  }
}

export class ReconciliationRunResponse {
  /** @example "0193b2c4-2222-7c3d-9f20-5e6a7b8c9d0e" */
  id: string;
  /** @example "stripe" */
  provider: string;
  /** `job` (the daily job run) or `cli` (`main.js billing:reconcile`). @example "job" */
  trigger: string;
  /** The job run, for `job`. @example "0193b2c4-3333-7c3d-9f20-5e6a7b8c9d0e" */
  jobRunId: string | null;
  /** How many mismatches it found. @example 1 */
  mismatches: number;
  /** @example "2026-12-07T03:15:03.000Z" */
  startedAt: string;
  /** @example "2026-12-07T03:15:04.000Z" */
  finishedAt: string;

  static of(run: Reconciliation): ReconciliationRunResponse {
    return {
      id: run.id,
      provider: run.provider,
      trigger: run.trigger,
      jobRunId: run.jobRunId,
      mismatches: run.mismatches,
      startedAt: run.startedAt.toISOString(),
      finishedAt: run.finishedAt.toISOString(),
    };
  }
}

export class ReconciliationResponse {
  /** The workspace's latest reconciliation; null before the first. */
  run: ReconciliationRunResponse | null;
  /** What it found, resolved or not. */
  mismatches: MismatchResponse[];
}

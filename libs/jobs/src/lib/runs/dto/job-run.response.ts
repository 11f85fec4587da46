import { ActorReferenceResponse } from '@keel/identity';
import { JobRun } from '../job-run.entity';

export class JobRunResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a60" */
  id: string;
  /** The workspace the run belongs to. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10" */
  workspaceId: string;
  /** @example "automation.action" */
  type: string;
  /** `queued`, `running`, `retrying`, `succeeded`, `failed` or `cancelled`. @example "running" */
  status: string;
  /** 0 to 100. @example 40 */
  progress: number;
  /** @example "Sent 2 of 5" */
  progressMessage: string | null;
  /** @example 1 */
  attempts: number;
  /** @example 3 */
  maxAttempts: number;
  /** @example null */
  lastError: string | null;
  /** @example {"ruleId":"0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a70"} */
  input: Record<string, unknown>;
  /** @example null */
  result: Record<string, unknown> | null;
  startedBy: ActorReferenceResponse | null;
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:00:00.050Z" */
  startedAt: string | null;
  /** @example null */
  finishedAt: string | null;
  /** When a cancel was asked for. @example null */
  cancelRequestedAt: string | null;
  /** When the run stopped for it (or was cancelled before it ran). @example null */
  cancelAcknowledgedAt: string | null;

  static of(run: JobRun): JobRunResponse {
    return {
      id: run.id,
      workspaceId: run.workspaceId,
      type: run.type,
      status: run.status,
      progress: run.progress,
      progressMessage: run.progressMessage,
      attempts: run.attempts,
      maxAttempts: run.maxAttempts,
      lastError: run.lastError,
      input: run.input,
      result: run.result,
      startedBy: ActorReferenceResponse.of(run.startedByType, run.startedById),
      createdAt: run.createdAt.toISOString(),
      startedAt: run.startedAt?.toISOString() ?? null,
      finishedAt: run.finishedAt?.toISOString() ?? null,
      cancelRequestedAt: run.cancelRequestedAt?.toISOString() ?? null,
      cancelAcknowledgedAt: run.cancelAcknowledgedAt?.toISOString() ?? null,
    };
  }
}

export class JobRunListResponse {
  data: JobRunResponse[];
  /** @example null */
  nextCursor: string | null;
}

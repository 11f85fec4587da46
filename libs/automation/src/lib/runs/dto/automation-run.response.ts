import { AutomationRunAction } from '../automation-run-action.entity';
import { RunWithActions } from '../automation-runs.service';

export class AutomationRunActionResponse {
  /** @example 0 */
  index: number;
  /** @example "add_comment" */
  type: string;
  /** @example {"type":"add_comment","body":"A reviewer will pick this up today.","projectId":"0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a30"} */
  input: Record<string, unknown>;
  /** `pending`, `retrying`, `succeeded`, `failed` or `cancelled` (the job carrying it was cancelled). @example "succeeded" */
  status: string;
  /** @example 1 */
  attempts: number;
  /** @example null */
  lastError: string | null;
  /** The job run carrying it. @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a60" */
  jobId: string | null;
  /** @example {"id":"0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a40"} */
  result: Record<string, unknown> | null;
  /** @example "2026-11-29T10:00:01.000Z" */
  finishedAt: string | null;

  static of(action: AutomationRunAction): AutomationRunActionResponse {
    return {
      index: action.actionIndex,
      type: action.type,
      input: action.input,
      status: action.status,
      attempts: action.attempts,
      lastError: action.lastError,
      jobId: action.jobRunId,
      result: action.result,
      finishedAt: action.finishedAt?.toISOString() ?? null,
    };
  }
}

export class AutomationRunResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a90" */
  id: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a70" */
  ruleId: string;
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a51" */
  eventId: string;
  /** @example "project.transitioned" */
  eventType: string;
  /** @example 0 */
  eventDepth: number;
  /** `running`, `succeeded`, `failed` (an action failed), `cancelled` (none failed, one was cancelled) or `skipped`. @example "succeeded" */
  status: string;
  /** @example null */
  skippedReason: string | null;
  actions: AutomationRunActionResponse[];
  /** @example "2026-11-29T10:00:00.000Z" */
  createdAt: string;
  /** @example "2026-11-29T10:00:01.000Z" */
  finishedAt: string | null;

  static of({ run, actions }: RunWithActions): AutomationRunResponse {
    return {
      id: run.id,
      ruleId: run.ruleId,
      eventId: run.eventId,
      eventType: run.eventType,
      eventDepth: run.eventDepth,
      status: run.status,
      skippedReason: run.skippedReason,
      actions: actions.map(AutomationRunActionResponse.of),
      createdAt: run.createdAt.toISOString(),
      finishedAt: run.finishedAt?.toISOString() ?? null,
    };
  }
}

export class AutomationRunListResponse {
  data: AutomationRunResponse[];
  /** @example null */
  nextCursor: string | null;
}

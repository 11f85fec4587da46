import type { JobRunEnd } from './job-run-end';

/** What a handler gets for one attempt of a run. */
export interface JobContext<TInput extends object = Record<string, unknown>> {
  runId: string;
  workspaceId: string;
  input: TInput;
  /** 1 for the first attempt. */
  attempt: number;
  /** The attempt after which the run fails (more than the type's maxAttempts once the run was retried). */
  maxAttempts: number;
  /** The last checkpoint saved by an earlier attempt (or earlier in this one); null at the start. */
  checkpoint: Record<string, unknown> | null;
  /** Aborted when the run is cancelled or times out: stop promptly and return or throw. */
  signal: AbortSignal;
  /** Saves where the work stands; the retry after a crash starts from it. */
  saveCheckpoint(checkpoint: Record<string, unknown>): Promise<void>;
  /** 0 to 100, with an optional message; recorded on the run and in its trail. */
  reportProgress(percent: number, message?: string): Promise<void>;
}

/** A kind of job: registered by its module at init, run by the workers. */
export interface JobHandler<TInput extends object = Record<string, unknown>> {
  /** e.g. `automation.action`; names the queue `job.<type>`. */
  type: string;
  /** An attempt longer than this is aborted and fails (and is retried while attempts remain). */
  timeoutSeconds: number;
  /** Attempts in all, the first included. Default 3. */
  maxAttempts?: number;
  run(context: JobContext<TInput>): Promise<Record<string, unknown> | void>;
  /**
   * Called whenever a run of this type ends `failed` or `cancelled`, in the
   * transaction that records it (so the owner's records and the ledger
   * change together, or neither): cancelled before it started or while it
   * ran, its last attempt failed, timed out or lost its worker. The handler's
   * own last failure comes here too, so this must do nothing for what the
   * owner already recorded. Throwing rolls the ending back.
   */
  ended?(end: JobRunEnd<TInput>): Promise<void>;
}

export function jobQueueName(type: string): string {
  return `job.${type}`;
}

/** What a run's pg-boss job carries: the ledger row is the truth. */
export interface JobRunPointer {
  workspaceId: string;
  runId: string;
}

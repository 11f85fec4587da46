/** What a handler gets for one attempt of a run. */
export interface JobContext<TInput extends object = Record<string, unknown>> {
  runId: string;
  workspaceId: string;
  input: TInput;
  /** 1 for the first attempt. */
  attempt: number;
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
}

export function jobQueueName(type: string): string {
  return `job.${type}`;
}

/** What a run's pg-boss job carries: the ledger row is the truth. */
export interface JobRunPointer {
  workspaceId: string;
  runId: string;
}

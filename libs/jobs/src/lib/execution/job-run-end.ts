/**
 * A run that ended without succeeding, as the owner of its type hears of it
 * (`JobHandler.ended`): the handler may never have run (cancelled while
 * queued), or been cut off before it could record anything (its worker died,
 * it timed out, it ignored a cancel), so the ledger is the only one that knows.
 */
export interface JobRunEnd<TInput extends object = Record<string, unknown>> {
  workspaceId: string;
  runId: string;
  input: TInput;
  /** `failed`: its last attempt failed, timed out or lost its worker. `cancelled`: before it started, or while it ran. */
  status: 'failed' | 'cancelled';
  /** Why, in words: the last error, or how it was cancelled. */
  reason: string;
}

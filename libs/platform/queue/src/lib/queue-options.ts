export interface QueueOptions {
  url: string;
  /** PostgreSQL schema of pg-boss's tables. */
  schema: string;
  /** Worker role: consume jobs, keep schedules, run maintenance. The API role only sends. */
  runWorkers: boolean;
  /** How long stop() waits for running handlers before giving up on them. */
  shutdownGraceMs: number;
}

export const QUEUE_OPTIONS = Symbol('QUEUE_OPTIONS');

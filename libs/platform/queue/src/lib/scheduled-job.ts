/** A job pg-boss runs on a cron schedule, in exactly one worker per tick (pg-boss keeps the schedule in PostgreSQL). */
export interface ScheduledJob {
  /** Queue name; also the schedule's name. */
  readonly name: string;
  /** Five-field cron expression, UTC. */
  readonly cron: string;
  run(): Promise<void>;
}

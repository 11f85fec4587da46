import { Pool } from 'pg';
import { BACKBONE_QUEUES } from './fault-ledger';

/** One pg-boss job attempt held by a worker (state `active`), as pg-boss recorded it. */
export interface ActiveAttempt {
  id: string;
  queue: string;
  /** `started_on` as PostgreSQL prints it: names the attempt (a retry starts anew). */
  startedOn: string;
}

/** The background work under way, read from PostgreSQL: pg-boss attempts held, job runs running. */
export interface QueueWork {
  activeAttempts: ActiveAttempt[];
  runningJobRuns: number;
}

/** Work under way: at least `attempts` pg-boss attempts held (so that, with two workers, each likely holds some). */
export function hasWork(work: QueueWork, attempts = 1): boolean {
  return work.activeAttempts.length >= attempts;
}

/**
 * The jobs the workers hold right now: pg-boss jobs of the backbone queues in
 * `active` (event deliveries, action job runs, webhook attempts) and the job
 * ledger's `running` runs. Read just after a worker's SIGKILL, it shows what
 * the dead worker held, which stays `active`/`running` until it expires or
 * is reaped, beside what the live one holds.
 */
export async function queueWork(pool: Pool): Promise<QueueWork> {
  const active = await pool.query<{ id: string; queue: string; started_on: string }>(
    `SELECT id, name AS queue, started_on::text AS started_on FROM pgboss.job
      WHERE ${BACKBONE_QUEUES} AND state = 'active'`,
  );
  const running = await pool.query<{ count: string }>(
    `SELECT count(*) AS count FROM job_runs WHERE status = 'running'`,
  );
  return {
    activeAttempts: active.rows.map((row) => ({ id: row.id, queue: row.queue, startedOn: row.started_on })),
    runningJobRuns: Number(running.rows[0].count),
  };
}

/**
 * Of the attempts held at a kill, those that never completed: the job did
 * not end `completed` by that attempt (pg-boss expired it, or the job
 * ledger's sweep reaped it, and another attempt did the work). An attempt of
 * the worker left alive completes as usual; one that never did was the dead
 * worker's, cut by the kill.
 */
export async function attemptsCut(pool: Pool, held: ActiveAttempt[]): Promise<ActiveAttempt[]> {
  if (held.length === 0) return [];
  const { rows } = await pool.query<{ id: string; started_on: string | null; state: string }>(
    `SELECT id, started_on::text AS started_on, state::text AS state FROM pgboss.job WHERE id = ANY($1::uuid[])
     UNION ALL
     SELECT id, started_on::text AS started_on, state::text AS state FROM pgboss.archive WHERE id = ANY($1::uuid[])`,
    [held.map((attempt) => attempt.id)],
  );
  const completed = new Set(
    rows.filter((row) => row.state === 'completed').map((row) => `${row.id}@${String(row.started_on)}`),
  );
  return held.filter((attempt) => !completed.has(`${attempt.id}@${attempt.startedOn}`));
}

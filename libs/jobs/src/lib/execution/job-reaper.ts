import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DATABASE_OWNER_ROLE, newId } from '@keel/platform-database';
import { JobQueue } from '@keel/platform-queue';
import { jobQueueName } from './job-handler';
import { JobMetrics } from './job-metrics';

/** A running run whose heartbeat is older than this lost its worker. */
export const STALE_HEARTBEAT_SECONDS = 30;
const SWEEP_INTERVAL_MS = 10_000;

interface OrphanRow {
  workspace_id: string;
  id: string;
  type: string;
  queue_job_id: string | null;
  attempts: number;
  max_attempts: number;
}

/**
 * Finds runs whose worker died (kill -9, a lost machine): `running` with a
 * heartbeat older than 30 s. The ledger says `retrying` (or `failed` on the
 * last attempt) first, then the pg-boss job is failed so pg-boss retries it
 * at once — well within a minute, instead of waiting for the job's expiry.
 * Every worker sweeps; SKIP LOCKED keeps two from taking the same run.
 */
@Injectable()
export class JobReaper implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(JobReaper.name);
  private timer?: NodeJS.Timeout;
  private sweeping?: Promise<void>;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly queue: JobQueue,
    private readonly metrics: JobMetrics,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (!this.queue.runsWorkers) return;
    await this.queue.started;
    this.timer = setInterval(() => {
      this.sweeping ??= this.sweep()
        .then(() => undefined)
        .catch((error: Error) => this.logger.warn({ err: { message: error.message }, msg: 'job sweep failed' }))
        .finally(() => (this.sweeping = undefined));
    }, SWEEP_INTERVAL_MS);
  }

  /** One sweep: how many orphaned runs it handed back to the queue. */
  async sweep(): Promise<number> {
    const orphans = await this.dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL ROLE ${DATABASE_OWNER_ROLE}`);
      const rows: OrphanRow[] = await manager.query(
        `SELECT workspace_id, id, type, queue_job_id, attempts, max_attempts FROM job_runs
          WHERE status = 'running' AND heartbeat_at < now() - interval '${STALE_HEARTBEAT_SECONDS} seconds'
          ORDER BY heartbeat_at LIMIT 100 FOR UPDATE SKIP LOCKED`,
      );
      const message = `The worker running it stopped (no heartbeat for ${STALE_HEARTBEAT_SECONDS} s).`;
      for (const row of rows) {
        const final = row.attempts >= row.max_attempts;
        const status = final ? 'failed' : 'retrying';
        await manager.query(
          `UPDATE job_runs SET status = $3, last_error = $4, updated_at = now(), finished_at = $5
            WHERE workspace_id = $1 AND id = $2`,
          [row.workspace_id, row.id, status, message, final ? new Date() : null],
        );
        await manager.query(
          `INSERT INTO job_run_events (workspace_id, id, job_run_id, kind, status, message)
           VALUES ($1, $2, $3, 'error', NULL, $4), ($1, $5, $3, 'status', $6, NULL)`,
          [row.workspace_id, newId(), row.id, message, newId(), status],
        );
      }
      return rows;
    });
    for (const orphan of orphans) {
      this.metrics.attempts.inc({ type: orphan.type, outcome: 'lost' });
      if (orphan.queue_job_id) {
        await this.queue.pgBoss.fail(jobQueueName(orphan.type), orphan.queue_job_id, {
          message: 'worker lost (no heartbeat)',
        });
      }
    }
    if (orphans.length > 0)
      this.logger.warn({ runs: orphans.map((o) => o.id), msg: 'handed orphaned job runs back to the queue' });
    return orphans.length;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }
}

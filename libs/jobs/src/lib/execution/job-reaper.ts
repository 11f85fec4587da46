import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { ClsService } from 'nestjs-cls';
import { DataSource } from 'typeorm';
import { runAsPlatformOwner, TenantTransactions } from '@keel/platform-database';
import { JobQueue } from '@keel/platform-queue';
import { JobLedger, STALE_HEARTBEAT_SECONDS } from '../runs/job-ledger.service';
import { jobQueueName } from './job-handler';
import { JobMetrics } from './job-metrics';

const SWEEP_INTERVAL_MS = 10_000;
const SWEEP_BATCH = 100;

interface OrphanRow {
  workspace_id: string;
  id: string;
  type: string;
  attempts: number;
  max_attempts: number;
}

/**
 * Finds runs whose worker died (kill -9, a lost machine): `running` with a
 * heartbeat older than 30 s. The ledger says `retrying` (or `failed` on the
 * last attempt) first, then the pg-boss job is failed so pg-boss retries it
 * at once — well within a minute, instead of waiting for the job's expiry.
 * Every worker sweeps: the candidates are found across workspaces (as the
 * owner role), and each is then reaped in its workspace's tenant transaction
 * (where the owner of its type hears of a run that failed), by an update
 * guarded by the stale heartbeat, so two sweepers never both take a run.
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
    private readonly ledger: JobLedger,
    private readonly tenants: TenantTransactions,
    private readonly cls: ClsService,
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

  /** One sweep: how many orphaned runs it handed back to the queue (or failed). */
  async sweep(): Promise<number> {
    const candidates = await runAsPlatformOwner(this.dataSource, async (manager) => {
      const rows: OrphanRow[] = await manager.query(
        `SELECT workspace_id, id, type, attempts, max_attempts FROM job_runs
          WHERE status = 'running' AND heartbeat_at < now() - interval '${STALE_HEARTBEAT_SECONDS} seconds'
          ORDER BY heartbeat_at LIMIT ${SWEEP_BATCH}`,
      );
      return rows;
    });
    const reaped: string[] = [];
    for (const orphan of candidates) {
      try {
        if (await this.reap(orphan)) reaped.push(orphan.id);
      } catch (error) {
        // The next sweep tries it again; one run's trouble does not hold up the others.
        this.logger.warn({ runId: orphan.id, err: { message: (error as Error).message }, msg: 'job reap failed' });
      }
    }
    if (reaped.length > 0) this.logger.warn({ runs: reaped, msg: 'handed orphaned job runs back to the queue' });
    return reaped.length;
  }

  private async reap(orphan: OrphanRow): Promise<boolean> {
    const final = orphan.attempts >= orphan.max_attempts;
    const taken = await this.cls.run(() =>
      this.tenants.runInTenantTransaction(orphan.workspace_id, () =>
        this.ledger.reap(orphan.workspace_id, orphan.id, orphan.attempts, final),
      ),
    );
    if (!taken) return false;
    this.metrics.attempts.inc({ type: orphan.type, outcome: 'lost' });
    if (taken.queueJobId) {
      await this.queue.pgBoss.fail(jobQueueName(orphan.type), taken.queueJobId, {
        message: 'worker lost (no heartbeat)',
      });
    }
    return true;
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    await this.sweeping;
  }
}

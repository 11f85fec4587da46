import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runAsPlatformOwner } from '@keel/platform-database';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';
import { ScheduledRuns } from '../scheduled-runs';
import { Reconciler } from './reconciler';
import { RECONCILE_JOB } from './reconcile.job';

export const RECONCILIATION_SCHEDULE = 'billing.reconciliation';

/**
 * Daily at 03:15 UTC, with a provider that holds records (`stripe`): queues
 * one `billing.reconcile` job run in every workspace that has none queued or
 * running (the workspaces are listed as keel_owner through their platform
 * read policy), so each comparison is a run of its workspace, retried and
 * visible like any other.
 */
@Injectable()
export class ReconciliationSchedule implements ScheduledJob, OnModuleInit {
  readonly name = RECONCILIATION_SCHEDULE;
  readonly cron = '15 3 * * *';
  private readonly logger = new Logger(ReconciliationSchedule.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly runs: ScheduledRuns,
    private readonly reconciler: Reconciler,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    if (!this.reconciler.enabled) return;
    const due: { id: string }[] = await runAsPlatformOwner(this.dataSource, (manager) =>
      manager.query(
        `SELECT workspace.id FROM workspaces AS workspace
          WHERE NOT EXISTS (SELECT 1 FROM job_runs AS run
                             WHERE run.workspace_id = workspace.id AND run.type = $1
                               AND run.status IN ('queued', 'running'))
          ORDER BY workspace.id`,
        [RECONCILE_JOB],
      ),
    );
    await this.runs.startInEach(
      due.map((row) => row.id),
      RECONCILE_JOB,
    );
    if (due.length > 0) this.logger.log({ workspaces: due.length, msg: 'queued billing reconciliations' });
  }
}

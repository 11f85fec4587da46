import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { runAsPlatformOwner } from '@keel/platform-database';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';
import { ScheduledRuns } from '../scheduled-runs';
import { CLOSE_PERIOD_JOB } from './period-closing.service';

export const BILLING_PERIODS_SCHEDULE = 'billing.periods';

/**
 * Every ten minutes: finds the subscriptions whose period has ended (across
 * workspaces, as keel_owner through the subscriptions' owner read policy)
 * and queues one `billing.close_period` run in each such workspace that has
 * none queued or running, so each close is a job run of its workspace.
 */
@Injectable()
export class BillingPeriodsJob implements ScheduledJob, OnModuleInit {
  readonly name = BILLING_PERIODS_SCHEDULE;
  readonly cron = '*/10 * * * *';
  private readonly logger = new Logger(BillingPeriodsJob.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly runs: ScheduledRuns,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    const due: { workspace_id: string }[] = await runAsPlatformOwner(this.dataSource, (manager) =>
      manager.query(
        `SELECT subscription.workspace_id FROM subscriptions AS subscription
          WHERE subscription.current_period_end <= now()
            AND NOT EXISTS (SELECT 1 FROM job_runs AS run
                             WHERE run.workspace_id = subscription.workspace_id AND run.type = $1
                               AND run.status IN ('queued', 'running'))
          ORDER BY subscription.current_period_end`,
        [CLOSE_PERIOD_JOB],
      ),
    );
    await this.runs.startInEach(
      due.map((row) => row.workspace_id),
      CLOSE_PERIOD_JOB,
    );
    if (due.length > 0) this.logger.log({ workspaces: due.length, msg: 'queued billing period closes' });
  }
}

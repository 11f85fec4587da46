import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RetentionPolicies } from '@keel/platform-database';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';
import { JobsConfig } from '../jobs-config';

/**
 * Prunes finished runs (their trail goes with them), daily: kept for the
 * `job_runs` retention an operator set (JOBS_RETENTION_DAYS until then).
 */
@Injectable()
export class JobRetentionJob implements ScheduledJob, OnModuleInit {
  readonly name = 'jobs.retention';
  readonly cron = '17 3 * * *';
  private readonly logger = new Logger(JobRetentionJob.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly config: JobsConfig,
    private readonly retention: RetentionPolicies,
  ) {}

  onModuleInit(): void {
    this.retention.register({
      key: 'job_runs',
      description: 'Finished job runs (succeeded, failed, cancelled) and their progress trail, by when they finished.',
      defaultDays: this.config.JOBS_RETENTION_DAYS,
      minimumDays: 1,
      table: 'job_runs',
      expiredRows: 'SELECT ctid FROM job_runs WHERE finished_at < now() - make_interval(days => $1)',
    });
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    const pruned = await this.retention.purge('job_runs');
    if (pruned > 0) this.logger.log({ pruned, msg: 'pruned finished job runs' });
  }
}

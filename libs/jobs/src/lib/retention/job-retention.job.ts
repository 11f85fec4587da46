import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { deleteInBatches } from '@keel/platform-database';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';
import { JobsConfig } from '../jobs-config';

/** Prunes finished runs older than JOBS_RETENTION_DAYS (their trail goes with them), daily. */
@Injectable()
export class JobRetentionJob implements ScheduledJob, OnModuleInit {
  readonly name = 'jobs.retention';
  readonly cron = '17 3 * * *';
  private readonly logger = new Logger(JobRetentionJob.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly config: JobsConfig,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    const pruned = await deleteInBatches(
      this.dataSource,
      'job_runs',
      'SELECT ctid FROM job_runs WHERE finished_at < now() - make_interval(days => $1)',
      [this.config.JOBS_RETENTION_DAYS],
    );
    if (pruned > 0) this.logger.log({ pruned, msg: 'pruned finished job runs' });
  }
}

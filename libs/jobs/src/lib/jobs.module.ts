import { Module } from '@nestjs/common';
import { TenancyModule } from '@keel/tenancy';
import { JobHandlers } from './execution/job-handlers';
import { JobMetrics } from './execution/job-metrics';
import { JobReaper } from './execution/job-reaper';
import { JobRunner } from './execution/job-runner';
import { RunningJobs } from './execution/running-jobs';
import { JobRetentionJob } from './retention/job-retention.job';
import { JobLedger } from './runs/job-ledger.service';
import { JobRunsService } from './runs/job-runs.service';

/**
 * Jobs people can see: a ledger of runs on top of pg-boss, with progress,
 * checkpoints, cancel, per-type timeouts, orphan recovery and retention;
 * the routes are JobsHttpModule's.
 */
@Module({
  imports: [TenancyModule],
  providers: [JobHandlers, JobLedger, JobRunsService, JobRunner, JobReaper, RunningJobs, JobMetrics, JobRetentionJob],
  exports: [JobHandlers, JobRunsService],
})
export class JobsModule {}

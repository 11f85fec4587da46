export { JobsModule } from './lib/jobs.module';
export { JobsConfig } from './lib/jobs-config';
export { jobsEntities, jobsMigrations } from './lib/jobs-schema';
export { JobHandlers } from './lib/execution/job-handlers';
export type { JobHandler, JobContext } from './lib/execution/job-handler';
export type { JobRunEnd } from './lib/execution/job-run-end';
export { JobRuns } from './lib/runs/job-runs.service';
export type { JobRunStatus } from './lib/runs/job-run.entity';
export { PermanentJobError } from './lib/execution/permanent-job-error';

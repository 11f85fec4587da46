import { JobRun } from './runs/job-run.entity';
import { JobRunEvent } from './runs/job-run-event.entity';
import { JobRuns1764000004000 } from '../migrations/1764000004000-job-runs';

/** The jobs context's tables. */
export const jobsEntities = [JobRun, JobRunEvent];

export const jobsMigrations = [JobRuns1764000004000];

export { QueueModule } from './lib/queue.module';
export { JobQueue, QUEUE_WAKE_UP_CHANNEL, QUEUE_WAKE_UP_SQL } from './lib/job-queue';
export type { QueueOptions } from './lib/queue-options';
export type { ScheduledJob } from './lib/scheduled-job';
export { ExpiringTables } from './lib/housekeeping/expiring-tables';
export type { ExpiringTable } from './lib/housekeeping/expiring-tables';
export { HousekeepingJob } from './lib/housekeeping/housekeeping.job';
export { purgeExpiredRows } from './lib/housekeeping/purge-expired-rows';
export { QueueConfig } from './lib/queue-config';

import { DynamicModule, Global, Module } from '@nestjs/common';
import { ExpiringTables } from './housekeeping/expiring-tables';
import { HOUSEKEEPING_CRON, HousekeepingJob } from './housekeeping/housekeeping.job';
import { JobQueue } from './job-queue';
import { QueueMetrics } from './queue-metrics';
import { QUEUE_OPTIONS, QueueOptions } from './queue-options';

/** pg-boss plus the platform's own scheduled work (housekeeping). */
@Global()
@Module({})
export class QueueModule {
  static forRoot(options: QueueOptions & { housekeepingCron: string }): DynamicModule {
    return {
      module: QueueModule,
      providers: [
        { provide: QUEUE_OPTIONS, useValue: options },
        { provide: HOUSEKEEPING_CRON, useValue: options.housekeepingCron },
        JobQueue,
        ExpiringTables,
        HousekeepingJob,
        QueueMetrics,
      ],
      exports: [JobQueue, ExpiringTables],
    };
  }
}

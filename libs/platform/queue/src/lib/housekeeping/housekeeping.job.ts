import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue } from '../job-queue';
import { ScheduledJob } from '../scheduled-job';
import { ExpiringTables } from './expiring-tables';

export const HOUSEKEEPING_CRON = Symbol('HOUSEKEEPING_CRON');

/** Deleting in batches keeps each statement short and its locks brief. */
const BATCH_SIZE = 1000;

/** Purges expired rows from every registered table, on a schedule. */
@Injectable()
export class HousekeepingJob implements ScheduledJob, OnModuleInit {
  readonly name = 'platform.housekeeping';
  private readonly logger = new Logger(HousekeepingJob.name);

  constructor(
    @Inject(HOUSEKEEPING_CRON) readonly cron: string,
    private readonly tables: ExpiringTables,
    private readonly queue: JobQueue,
    @InjectDataSource() private readonly dataSource: DataSource,
  ) {}

  onModuleInit(): void {
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    for (const { table, expiresAtColumn } of this.tables.list()) {
      let purged = 0;
      for (;;) {
        const [, count]: [unknown, number] = await this.dataSource.query(
          `DELETE FROM ${table} WHERE ctid IN (SELECT ctid FROM ${table} WHERE ${expiresAtColumn} < now() LIMIT ${BATCH_SIZE})`,
        );
        purged += count;
        if (count < BATCH_SIZE) break;
      }
      if (purged > 0) this.logger.log({ table, purged, msg: 'purged expired rows' });
    }
  }
}

import { Inject, Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { JobQueue } from '../job-queue';
import { ScheduledJob } from '../scheduled-job';
import { ExpiringTables } from './expiring-tables';
import { purgeExpiredRows } from './purge-expired-rows';

export const HOUSEKEEPING_CRON = Symbol('HOUSEKEEPING_CRON');

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

  /**
   * Each table in batches, as the owner role and in no workspace. Tenant
   * tables force row-level security even on their owner, so a tenant table
   * whose rows expire grants the owner, in its migration, exactly what this
   * needs: `CREATE POLICY <table>_housekeeping ON <table> FOR ALL TO keel_owner
   * USING (<expires_at> < now())`. Housekeeping can then see and delete
   * expired rows and nothing else.
   */
  async run(): Promise<void> {
    for (const { table, purged } of await purgeExpiredRows(this.dataSource, this.tables)) {
      if (purged > 0) this.logger.log({ table, purged, msg: 'purged expired rows' });
    }
  }
}

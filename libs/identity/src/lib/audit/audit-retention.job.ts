import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RetentionPolicies } from '@keel/platform-database';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';

/** What the audit trail keeps at least, and by default: a year, as auditors of most regimes expect. */
export const AUDIT_RETENTION_MINIMUM_DAYS = 365;

/**
 * Prunes audit events (the workspace trail, audit_events, and the account trail, account_audit_events) older than their
 * retention, daily: a year by default and at the least, longer when an
 * operator sets it (PUT /v1/admin/retention `audit_events`).
 */
@Injectable()
export class AuditRetentionJob implements ScheduledJob, OnModuleInit {
  readonly name = 'audit.retention';
  readonly cron = '37 3 * * *';
  private readonly logger = new Logger(AuditRetentionJob.name);

  constructor(
    private readonly queue: JobQueue,
    private readonly retention: RetentionPolicies,
  ) {}

  onModuleInit(): void {
    this.retention.register({
      key: 'audit_events',
      description: 'Audit events of workspaces and accounts, by when they happened.',
      defaultDays: AUDIT_RETENTION_MINIMUM_DAYS,
      minimumDays: AUDIT_RETENTION_MINIMUM_DAYS,
      table: 'audit_events',
      expiredRows: 'SELECT ctid FROM audit_events WHERE occurred_at < now() - make_interval(days => $1)',
      alsoFrom: [
        {
          table: 'account_audit_events',
          expiredRows: 'SELECT ctid FROM account_audit_events WHERE occurred_at < now() - make_interval(days => $1)',
        },
      ],
    });
    this.queue.registerSchedule(this);
  }

  async run(): Promise<void> {
    const pruned = await this.retention.purge('audit_events');
    if (pruned > 0) this.logger.log({ pruned, msg: 'pruned old audit events' });
  }
}

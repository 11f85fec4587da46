import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { RetentionPolicies } from '@keel/platform-database';
import { JobQueue, ScheduledJob } from '@keel/platform-queue';

/** What the audit trail keeps at least, and by default: a year, as auditors of most regimes expect. */
export const AUDIT_RETENTION_MINIMUM_DAYS = 365;

/**
 * The rows of a hash-chained trail past retention, but never a chain's newest
 * row: the next event links to it and continues its sequence, so a trail
 * quiet for longer than its retention keeps its place (and its anchors match).
 */
function expiredChainRows(table: string, chainColumn: string): string {
  return `SELECT ctid FROM ${table} e WHERE occurred_at < now() - make_interval(days => $1)
            AND seq < (SELECT max(h.seq) FROM ${table} h WHERE h.${chainColumn} = e.${chainColumn})`;
}

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
      description: 'Audit events of workspaces and accounts, and their older chain anchors, by when they happened.',
      defaultDays: AUDIT_RETENTION_MINIMUM_DAYS,
      minimumDays: AUDIT_RETENTION_MINIMUM_DAYS,
      table: 'audit_events',
      expiredRows: expiredChainRows('audit_events', 'workspace_id'),
      alsoFrom: [
        { table: 'account_audit_events', expiredRows: expiredChainRows('account_audit_events', 'user_id') },
        // Anchors as old, but each chain's latest: the one verification checks.
        {
          table: 'audit_chain_anchors',
          expiredRows: `SELECT ctid FROM audit_chain_anchors a WHERE signed_at < now() - make_interval(days => $1)
                          AND seq < (SELECT max(b.seq) FROM audit_chain_anchors b
                                      WHERE b.chain_kind = a.chain_kind AND b.chain_id = a.chain_id)`,
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

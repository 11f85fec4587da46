import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { BillingConfig } from '../billing-config';
import { DAY_MS } from '../subscriptions/proration';

/** How long a workspace's answer is kept: a payment recorded in another process is seen within this. */
export const PAST_DUE_CACHE_MS = 5_000;
const MAX_ENTRIES = 20_000;

/**
 * Dunning's read-only mode: once a subscription has been `past_due` for
 * BILLING_GRACE_DAYS, the workspace's writes other than billing's own are
 * refused with 402 SUBSCRIPTION_PAST_DUE (reads go on). Read in a tenant
 * transaction of the workspace and kept briefly, since every write asks;
 * a change in this process evicts at once.
 */
@Injectable()
export class PastDueWrites {
  /** The answer per workspace, or the read in flight: concurrent writes to one workspace share one read. */
  private readonly cache = new Map<string, { readOnlyFrom: Promise<Date | null>; until: number }>();

  constructor(
    private readonly tenants: TenantTransactions,
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly config: BillingConfig,
  ) {}

  /** Throws 402 SUBSCRIPTION_PAST_DUE when the workspace's grace period is over. */
  async assertWritable(workspaceId: string, now = new Date()): Promise<void> {
    const readOnlyFrom = await this.readOnlyFrom(workspaceId);
    if (readOnlyFrom === null || readOnlyFrom > now) return;
    throw new DomainError(
      'SUBSCRIPTION_PAST_DUE',
      `A payment failed and the ${this.config.BILLING_GRACE_DAYS}-day grace period ended on ${readOnlyFrom.toISOString()}: ` +
        'the workspace is read-only until its open invoice is paid. Reads and billing keep working.',
      { extensions: { readOnlyFrom: readOnlyFrom.toISOString() } },
    );
  }

  evict(workspaceId: string): void {
    this.cache.delete(workspaceId);
  }

  private readOnlyFrom(workspaceId: string): Promise<Date | null> {
    const cached = this.cache.get(workspaceId);
    if (cached && cached.until > Date.now()) return cached.readOnlyFrom;
    const readOnlyFrom = this.read(workspaceId);
    if (this.cache.size >= MAX_ENTRIES) this.cache.clear();
    this.cache.set(workspaceId, { readOnlyFrom, until: Date.now() + PAST_DUE_CACHE_MS });
    // A failed read is not kept (unless a newer read replaced it): the next write reads again.
    readOnlyFrom.catch(() => {
      if (this.cache.get(workspaceId)?.readOnlyFrom === readOnlyFrom) this.cache.delete(workspaceId);
    });
    return readOnlyFrom;
  }

  private async read(workspaceId: string): Promise<Date | null> {
    const [row] = await this.tenants.runInTenantTransaction(
      workspaceId,
      (): Promise<{ past_due_since: Date | null }[]> =>
        this.txHost.tx.query(
          `SELECT past_due_since FROM subscriptions WHERE workspace_id = $1 AND status = 'past_due'`,
          [workspaceId],
        ),
    );
    const since = row?.past_due_since ?? null;
    return since ? new Date(new Date(since).getTime() + this.config.BILLING_GRACE_DAYS * DAY_MS) : null;
  }
}

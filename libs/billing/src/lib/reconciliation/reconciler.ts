import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { In } from 'typeorm';
import { insertRows, newId, SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { Invoice } from '../invoices/invoice.entity';
import { BillingProvider } from '../provider/billing-provider';
import { accountOf } from '../provider/provider-sync';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { BillingMismatch } from './billing-mismatch.entity';
import { findMismatches, LocalBilling } from './find-mismatches';
import { Reconciliation } from './reconciliation.entity';

/** What started a reconciliation. */
export type ReconciliationTrigger = 'job' | 'cli';

/**
 * Compares one workspace's subscription and finalized invoices with the
 * provider's and records the run with its mismatches (both sides' values);
 * the open mismatches of the workspace's earlier runs are superseded, so the
 * latest run says what differs now. Keel's side is read in one tenant
 * transaction, the provider's outside any, and the result written in
 * another. Call it outside a transaction.
 */
@Injectable()
export class Reconciler {
  constructor(
    private readonly provider: BillingProvider,
    private readonly tenants: TenantTransactions,
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  get enabled(): boolean {
    return this.provider.holdsRecords;
  }

  async reconcile(
    workspaceId: string,
    trigger: ReconciliationTrigger,
    jobRunId: string | null = null,
  ): Promise<{ reconciliation: Reconciliation; mismatches: BillingMismatch[] }> {
    const startedAt = new Date();
    const local: LocalBilling = await this.tenants.runInTenantTransaction(workspaceId, async () => {
      const { subscription, plan } = await this.subscriptions.current(workspaceId);
      const invoices = await this.txHost.tx.getRepository(Invoice).find({
        where: { workspaceId, status: In(['open', 'paid', 'void', 'uncollectible']) },
        order: { id: 'ASC' },
      });
      const planPrice = plan.prices.find((price) => price.interval === subscription.interval)?.amount ?? 0;
      return { subscription, planPrice, invoices };
    });
    const snapshot = (await this.provider.snapshot(workspaceId, accountOf(local.subscription))) ?? {
      subscriptions: [],
      invoices: [],
    };
    const findings = findMismatches(local, snapshot);
    return this.tenants.runInTenantTransaction(workspaceId, async () => {
      const manager = this.txHost.tx;
      const reconciliation: Reconciliation = {
        workspaceId,
        id: newId(),
        provider: this.provider.name,
        trigger,
        jobRunId,
        mismatches: findings.length,
        startedAt,
        finishedAt: new Date(),
      };
      await manager.getRepository(Reconciliation).insert(reconciliation);
      await manager.getRepository(BillingMismatch).update({ workspaceId, status: 'open' }, { status: 'superseded' });
      const mismatches: BillingMismatch[] = findings.map((finding) => ({
        workspaceId,
        id: newId(),
        reconciliationId: reconciliation.id,
        type: finding.type,
        object: finding.object,
        localId: finding.localId,
        providerId: finding.providerId,
        local: finding.local,
        providerValue: finding.provider,
        status: 'open',
        resolution: null,
        note: null,
        resolvedBy: null,
        resolvedAt: null,
        createdAt: reconciliation.finishedAt,
      }));
      if (mismatches.length > 0) await insertRows(manager, BillingMismatch, mismatches);
      return { reconciliation, mismatches };
    });
  }
}

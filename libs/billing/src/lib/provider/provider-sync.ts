import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { SafeTypeOrmTransactionalAdapter, TenantTransactions } from '@keel/platform-database';
import { InvoiceLine } from '../invoices/invoice-line.entity';
import { Invoice } from '../invoices/invoice.entity';
import { inInvoiceOrder } from '../invoices/invoice-line-order';
import { Subscription } from '../subscriptions/subscription.entity';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { BillingProvider, Collection, ProviderAccount } from './billing-provider';

/**
 * Keeps the provider's side in step with Keel's: the workspace's customer,
 * its mirrored subscription, and the invoice made for a Keel invoice. Reads
 * and writes of Keel's rows happen in short tenant transactions; the calls to
 * the provider between them, outside any. Call it outside a transaction.
 */
@Injectable()
export class ProviderSync {
  constructor(
    private readonly provider: BillingProvider,
    private readonly tenants: TenantTransactions,
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly subscriptions: SubscriptionsService,
  ) {}

  /** Where the workspace is at the provider, as Keel recorded it. */
  account(workspaceId: string): Promise<ProviderAccount> {
    return this.tenants.runInTenantTransaction(workspaceId, async () => {
      const { subscription } = await this.subscriptions.current(workspaceId);
      return accountOf(subscription);
    });
  }

  /** Makes (or updates) the customer and the mirrored subscription at the provider; no-op for `none`. */
  async syncSubscription(workspaceId: string): Promise<ProviderAccount> {
    if (!this.provider.holdsRecords) return { customerId: null, subscriptionId: null };
    const { subscription, plan } = await this.tenants.runInTenantTransaction(workspaceId, () =>
      this.subscriptions.current(workspaceId),
    );
    const account = accountOf(subscription);
    const customerId = await this.provider.ensureCustomer(workspaceId, account);
    if (customerId === null) return account;
    const price = plan.prices.find((each) => each.interval === subscription.interval) ?? plan.prices[0];
    const subscriptionId = await this.provider.syncSubscription(
      subscription,
      { key: plan.key, name: plan.name, currency: price?.currency ?? 'usd' },
      customerId,
      { ...account, customerId },
    );
    const synced = { customerId, subscriptionId: subscriptionId || account.subscriptionId };
    await this.record(workspaceId, synced);
    return synced;
  }

  /** Asks the provider to collect a finalized invoice, and records the provider's invoice id on it. */
  async collect(workspaceId: string, invoiceId: string): Promise<Collection> {
    const account = this.provider.holdsRecords
      ? await this.syncSubscription(workspaceId)
      : { customerId: null, subscriptionId: null };
    const { invoice, lines } = await this.invoiceWithLines(workspaceId, invoiceId);
    const collection = await this.provider.collect(invoice, lines, account.customerId);
    if (collection.providerInvoiceId !== null) {
      await this.recordInvoice(workspaceId, invoiceId, collection.providerInvoiceId);
    }
    return collection;
  }

  /**
   * Makes a finalized Keel invoice the provider lacks (without charging it),
   * then brings it to Keel's state (paid out of band, void, uncollectible).
   */
  async pushInvoice(workspaceId: string, invoiceId: string): Promise<string> {
    const { customerId } = await this.syncSubscription(workspaceId);
    if (customerId === null) throw new Error('The provider holds no customers.');
    const { invoice, lines } = await this.invoiceWithLines(workspaceId, invoiceId);
    const providerInvoiceId = await this.provider.pushInvoice(invoice, lines, customerId);
    await this.recordInvoice(workspaceId, invoiceId, providerInvoiceId);
    if (invoice.status !== 'open') await this.provider.settleInvoice(invoice, providerInvoiceId);
    return providerInvoiceId;
  }

  /** Brings the provider's invoice to the state of Keel's (paid out of band, void, uncollectible). */
  async settleInvoice(workspaceId: string, invoiceId: string, providerInvoiceId: string): Promise<void> {
    const { invoice } = await this.invoiceWithLines(workspaceId, invoiceId);
    await this.provider.settleInvoice(invoice, providerInvoiceId);
  }

  private invoiceWithLines(
    workspaceId: string,
    invoiceId: string,
  ): Promise<{ invoice: Invoice; lines: InvoiceLine[] }> {
    return this.tenants.runInTenantTransaction(workspaceId, async () => {
      const manager = this.txHost.tx;
      return {
        invoice: await manager.getRepository(Invoice).findOneByOrFail({ workspaceId, id: invoiceId }),
        lines: inInvoiceOrder(await manager.getRepository(InvoiceLine).findBy({ workspaceId, invoiceId })),
      };
    });
  }

  private recordInvoice(workspaceId: string, invoiceId: string, providerInvoiceId: string): Promise<unknown> {
    return this.tenants.runInTenantTransaction(workspaceId, () =>
      this.txHost.tx.getRepository(Invoice).update({ workspaceId, id: invoiceId }, { providerInvoiceId }),
    );
  }

  private record(workspaceId: string, account: ProviderAccount): Promise<unknown> {
    // Not a change of the subscription (no new version): where it is at the provider.
    return this.tenants.runInTenantTransaction(workspaceId, () =>
      this.txHost.tx.query(
        `UPDATE subscriptions SET provider_customer_id = $2, provider_subscription_id = $3 WHERE workspace_id = $1`,
        [workspaceId, account.customerId, account.subscriptionId],
      ),
    );
  }
}

export function accountOf(subscription: Subscription): ProviderAccount {
  return { customerId: subscription.providerCustomerId, subscriptionId: subscription.providerSubscriptionId };
}

import { Injectable } from '@nestjs/common';
import { BillingProvider, Collection, ProviderSnapshot } from './billing-provider';

/**
 * `BILLING_PROVIDER=none`, the default for self-hosting: no one is charged.
 * A finalized invoice stays open until an operator records what happened
 * (`main.js billing:invoice <workspaceId> <invoiceId> paid|payment_failed|void|uncollectible`).
 * It holds no customers or subscriptions, so there is nothing to reconcile.
 */
@Injectable()
export class NoBillingProvider extends BillingProvider {
  readonly name = 'none';
  readonly holdsRecords = false;

  ensureCustomer(): Promise<string | null> {
    return Promise.resolve(null);
  }

  syncSubscription(): Promise<string | null> {
    return Promise.resolve(null);
  }

  collect(): Promise<Collection> {
    return Promise.resolve({ outcome: 'pending', providerInvoiceId: null });
  }

  pushInvoice(): Promise<string> {
    return Promise.reject(new Error('The none provider holds no invoices.'));
  }

  settleInvoice(): Promise<void> {
    return Promise.resolve();
  }

  snapshot(): Promise<ProviderSnapshot | null> {
    return Promise.resolve(null);
  }
}

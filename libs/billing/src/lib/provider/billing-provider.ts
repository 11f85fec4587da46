import type { InvoiceLine } from '../invoices/invoice-line.entity';
import type { Invoice, InvoiceStatus } from '../invoices/invoice.entity';
import type { Subscription, SubscriptionStatus } from '../subscriptions/subscription.entity';

/** What asking for a payment came to: paid now, refused, or an answer that comes later (an operator, a webhook). */
export type CollectionOutcome = 'paid' | 'failed' | 'pending';

/** What collecting an invoice did at the provider. */
export interface Collection {
  outcome: CollectionOutcome;
  /** The provider's id of the invoice it made for Keel's (null for `none`). */
  providerInvoiceId: string | null;
}

/** Where a workspace is at the provider: its customer, and the subscription mirroring Keel's. */
export interface ProviderAccount {
  customerId: string | null;
  subscriptionId: string | null;
}

/** A subscription as the provider holds it, in Keel's words. */
export interface ProviderSubscription {
  id: string;
  /** The Keel subscription it mirrors (its metadata), when it says. */
  keelSubscriptionId: string | null;
  status: SubscriptionStatus | string;
  planKey: string | null;
  interval: string | null;
}

/** An invoice as the provider holds it, in Keel's words. */
export interface ProviderInvoice {
  id: string;
  /** The Keel invoice it was made for (its metadata), when it says. */
  keelInvoiceId: string | null;
  status: InvoiceStatus | string;
  total: number;
  amountDue: number;
  currency: string;
}

/** What the provider holds for one workspace, for reconciliation. */
export interface ProviderSnapshot {
  subscriptions: ProviderSubscription[];
  invoices: ProviderInvoice[];
}

/** The plan price a subscription is mirrored with. */
export interface MirroredPlan {
  key: string;
  name: string;
  currency: string;
}

/**
 * The payment provider behind billing (BILLING_PROVIDER). Keel keeps the
 * subscription and the invoices; the provider holds the customer, a mirror
 * of the subscription, and is asked to collect what a finalized invoice says
 * is due. Every method is called outside any transaction: they talk over the
 * network. Every mutating call is safe to repeat (idempotency keys derived
 * from Keel's ids), so a retried job never charges twice.
 */
export abstract class BillingProvider {
  abstract readonly name: string;

  /** Whether the provider holds anything to reconcile with (`none` holds nothing). */
  abstract readonly holdsRecords: boolean;

  /** The provider's customer for a workspace: made once, its id kept by Keel. */
  abstract ensureCustomer(workspaceId: string, account: ProviderAccount): Promise<string | null>;

  /** Makes the provider's subscription say what Keel's says (plan, interval, trial, cancellation); its id. */
  abstract syncSubscription(
    subscription: Subscription,
    plan: MirroredPlan,
    customerId: string,
    account: ProviderAccount,
  ): Promise<string | null>;

  /** Asks for payment of a finalized invoice with something due. */
  abstract collect(invoice: Invoice, lines: InvoiceLine[], customerId: string | null): Promise<Collection>;

  /** Makes Keel's finalized invoice at the provider, line for line, without charging it; the provider's id. */
  abstract pushInvoice(invoice: Invoice, lines: InvoiceLine[], customerId: string): Promise<string>;

  /** Makes the provider's invoice say what Keel's says about its state (paid out of band, void, uncollectible). */
  abstract settleInvoice(invoice: Invoice, providerInvoiceId: string): Promise<void>;

  /** The workspace's subscriptions and invoices at the provider; null when it holds none (`none`). */
  abstract snapshot(workspaceId: string, account: ProviderAccount): Promise<ProviderSnapshot | null>;
}

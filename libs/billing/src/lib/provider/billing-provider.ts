import type { InvoiceLine } from '../invoices/invoice-line.entity';
import type { Invoice } from '../invoices/invoice.entity';

/** What asking for a payment came to: paid now, refused, or an answer that comes later (an operator, a webhook). */
export type CollectionOutcome = 'paid' | 'failed' | 'pending';

/**
 * The payment provider behind billing (BILLING_PROVIDER). Keel keeps the
 * subscription and the invoices; the provider is asked to collect what a
 * finalized invoice says is due.
 */
export abstract class BillingProvider {
  abstract readonly name: string;

  /** Asks for payment of a finalized invoice with something due. Called outside any transaction. */
  abstract collect(invoice: Invoice, lines: InvoiceLine[]): Promise<CollectionOutcome>;
}

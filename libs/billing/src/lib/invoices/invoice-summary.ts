import type { Invoice } from './invoice.entity';

/** The invoice as events carry it. */
export function invoiceSummary(invoice: Invoice) {
  return {
    id: invoice.id,
    status: invoice.status,
    currency: invoice.currency,
    total: invoice.total,
    amountDue: invoice.amountDue,
    period: { start: invoice.periodStart.toISOString(), end: invoice.periodEnd.toISOString() },
  };
}

import type { InvoiceLine } from '../invoice-line.entity';
import type { Invoice } from '../invoice.entity';

export class InvoicePeriod {
  /** @example "2026-12-01T00:00:00.000Z" */
  start: string;
  /** Exclusive. @example "2027-01-01T00:00:00.000Z" */
  end: string;
}

export class InvoiceLinePlan {
  /** @example "team" */
  key: string;
  /** @example 1 */
  version: number;
}

export class InvoiceLineResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a91" */
  id: string;
  /** `plan` (a period's price, in advance), `proration` (an upgrade mid-period) or `overage` (metered usage past what is included). @example "proration" */
  kind: string;
  /** @example "Remaining time on Business (19 of 30 days)" */
  description: string;
  /** @example 1 */
  quantity: number;
  /** Integer minor units; negative for a credit. @example 6270 */
  unitAmount: number;
  /** quantity × unitAmount, integer minor units. @example 6270 */
  amount: number;
  /** The time the line pays for. */
  period: InvoicePeriod;
  /** The plan the line prices, if any. */
  plan: InvoiceLinePlan | null;
  /** The metered feature of an overage line. @example null */
  feature: string | null;

  static of(line: InvoiceLine): InvoiceLineResponse {
    return {
      id: line.id,
      kind: line.kind,
      description: line.description,
      quantity: line.quantity,
      unitAmount: line.unitAmount,
      amount: line.amount,
      period: { start: line.periodStart.toISOString(), end: line.periodEnd.toISOString() },
      plan:
        line.planKey !== null && line.planVersion !== null ? { key: line.planKey, version: line.planVersion } : null,
      feature: line.feature,
    };
  }
}

export class InvoiceResponse {
  /** null for the upcoming invoice (a preview). @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a90" */
  id: string | null;
  /** `draft`, `open`, `paid`, `void` or `uncollectible`. @example "open" */
  status: string;
  /** ISO 4217, lower case. @example "usd" */
  currency: string;
  /** The billing period the invoice closes. */
  period: InvoicePeriod;
  lines: InvoiceLineResponse[];
  /** The sum of the lines, integer minor units. @example 14333 */
  subtotal: number;
  /** @example 14333 */
  total: number;
  /** What is to be paid (the total, never below zero). @example 14333 */
  amountDue: number;
  /** Failed payment attempts. @example 0 */
  attemptCount: number;
  /** @example null */
  paymentFailedAt: string | null;
  /** @example "2027-01-01T00:05:00.000Z" */
  finalizedAt: string | null;
  /** @example null */
  paidAt: string | null;
  /** @example null */
  voidedAt: string | null;
  /** @example null */
  markedUncollectibleAt: string | null;
  /** @example "2027-01-01T00:05:00.000Z" */
  createdAt: string | null;

  static of(invoice: Invoice, lines: InvoiceLine[]): InvoiceResponse {
    return {
      id: invoice.id,
      status: invoice.status,
      currency: invoice.currency,
      period: { start: invoice.periodStart.toISOString(), end: invoice.periodEnd.toISOString() },
      lines: lines.map(InvoiceLineResponse.of),
      subtotal: invoice.subtotal,
      total: invoice.total,
      amountDue: invoice.amountDue,
      attemptCount: invoice.attemptCount,
      paymentFailedAt: invoice.paymentFailedAt?.toISOString() ?? null,
      finalizedAt: invoice.finalizedAt?.toISOString() ?? null,
      paidAt: invoice.paidAt?.toISOString() ?? null,
      voidedAt: invoice.voidedAt?.toISOString() ?? null,
      markedUncollectibleAt: invoice.markedUncollectibleAt?.toISOString() ?? null,
      createdAt: invoice.createdAt.toISOString(),
    };
  }
}

export class InvoiceListResponse {
  data: InvoiceResponse[];
  /** @example null */
  nextCursor: string | null;
}

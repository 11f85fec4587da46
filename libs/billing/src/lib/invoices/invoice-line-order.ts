import type { InvoiceLine } from './invoice-line.entity';

const KIND_ORDER: Readonly<Record<InvoiceLine['kind'], number>> = { plan: 0, proration: 1, overage: 2 };

/** An invoice's lines as they read: the plan price, then the prorations in the order they happened, then overage. */
export function inInvoiceOrder(lines: InvoiceLine[]): InvoiceLine[] {
  return [...lines].sort(
    (left, right) =>
      KIND_ORDER[left.kind] - KIND_ORDER[right.kind] ||
      left.createdAt.getTime() - right.createdAt.getTime() ||
      left.id.localeCompare(right.id),
  );
}

import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import type { DomainEvent, EventConsumer } from '@keel/events';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { BILLING_PROVIDER_EVENT_RECEIVED } from '../billing-events';
import { Invoice, InvoiceStatus } from '../invoices/invoice.entity';
import { InvoiceOutcome, InvoicePayments } from '../invoices/invoice-payments.service';
import { ProviderEvent } from './provider-event.entity';

/** The provider's invoice events Keel acts on, and what each records. */
const INVOICE_OUTCOME: Readonly<Record<string, InvoiceOutcome>> = {
  'invoice.paid': 'paid',
  'invoice.payment_failed': 'payment_failed',
  'invoice.voided': 'void',
  'invoice.marked_uncollectible': 'uncollectible',
};

/** The states from which an outcome is news; from any other, the event is stale or already applied. */
const APPLIES_FROM: Readonly<Record<InvoiceOutcome, readonly InvoiceStatus[]>> = {
  paid: ['open'],
  payment_failed: ['open'],
  void: ['draft', 'open'],
  uncollectible: ['open'],
};

/**
 * Acts on each received provider event once (the event backbone claims the
 * delivery in the transaction of its effect). Out-of-order deliveries are
 * settled by the object's own timestamps: an event older than the last one
 * applied to the invoice is `stale`, and a payment failure that arrives after
 * the invoice was paid (or voided) does not reopen it. `invoice.paid`
 * restores a past_due subscription and `invoice.payment_failed` starts
 * dunning, as the operator command does for the `none` provider.
 */
@Injectable()
export class ProviderEventConsumer implements EventConsumer {
  readonly name = 'billing.provider-events';
  readonly eventTypes = [BILLING_PROVIDER_EVENT_RECEIVED];

  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly payments: InvoicePayments,
  ) {}

  async handle(event: DomainEvent): Promise<void> {
    const data = event.data as { provider: string; providerEventId: string };
    const events = this.txHost.tx.getRepository(ProviderEvent);
    const received = await events.findOneBy({
      workspaceId: event.workspaceId,
      provider: data.provider,
      providerEventId: data.providerEventId,
    });
    if (!received || received.processedAt !== null) return;
    const outcome = await this.apply(received);
    await events.update({ workspaceId: received.workspaceId, id: received.id }, { outcome, processedAt: new Date() });
  }

  private async apply(received: ProviderEvent): Promise<string> {
    const recorded = INVOICE_OUTCOME[received.type];
    const metadata = (received.object.metadata ?? {}) as Record<string, unknown>;
    const invoiceId = metadata.keel_invoice_id;
    if (!recorded || typeof invoiceId !== 'string') return 'ignored';
    const { workspaceId } = received;
    const invoice = await this.txHost.tx
      .getRepository(Invoice)
      .createQueryBuilder('invoice')
      .where('invoice.workspace_id = :workspaceId AND invoice.id = :invoiceId', { workspaceId, invoiceId })
      .setLock('pessimistic_write')
      .getOne();
    if (!invoice) return 'ignored';
    if (invoice.providerUpdatedAt !== null && received.occurredAt < invoice.providerUpdatedAt) return 'stale';
    if (!APPLIES_FROM[recorded].includes(invoice.status)) {
      return invoice.status === recorded ? 'duplicate' : 'stale';
    }
    // Keel records the failure of the payment it asked for itself; the provider's event of that attempt is not a second one.
    const attempts = received.object.attempt_count;
    if (recorded === 'payment_failed' && typeof attempts === 'number' && attempts <= invoice.attemptCount) {
      return 'duplicate';
    }
    await this.payments.record(workspaceId, invoiceId, recorded);
    await this.txHost.tx
      .getRepository(Invoice)
      .update({ workspaceId, id: invoiceId }, { providerUpdatedAt: received.occurredAt });
    return 'applied';
  }
}

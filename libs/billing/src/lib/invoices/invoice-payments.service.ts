import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { IsNull, Not } from 'typeorm';
import { Outbox } from '@keel/events';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import {
  BILLING_EVENT_VERSION,
  INVOICE_FINALIZED,
  INVOICE_PAID,
  INVOICE_PAYMENT_FAILED,
  SUBSCRIPTION_CHANGED,
} from '../billing-events';
import { PastDueWrites } from '../dunning/past-due-writes';
import { subscriptionSummary } from '../subscriptions/subscription-summary';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { Invoice, InvoiceStatus } from './invoice.entity';
import { invoiceSummary } from './invoice-summary';

/** What an operator (or a provider) records of an invoice. */
export type InvoiceOutcome = 'paid' | 'payment_failed' | 'void' | 'uncollectible';
export const INVOICE_OUTCOMES: readonly InvoiceOutcome[] = ['paid', 'payment_failed', 'void', 'uncollectible'];

const FROM: Readonly<Record<InvoiceOutcome, readonly InvoiceStatus[]>> = {
  paid: ['open'],
  payment_failed: ['open'],
  void: ['draft', 'open'],
  uncollectible: ['open'],
};

/**
 * An invoice's life after its lines are fixed: finalized (open), then paid,
 * void or uncollectible; and dunning: a failed payment makes the
 * subscription `past_due`, and it is restored once no open invoice has a
 * failed payment. Every method runs in the workspace's tenant transaction.
 */
@Injectable()
export class InvoicePayments {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly subscriptions: SubscriptionsService,
    private readonly outbox: Outbox,
    private readonly pastDue: PastDueWrites,
  ) {}

  private get invoices() {
    return this.txHost.tx.getRepository(Invoice);
  }

  /** A draft becomes open (invoice.finalized); with nothing to pay, it is paid at once (invoice.paid). */
  async finalize(invoice: Invoice): Promise<Invoice> {
    const now = new Date();
    Object.assign(invoice, { status: 'open', finalizedAt: now, updatedAt: now });
    await this.invoices.save(invoice);
    await this.publish(invoice.workspaceId, INVOICE_FINALIZED, { invoice: invoiceSummary(invoice) });
    if (invoice.amountDue === 0) return this.record(invoice.workspaceId, invoice.id, 'paid');
    return invoice;
  }

  /**
   * Records what happened to an invoice. 409 INVOICE_STATE_CONFLICT when its
   * state does not allow it (paying a void invoice); recording its current
   * state again (paid twice) changes nothing.
   */
  async record(workspaceId: string, invoiceId: string, outcome: InvoiceOutcome): Promise<Invoice> {
    const invoice = await this.invoices
      .createQueryBuilder('invoice')
      .where('invoice.workspace_id = :workspaceId AND invoice.id = :invoiceId', { workspaceId, invoiceId })
      .setLock('pessimistic_write')
      .getOne();
    if (!invoice) throw new DomainError('NOT_FOUND', 'No invoice of this workspace has this id.');
    if (outcome !== 'payment_failed' && invoice.status === outcome) return invoice;
    if (!FROM[outcome].includes(invoice.status)) {
      throw new DomainError(
        'INVOICE_STATE_CONFLICT',
        `The invoice is ${invoice.status}; it cannot be marked ${outcome}.`,
        {
          extensions: { status: invoice.status },
        },
      );
    }
    const now = new Date();
    if (outcome === 'payment_failed') {
      Object.assign(invoice, { attemptCount: invoice.attemptCount + 1, paymentFailedAt: now, updatedAt: now });
      await this.invoices.save(invoice);
      await this.publish(workspaceId, INVOICE_PAYMENT_FAILED, {
        invoice: invoiceSummary(invoice),
        attemptCount: invoice.attemptCount,
      });
      await this.markPastDue(workspaceId, now);
      return invoice;
    }
    const stamps: Partial<Invoice> =
      outcome === 'paid' ? { paidAt: now } : outcome === 'void' ? { voidedAt: now } : { markedUncollectibleAt: now };
    Object.assign(invoice, { ...stamps, status: outcome, updatedAt: now });
    await this.invoices.save(invoice);
    if (outcome === 'paid') await this.publish(workspaceId, INVOICE_PAID, { invoice: invoiceSummary(invoice) });
    await this.restoreIfSettled(workspaceId);
    return invoice;
  }

  private async markPastDue(workspaceId: string, at: Date): Promise<void> {
    const subscription = await this.subscriptions.locked(workspaceId);
    if (subscription.status === 'canceled' || subscription.status === 'past_due') return;
    const previous = {
      plan: { key: subscription.planKey, version: subscription.planVersion },
      status: subscription.status,
    };
    subscription.status = 'past_due';
    subscription.pastDueSince = at;
    await this.subscriptions.save(subscription);
    this.pastDue.evict(workspaceId);
    await this.publish(workspaceId, SUBSCRIPTION_CHANGED, {
      subscription: subscriptionSummary(subscription),
      change: 'past_due',
      previous,
    });
  }

  /** past_due lasts while an open invoice has a failed payment; then the subscription is active (or trialing) again. */
  private async restoreIfSettled(workspaceId: string): Promise<void> {
    const subscription = await this.subscriptions.locked(workspaceId);
    if (subscription.status !== 'past_due') return;
    const failing = await this.invoices.countBy({ workspaceId, status: 'open', paymentFailedAt: Not(IsNull()) });
    if (failing > 0) return;
    const previous = {
      plan: { key: subscription.planKey, version: subscription.planVersion },
      status: subscription.status,
    };
    subscription.status =
      subscription.trialEndsAt !== null && subscription.trialEndsAt > new Date() ? 'trialing' : 'active';
    subscription.pastDueSince = null;
    await this.subscriptions.save(subscription);
    this.pastDue.evict(workspaceId);
    await this.publish(workspaceId, SUBSCRIPTION_CHANGED, {
      subscription: subscriptionSummary(subscription),
      change: 'restored',
      previous,
    });
  }

  private async publish(workspaceId: string, type: string, data: Record<string, unknown>): Promise<void> {
    await this.outbox.publish(workspaceId, { type, version: BILLING_EVENT_VERSION, data });
  }
}

import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Outbox } from '@keel/events';
import { JobRunsService } from '@keel/jobs';
import { newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { BILLING_EVENT_VERSION, SUBSCRIPTION_CHANGED } from '../billing-events';
import { PlanCatalog } from '../catalog/plan-catalog.service';
import { subscriptionSummary } from '../subscriptions/subscription-summary';
import { SubscriptionsService } from '../subscriptions/subscriptions.service';
import { Invoice } from './invoice.entity';
import { InvoiceLine } from './invoice-line.entity';
import { InvoiceLines } from './invoice-lines';
import { InvoicePayments } from './invoice-payments.service';

/** The job run that closes a workspace's due periods and finalizes their invoices (in the jobs ledger). */
export const CLOSE_PERIOD_JOB = 'billing.close_period';

/** At most this many periods are closed in one go (a workspace left unbilled for years catches up run by run). */
const MAX_PERIODS_PER_RUN = 24;

/**
 * Closing billing periods: for each period of the workspace's subscription
 * that has ended, a draft invoice with its lines (the next period's plan
 * price, the closed period's prorations and overage), and the subscription
 * renewed into the next period (a scheduled downgrade or cancellation
 * applied, a trial ended). Finalizing turns the drafts into open invoices.
 * Every method runs in the workspace's tenant transaction, under the
 * subscription's row lock.
 */
@Injectable()
export class PeriodClosing {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly subscriptions: SubscriptionsService,
    private readonly catalog: PlanCatalog,
    private readonly lines: InvoiceLines,
    private readonly payments: InvoicePayments,
    private readonly outbox: Outbox,
    private readonly jobs: JobRunsService,
  ) {}

  /** Closes every ended period (oldest first); the draft invoices made. */
  async closeDue(workspaceId: string, now = new Date()): Promise<Invoice[]> {
    const drafts: Invoice[] = [];
    for (let closed = 0; closed < MAX_PERIODS_PER_RUN; closed++) {
      const subscription = await this.subscriptions.locked(workspaceId);
      if (subscription.currentPeriodEnd > now) break;
      const invoice = await this.closeOne(workspaceId);
      if (invoice) drafts.push(invoice);
    }
    return drafts;
  }

  /**
   * Before a change to the subscription, inside the request: closes what has
   * ended so the change applies to the period holding now, and queues the
   * run that finalizes the drafts (it runs after this transaction commits).
   */
  async catchUp(workspaceId: string): Promise<void> {
    const drafts = await this.closeDue(workspaceId);
    if (drafts.length > 0) await this.jobs.start(workspaceId, CLOSE_PERIOD_JOB, {});
  }

  /** Every draft of the workspace, finalized, oldest first: the invoices now open (or paid, with nothing due). */
  async finalizeDrafts(workspaceId: string): Promise<Invoice[]> {
    const drafts = await this.txHost.tx
      .getRepository(Invoice)
      .find({ where: { workspaceId, status: 'draft' }, order: { periodEnd: 'ASC' } });
    const finalized: Invoice[] = [];
    for (const draft of drafts) finalized.push(await this.payments.finalize(draft));
    return finalized;
  }

  private async closeOne(workspaceId: string): Promise<Invoice | null> {
    const subscription = await this.subscriptions.locked(workspaceId);
    const plan = await this.catalog.version(subscription.planKey, subscription.planVersion);
    const closing = { start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd };
    const { lines, renewal, currency } = await this.lines.closing(workspaceId, subscription, plan, closing);
    let invoice: Invoice | null = null;
    if (lines.length > 0) {
      const subtotal = lines.reduce((sum, line) => sum + line.amount, 0);
      const now = new Date();
      invoice = {
        workspaceId,
        id: newId(),
        subscriptionId: subscription.id,
        status: 'draft',
        currency,
        periodStart: closing.start,
        periodEnd: closing.end,
        subtotal,
        total: subtotal,
        amountDue: Math.max(0, subtotal),
        attemptCount: 0,
        paymentFailedAt: null,
        providerInvoiceId: null,
        providerUpdatedAt: null,
        finalizedAt: null,
        paidAt: null,
        voidedAt: null,
        markedUncollectibleAt: null,
        createdAt: now,
        updatedAt: now,
      };
      await this.txHost.tx.getRepository(Invoice).insert(invoice);
      const invoiceId = invoice.id;
      await this.txHost.tx.getRepository(InvoiceLine).save(lines.map((line) => ({ ...line, invoiceId })));
    }
    const previous = {
      plan: { key: subscription.planKey, version: subscription.planVersion },
      status: subscription.status,
    };
    const changed =
      renewal.plan.key !== plan.key || renewal.plan.version !== plan.version || renewal.status !== subscription.status;
    Object.assign(subscription, {
      planKey: renewal.plan.key,
      planVersion: renewal.plan.version,
      interval: renewal.interval,
      status: renewal.status,
      canceledAt: renewal.canceledAt,
      currentPeriodStart: renewal.next.start,
      currentPeriodEnd: renewal.next.end,
      cancelAtPeriodEnd: false,
      pendingPlanKey: null,
      pendingPlanVersion: null,
      pendingInterval: null,
      pastDueSince: renewal.status === 'canceled' ? null : subscription.pastDueSince,
    });
    await this.subscriptions.save(subscription);
    if (changed) {
      await this.outbox.publish(workspaceId, {
        type: SUBSCRIPTION_CHANGED,
        version: BILLING_EVENT_VERSION,
        data: {
          subscription: subscriptionSummary(subscription),
          change: renewal.status === 'canceled' ? 'canceled' : 'renewed',
          previous,
        },
      });
    }
    return invoice;
  }
}

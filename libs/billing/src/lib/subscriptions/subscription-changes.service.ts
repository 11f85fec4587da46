import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { Outbox } from '@keel/events';
import { SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { DomainError } from '@keel/platform-errors';
import { BILLING_EVENT_VERSION, SUBSCRIPTION_CHANGED, SubscriptionChange } from '../billing-events';
import { PlanCatalog, priceOf } from '../catalog/plan-catalog.service';
import type { PlanVersion } from '../catalog/plan-version.entity';
import { InvoiceLine } from '../invoices/invoice-line.entity';
import { InvoiceLines } from '../invoices/invoice-lines';
import { PeriodClosing } from '../invoices/period-closing.service';
import { periodEnd } from './billing-period';
import { CancelSubscriptionDto, ChangeSubscriptionDto } from './dto/change-subscription.dto';
import { prorationOf } from './proration';
import type { Subscription } from './subscription.entity';
import { subscriptionSummary } from './subscription-summary';
import { CurrentSubscription, SubscriptionsService } from './subscriptions.service';

function invalid(field: string, message: string): DomainError {
  return new DomainError('VALIDATION_FAILED', message, { errors: [{ field, rule: field, message }] });
}

/**
 * Changing plan and cancelling (docs/billing.md, "Changing plan"): an
 * upgrade takes effect now, prorated; a downgrade or a new interval at the
 * end of the period; during a trial any change takes effect now, free. Every
 * method runs in the workspace's tenant transaction, under the
 * subscription's row lock, after closing any period that has ended.
 */
@Injectable()
export class SubscriptionChanges {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly subscriptions: SubscriptionsService,
    private readonly catalog: PlanCatalog,
    private readonly closing: PeriodClosing,
    private readonly lines: InvoiceLines,
    private readonly outbox: Outbox,
  ) {}

  async change(workspaceId: string, dto: ChangeSubscriptionDto, now = new Date()): Promise<CurrentSubscription> {
    await this.closing.catchUp(workspaceId);
    const subscription = await this.subscriptions.locked(workspaceId);
    const target = await this.catalog.currentPlan(dto.plan);
    if (!target) throw invalid('plan', `There is no plan "${dto.plan}" in the catalog.`);
    const interval = dto.interval ?? subscription.interval;
    if (!target.prices.some((price) => price.interval === interval)) {
      throw invalid('interval', `${target.name} has no ${interval === 'year' ? 'yearly' : 'monthly'} price.`);
    }
    const current = await this.catalog.version(subscription.planKey, subscription.planVersion);
    const previous = { plan: { key: current.key, version: current.version }, status: subscription.status };
    let change: SubscriptionChange;
    if (subscription.status === 'canceled') {
      this.resubscribe(subscription, target, interval, now);
      change = 'resubscribed';
    } else if (target.key === current.key && interval === subscription.interval) {
      if (!subscription.cancelAtPeriodEnd && subscription.pendingPlanKey === null) {
        return this.subscriptions.current(workspaceId, now);
      }
      this.unschedule(subscription);
      change = 'change_unscheduled';
    } else if (subscription.status === 'trialing') {
      this.unschedule(subscription);
      Object.assign(subscription, { planKey: target.key, planVersion: target.version, interval });
      change = 'plan_changed';
    } else if (interval === subscription.interval && priceOf(target, interval) > priceOf(current, interval)) {
      await this.upgradeNow(subscription, current, target, now);
      change = 'plan_changed';
    } else {
      Object.assign(subscription, {
        pendingPlanKey: target.key,
        pendingPlanVersion: target.version,
        pendingInterval: interval,
        cancelAtPeriodEnd: false,
      });
      change = 'change_scheduled';
    }
    await this.subscriptions.save(subscription);
    await this.publish(workspaceId, subscription, change, previous);
    return this.subscriptions.current(workspaceId, now);
  }

  async cancel(workspaceId: string, dto: CancelSubscriptionDto, now = new Date()): Promise<CurrentSubscription> {
    await this.closing.catchUp(workspaceId);
    const subscription = await this.subscriptions.locked(workspaceId);
    if (subscription.status === 'canceled' || (dto.atPeriodEnd && subscription.cancelAtPeriodEnd)) {
      return this.subscriptions.current(workspaceId, now);
    }
    const previous = {
      plan: { key: subscription.planKey, version: subscription.planVersion },
      status: subscription.status,
    };
    this.unschedule(subscription);
    if (dto.atPeriodEnd) {
      subscription.cancelAtPeriodEnd = true;
    } else {
      const fallback = await this.catalog.defaultPlan();
      Object.assign(subscription, {
        planKey: fallback.key,
        planVersion: fallback.version,
        status: 'canceled',
        canceledAt: now,
        pastDueSince: null,
      });
    }
    await this.subscriptions.save(subscription);
    await this.publish(workspaceId, subscription, dto.atPeriodEnd ? 'cancel_scheduled' : 'canceled', previous);
    return this.subscriptions.current(workspaceId, now);
  }

  /**
   * The new plan from now: the old plan's unused whole days credited and the
   * new plan's charged (proration.ts), as two lines of the invoice that closes
   * this period.
   */
  private async upgradeNow(subscription: Subscription, current: PlanVersion, target: PlanVersion, now: Date) {
    const period = { start: subscription.currentPeriodStart, end: subscription.currentPeriodEnd };
    const proration = prorationOf(
      period,
      now,
      priceOf(current, subscription.interval),
      priceOf(target, subscription.interval),
    );
    const rest = { start: now, end: period.end };
    const days = `${proration.remainingDays} of ${proration.periodDays} days`;
    const lines: InvoiceLine[] = [];
    if (proration.credit !== 0) {
      lines.push(
        this.lines.line(subscription.workspaceId, subscription.id, {
          kind: 'proration',
          description: `Unused time on ${current.name} (${days})`,
          quantity: 1,
          unitAmount: proration.credit,
          period: rest,
          plan: current,
        }),
      );
    }
    if (proration.charge !== 0) {
      lines.push(
        this.lines.line(subscription.workspaceId, subscription.id, {
          kind: 'proration',
          description: `Remaining time on ${target.name} (${days})`,
          quantity: 1,
          unitAmount: proration.charge,
          period: rest,
          plan: target,
        }),
      );
    }
    if (lines.length > 0) await this.txHost.tx.getRepository(InvoiceLine).insert(lines);
    this.unschedule(subscription);
    Object.assign(subscription, { planKey: target.key, planVersion: target.version });
  }

  /** A canceled subscription starts again on `plan`, with a new period from now. */
  private resubscribe(subscription: Subscription, plan: PlanVersion, interval: string, now: Date): void {
    this.unschedule(subscription);
    Object.assign(subscription, {
      planKey: plan.key,
      planVersion: plan.version,
      interval,
      status: 'active',
      canceledAt: null,
      trialEndsAt: null,
      currentPeriodStart: now,
      currentPeriodEnd: periodEnd(now, interval),
    });
  }

  private unschedule(subscription: Subscription): void {
    Object.assign(subscription, {
      pendingPlanKey: null,
      pendingPlanVersion: null,
      pendingInterval: null,
      cancelAtPeriodEnd: false,
    });
  }

  private async publish(
    workspaceId: string,
    subscription: Subscription,
    change: SubscriptionChange,
    previous: { plan: { key: string; version: number }; status: string },
  ): Promise<void> {
    await this.outbox.publish(workspaceId, {
      type: SUBSCRIPTION_CHANGED,
      version: BILLING_EVENT_VERSION,
      data: { subscription: subscriptionSummary(subscription), change, previous },
    });
  }
}

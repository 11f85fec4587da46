import { Injectable } from '@nestjs/common';
import { TransactionHost } from '@nestjs-cls/transactional';
import { IsNull } from 'typeorm';
import { newId, SafeTypeOrmTransactionalAdapter } from '@keel/platform-database';
import { PlanCatalog, priceOf } from '../catalog/plan-catalog.service';
import type { PlanVersion } from '../catalog/plan-version.entity';
import { MetersService } from '../metering/meters.service';
import { UsageRollups } from '../metering/usage-rollups';
import { BillingPeriod, periodEnd } from '../subscriptions/billing-period';
import type { Subscription, SubscriptionStatus } from '../subscriptions/subscription.entity';
import { InvoiceLine } from './invoice-line.entity';

/** What a subscription becomes when its period ends. */
export interface Renewal {
  plan: PlanVersion;
  interval: string;
  status: SubscriptionStatus;
  canceledAt: Date | null;
  next: BillingPeriod;
}

/** The lines of the invoice that closes a period, and what the subscription becomes. */
export interface ClosingInvoice {
  lines: InvoiceLine[];
  renewal: Renewal;
  currency: string;
}

const INTERVAL_WORDS: Record<string, string> = { month: 'monthly', year: 'yearly' };

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

/**
 * The lines of a period's invoice: the next period's plan price (billed in
 * advance, unless the subscription ends), the prorations of the closing
 * period, and its metered overage (billed in arrears), in that order. Reads
 * the open tenant transaction.
 */
@Injectable()
export class InvoiceLines {
  constructor(
    private readonly txHost: TransactionHost<SafeTypeOrmTransactionalAdapter>,
    private readonly catalog: PlanCatalog,
    private readonly meters: MetersService,
    private readonly rollups: UsageRollups,
  ) {}

  private get lines() {
    return this.txHost.tx.getRepository(InvoiceLine);
  }

  /** The prorations not invoiced yet, oldest first. */
  pending(workspaceId: string, subscriptionId: string): Promise<InvoiceLine[]> {
    return this.lines.find({
      where: { workspaceId, subscriptionId, invoiceId: IsNull() },
      order: { createdAt: 'ASC', id: 'ASC' },
    });
  }

  /** What the subscription becomes at the end of `closing`: a scheduled change or cancellation applied, a trial over. */
  async renewalOf(subscription: Subscription, plan: PlanVersion, closing: BillingPeriod): Promise<Renewal> {
    let next: Omit<Renewal, 'next'> = {
      plan,
      interval: subscription.interval,
      status: subscription.status,
      canceledAt: subscription.canceledAt,
    };
    if (subscription.cancelAtPeriodEnd && subscription.status !== 'canceled') {
      next = { ...next, plan: await this.catalog.defaultPlan(), status: 'canceled', canceledAt: closing.end };
    } else if (subscription.pendingPlanKey !== null && subscription.pendingPlanVersion !== null) {
      next = {
        ...next,
        plan: await this.catalog.version(subscription.pendingPlanKey, subscription.pendingPlanVersion),
        interval: subscription.pendingInterval ?? subscription.interval,
      };
    }
    if (next.status === 'trialing' && (subscription.trialEndsAt === null || subscription.trialEndsAt <= closing.end)) {
      next = { ...next, status: 'active' };
    }
    return { ...next, next: { start: closing.end, end: periodEnd(closing.end, next.interval) } };
  }

  /** The invoice closing `closing` (lines not saved; pending prorations included as they are). */
  async closing(
    workspaceId: string,
    subscription: Subscription,
    plan: PlanVersion,
    closing: BillingPeriod,
  ): Promise<ClosingInvoice> {
    const renewal = await this.renewalOf(subscription, plan, closing);
    const lines: InvoiceLine[] = [];
    const price = priceOf(renewal.plan, renewal.interval);
    if (renewal.status !== 'canceled' && price > 0) {
      lines.push(
        this.line(workspaceId, subscription.id, {
          kind: 'plan',
          description: `${renewal.plan.name} (${INTERVAL_WORDS[renewal.interval] ?? renewal.interval})`,
          quantity: 1,
          unitAmount: price,
          period: renewal.next,
          plan: renewal.plan,
        }),
      );
    }
    lines.push(...(await this.pending(workspaceId, subscription.id)));
    lines.push(...(await this.overage(workspaceId, subscription.id, plan, closing)));
    const currency = renewal.plan.prices[0]?.currency ?? plan.prices[0]?.currency ?? 'usd';
    return { lines, renewal, currency };
  }

  /**
   * One line per metered feature of `plan` used past what it includes in
   * `period` and priced per unit: the units beyond `included` (a fraction of
   * a unit counts whole) × `overageUnitAmount`.
   */
  private async overage(
    workspaceId: string,
    subscriptionId: string,
    plan: PlanVersion,
    period: BillingPeriod,
  ): Promise<InvoiceLine[]> {
    const lines: InvoiceLine[] = [];
    const features = Object.entries(plan.features).sort(([left], [right]) => left.localeCompare(right));
    for (const [feature, definition] of features) {
      const included = definition.included ?? null;
      const unitAmount = definition.overageUnitAmount ?? 0;
      if (definition.kind !== 'metered' || included === null || unitAmount <= 0) continue;
      const meter = await this.meters.find(workspaceId, feature);
      if (!meter) continue;
      const usage = await this.rollups.total(workspaceId, meter.key, meter.aggregation, period.start, period.end);
      const quantity = Math.max(0, Math.ceil(usage) - included);
      if (quantity === 0) continue;
      lines.push(
        this.line(workspaceId, subscriptionId, {
          kind: 'overage',
          description: `${feature}: ${formatCount(quantity)} beyond the ${formatCount(included)} included in ${plan.name}`,
          quantity,
          unitAmount,
          period,
          plan,
          feature,
        }),
      );
    }
    return lines;
  }

  /** A line of `quantity × unitAmount`, not saved. */
  line(
    workspaceId: string,
    subscriptionId: string,
    spec: {
      kind: InvoiceLine['kind'];
      description: string;
      quantity: number;
      unitAmount: number;
      amount?: number;
      period: BillingPeriod;
      plan: PlanVersion | null;
      feature?: string;
    },
  ): InvoiceLine {
    return {
      workspaceId,
      id: newId(),
      subscriptionId,
      invoiceId: null,
      kind: spec.kind,
      description: spec.description,
      quantity: spec.quantity,
      unitAmount: spec.unitAmount,
      amount: spec.amount ?? spec.quantity * spec.unitAmount,
      periodStart: spec.period.start,
      periodEnd: spec.period.end,
      planKey: spec.plan?.key ?? null,
      planVersion: spec.plan?.version ?? null,
      feature: spec.feature ?? null,
      createdAt: new Date(),
    };
  }
}

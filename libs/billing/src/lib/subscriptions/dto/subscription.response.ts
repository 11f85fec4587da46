import { pendingChangeOf } from '../subscription-summary';
import type { CurrentSubscription } from '../subscriptions.service';

export class SubscriptionPlanReference {
  /** @example "team" */
  key: string;
  /** The plan version the subscription took; it keeps it until it changes plan. @example 1 */
  version: number;
  /** @example "Team" */
  name: string;
}

export class SubscriptionPeriod {
  /** @example "2026-12-01T00:00:00.000Z" */
  start: string;
  /** Exclusive. @example "2027-01-01T00:00:00.000Z" */
  end: string;
}

export class SubscriptionPendingPlan {
  /** @example "free" */
  key: string;
  /** @example 1 */
  version: number;
}

export class SubscriptionPendingChange {
  plan: SubscriptionPendingPlan;
  /** @example "month" */
  interval: string;
  /** The end of the current period. @example "2027-01-01T00:00:00.000Z" */
  effectiveAt: string;
}

export class SubscriptionResponse {
  /** @example "0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a90" */
  id: string;
  plan: SubscriptionPlanReference;
  /** `month` or `year`. @example "month" */
  interval: string;
  /** `trialing`, `active`, `past_due`, `paused` or `canceled`. @example "trialing" */
  status: string;
  /** @example "2026-12-15T00:00:00.000Z" */
  trialEndsAt: string | null;
  /** The period holding now (the trial, while it lasts). */
  currentPeriod: SubscriptionPeriod;
  /** Whether the subscription ends with the current period. @example false */
  cancelAtPeriodEnd: boolean;
  /** @example null */
  canceledAt: string | null;
  /** A downgrade (or a new interval) waiting for the end of the period; null when none is. */
  pendingChange: SubscriptionPendingChange | null;
  /** When a payment failed (status `past_due`); null otherwise. @example null */
  pastDueSince: string | null;
  /** When writes other than billing stop if nothing is paid (pastDueSince + BILLING_GRACE_DAYS); null unless past_due. @example null */
  readOnlyFrom: string | null;
  /** @example 1 */
  version: number;
  /** @example "2026-12-01T00:00:00.000Z" */
  createdAt: string;

  static of({ subscription, plan, period }: CurrentSubscription, graceDays: number): SubscriptionResponse {
    return {
      id: subscription.id,
      plan: { key: plan.key, version: plan.version, name: plan.name },
      interval: subscription.interval,
      status: subscription.status,
      trialEndsAt: subscription.trialEndsAt?.toISOString() ?? null,
      currentPeriod: { start: period.start.toISOString(), end: period.end.toISOString() },
      cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
      canceledAt: subscription.canceledAt?.toISOString() ?? null,
      pendingChange: pendingChangeOf(subscription),
      pastDueSince: subscription.pastDueSince?.toISOString() ?? null,
      readOnlyFrom: subscription.pastDueSince
        ? new Date(subscription.pastDueSince.getTime() + graceDays * 86_400_000).toISOString()
        : null,
      version: subscription.version,
      createdAt: subscription.createdAt.toISOString(),
    };
  }
}

import type { BillingPeriod } from './billing-period';
import type { Subscription } from './subscription.entity';

/** A change waiting for the end of the period. */
export interface PendingChange {
  plan: { key: string; version: number };
  interval: string;
  effectiveAt: string;
}

export function pendingChangeOf(subscription: Subscription): PendingChange | null {
  if (subscription.pendingPlanKey === null || subscription.pendingPlanVersion === null) return null;
  return {
    plan: { key: subscription.pendingPlanKey, version: subscription.pendingPlanVersion },
    interval: subscription.pendingInterval ?? subscription.interval,
    effectiveAt: subscription.currentPeriodEnd.toISOString(),
  };
}

/** The subscription as events carry it. */
export function subscriptionSummary(subscription: Subscription, period?: BillingPeriod) {
  return {
    id: subscription.id,
    plan: { key: subscription.planKey, version: subscription.planVersion },
    interval: subscription.interval,
    status: subscription.status,
    currentPeriod: {
      start: (period?.start ?? subscription.currentPeriodStart).toISOString(),
      end: (period?.end ?? subscription.currentPeriodEnd).toISOString(),
    },
    cancelAtPeriodEnd: subscription.cancelAtPeriodEnd,
    pendingChange: pendingChangeOf(subscription),
  };
}

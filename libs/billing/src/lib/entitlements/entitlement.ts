import type { Enforcement, FeatureKind, PlanFeature } from '../catalog/plan';
import type { PlanVersion } from '../catalog/plan-version.entity';
import type { BillingPeriod } from '../subscriptions/billing-period';

export type EntitlementState = 'ok' | 'warning' | 'exceeded';

/** The share of a limit (or included quantity) from which an entitlement reads `warning`. */
export const WARNING_SHARE = 0.8;

/** One feature as a workspace has it now: what the plan grants, what is used, and what is left. */
export interface Entitlement {
  feature: string;
  kind: FeatureKind;
  enabled: boolean;
  /** The limit, or for a metered feature the included quantity; null is unlimited. */
  limit: number | null;
  /** null for a boolean feature. */
  usage: number | null;
  remaining: number | null;
  state: EntitlementState;
  enforcement: Enforcement;
  period: BillingPeriod;
  plan: { key: string; version: number };
  reason: string;
}

function formatCount(value: number): string {
  return value.toLocaleString('en-US');
}

function stateOf(limit: number | null, usage: number): EntitlementState {
  if (limit === null) return 'ok';
  if (usage >= limit) return 'exceeded';
  return usage >= limit * WARNING_SHARE ? 'warning' : 'ok';
}

/** The entitlement `feature` of `plan` gives a workspace that uses `usage` of it this `period`. */
export function entitlementOf(
  feature: string,
  definition: PlanFeature,
  plan: PlanVersion,
  usage: number,
  period: BillingPeriod,
): Entitlement {
  const base = { feature, kind: definition.kind, enforcement: definition.enforcement, period };
  const planRef = { key: plan.key, version: plan.version };
  if (definition.kind === 'boolean') {
    const enabled = definition.enabled ?? false;
    return {
      ...base,
      enabled,
      limit: null,
      usage: null,
      remaining: null,
      state: 'ok',
      plan: planRef,
      reason: `${feature} is ${enabled ? '' : 'not '}included in ${plan.name}`,
    };
  }
  const limit = (definition.kind === 'limit' ? definition.limit : definition.included) ?? null;
  const state = stateOf(limit, usage);
  const period_ = definition.kind === 'metered' ? ' this period' : '';
  const reason =
    limit === null
      ? `${formatCount(usage)} ${feature}${period_}, unlimited on ${plan.name}`
      : `${formatCount(usage)} of ${formatCount(limit)} ${feature}${period_} on ${plan.name}`;
  return {
    ...base,
    enabled: limit === null || limit > 0 || definition.kind === 'metered',
    limit,
    usage,
    remaining: limit === null ? null : Math.max(0, limit - usage),
    state,
    plan: planRef,
    reason,
  };
}

/**
 * The cheapest current plan (catalog order) other than `current` under which
 * the workspace could hold `needed` of `feature`: a plan without the feature,
 * or with no limit, or a limit of at least `needed`. Null when none does.
 */
export function upgradeFor(plans: PlanVersion[], current: string, feature: string, needed: number): PlanVersion | null {
  for (const plan of plans) {
    if (plan.key === current) continue;
    const definition = plan.features[feature];
    const limit = definition ? (definition.kind === 'metered' ? definition.included : definition.limit) : null;
    if (limit === null || limit === undefined || limit >= needed) return plan;
  }
  return null;
}

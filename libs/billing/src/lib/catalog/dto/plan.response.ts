import type { PlanVersion } from '../plan-version.entity';

export class PlanPriceResponse {
  /** `month` or `year`. @example "month" */
  interval: string;
  /** Integer minor units (cents). @example 2900 */
  amount: number;
  /** ISO 4217, lower case. @example "usd" */
  currency: string;
}

export class PlanFeatureResponse {
  /** `boolean`, `limit` or `metered`. @example "limit" */
  kind: string;
  /** For `boolean`. @example true */
  enabled?: boolean;
  /** For `limit`: how many a workspace may hold; null is unlimited. @example 50 */
  limit?: number | null;
  /** For `metered`: included per period; null is unlimited. @example 1000000 */
  included?: number | null;
  /** For `metered`: integer minor units per unit beyond `included`. @example 0 */
  overageUnitAmount?: number;
  /** `hard` (refused past the limit, 402) or `soft` (allowed, with a `Keel-Entitlement-Warning` header). @example "hard" */
  enforcement: string;
}

export class PlanResponse {
  /** @example "team" */
  key: string;
  /** @example "Team" */
  name: string;
  /** The current version; a subscription keeps the version it took until it changes plan. @example 1 */
  version: number;
  prices: PlanPriceResponse[];
  /** @example 14 */
  trialDays: number;
  /** By feature key. @example {"projects":{"kind":"limit","limit":50,"enforcement":"hard"}} */
  features: Record<string, PlanFeatureResponse>;
  /** Whether a new workspace starts on this plan. @example false */
  default: boolean;

  static of(plan: PlanVersion): PlanResponse {
    return {
      key: plan.key,
      name: plan.name,
      version: plan.version,
      prices: plan.prices,
      trialDays: plan.trialDays,
      features: plan.features,
      default: plan.isDefault,
    };
  }
}

export class PlanListResponse {
  /** Cheapest first. */
  data: PlanResponse[];
}

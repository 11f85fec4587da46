/** How a feature is granted: on or off, a count the workspace may hold, or a quantity it uses per period. */
export type FeatureKind = 'boolean' | 'limit' | 'metered';
/** `hard`: refused past the limit (402); `soft`: allowed, with a warning header. */
export type Enforcement = 'hard' | 'soft';
export type PriceInterval = 'month' | 'year';

export interface PlanPrice {
  interval: PriceInterval;
  /** Integer minor units (cents). */
  amount: number;
  /** ISO 4217, lower-case as Stripe writes it. */
  currency: string;
}

export interface PlanFeature {
  kind: FeatureKind;
  /** For `boolean`: whether the plan has it. */
  enabled?: boolean;
  /** For `limit`: how many the workspace may hold; absent or null is unlimited. */
  limit?: number | null;
  /** For `metered`: the quantity included per period; absent or null is unlimited. */
  included?: number | null;
  /** For `metered`: integer minor units per unit beyond `included`. */
  overageUnitAmount?: number;
  enforcement: Enforcement;
}

/** One plan as the catalog file states it. */
export interface PlanDefinition {
  key: string;
  name: string;
  prices: PlanPrice[];
  trialDays: number;
  features: Record<string, PlanFeature>;
}

export interface BillingCatalog {
  /** The plan a new workspace starts on. */
  defaultPlan: string;
  /** Cheapest first: the order `GET /v1/plans` lists them and upgrades are sought in. */
  plans: PlanDefinition[];
}

/** A plan as stored: the definition and the version it was synced as. */
export interface PlanVersionView extends PlanDefinition {
  version: number;
}

/** The features Keel counts itself, live, for `Entitlements.assertWithinLimit`. */
/** The quantity a metered feature includes per period; null for any other feature, or none included. */
export function includedQuantity(feature: PlanFeature | undefined): number | null {
  return feature?.kind === 'metered' ? (feature.included ?? null) : null;
}

/**
 * The `limit` feature setting the requests a minute a workspace's routes take
 * (its rate limit bucket, also its burst); null is unlimited, 0 turns the
 * limit off too. Without it the deployment's RATE_LIMIT_WORKSPACE_PER_MINUTE applies.
 */
export const API_RATE_LIMIT_FEATURE = 'api_rate_limit';

export const COUNTED_FEATURES = ['members', 'projects', 'webhook_endpoints', 'api_keys'] as const;
export type CountedFeature = (typeof COUNTED_FEATURES)[number];

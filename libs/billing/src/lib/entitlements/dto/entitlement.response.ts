import type { Entitlement } from '../entitlement';

export class EntitlementPeriod {
  /** @example "2026-12-01T00:00:00.000Z" */
  start: string;
  /** Exclusive. @example "2027-01-01T00:00:00.000Z" */
  end: string;
}

export class EntitlementPlan {
  /** @example "team" */
  key: string;
  /** @example 1 */
  version: number;
}

export class EntitlementResponse {
  /** @example "projects" */
  feature: string;
  /** `boolean`, `limit` or `metered`. @example "limit" */
  kind: string;
  /** @example true */
  enabled: boolean;
  /** The limit, or a metered feature's included quantity per period; null is unlimited. @example 50 */
  limit: number | null;
  /** Counted live for limits, this period's total for metered features; null for booleans. @example 38 */
  usage: number | null;
  /** @example 12 */
  remaining: number | null;
  /** `ok`, `warning` (80 % or more used) or `exceeded` (nothing left). @example "ok" */
  state: string;
  /** `hard` or `soft`. @example "hard" */
  enforcement: string;
  period: EntitlementPeriod;
  plan: EntitlementPlan;
  /** @example "38 of 50 projects on Team" */
  reason: string;

  static of(entitlement: Entitlement): EntitlementResponse {
    return {
      ...entitlement,
      period: { start: entitlement.period.start.toISOString(), end: entitlement.period.end.toISOString() },
    };
  }
}

export class EntitlementListResponse {
  data: EntitlementResponse[];
}

import type { BillingPeriod } from './billing-period';

export const DAY_MS = 86_400_000;

/** What an upgrade made at `at` costs for the rest of the period, in integer minor units. */
export interface Proration {
  /** Whole days of the period. */
  periodDays: number;
  /** Whole days left after the day of the change. */
  remainingDays: number;
  /** The unused time on the old plan, credited: zero or negative. */
  credit: number;
  /** The remaining time on the new plan, charged. */
  charge: number;
}

/** `amount × numerator / denominator` rounded to the nearest minor unit, halves up; exact in integers. */
export function prorate(amount: number, numerator: number, denominator: number): number {
  return Math.floor((2 * amount * numerator + denominator) / (2 * denominator));
}

/**
 * The documented formula (docs/billing.md, "Proration"): with D the period's
 * whole days and r the whole days left after the day of the change
 * (`floor((end − at) / 1 day)`), the old plan's unused time is credited as
 * `−round(oldPrice × r / D)` and the new plan's remaining time charged as
 * `round(newPrice × r / D)`, each rounded to the minor unit, halves up. The
 * day of the change is paid at the old price.
 */
export function prorationOf(period: BillingPeriod, at: Date, oldPrice: number, newPrice: number): Proration {
  const periodDays = Math.max(1, Math.round((period.end.getTime() - period.start.getTime()) / DAY_MS));
  const remainingDays = Math.min(periodDays, Math.max(0, Math.floor((period.end.getTime() - at.getTime()) / DAY_MS)));
  return {
    periodDays,
    remainingDays,
    credit: 0 - prorate(oldPrice, remainingDays, periodDays),
    charge: prorate(newPrice, remainingDays, periodDays),
  };
}

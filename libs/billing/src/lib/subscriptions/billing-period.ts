/** A billing period: from `start` (inclusive) to `end` (exclusive). */
export interface BillingPeriod {
  start: Date;
  end: Date;
}

/**
 * `date` moved by `count` months, on the same day of the month (the last day
 * when the month is shorter: 31 January + 1 month is 28 or 29 February) and
 * the same time of day, in UTC.
 */
export function addMonths(date: Date, count: number): Date {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + count;
  const lastDay = new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
  return new Date(
    Date.UTC(
      year,
      month,
      Math.min(date.getUTCDate(), lastDay),
      date.getUTCHours(),
      date.getUTCMinutes(),
      date.getUTCSeconds(),
      date.getUTCMilliseconds(),
    ),
  );
}

/** The end of a period of one `interval` starting at `start`. */
export function periodEnd(start: Date, interval: string): Date {
  return addMonths(start, interval === 'year' ? 12 : 1);
}

/**
 * The period of `interval` that holds `at`: the stored one while it lasts,
 * then periods of `interval` following it, each counted from the stored
 * period's end so the day of the month never drifts.
 */
export function periodHolding(stored: BillingPeriod, interval: string, at: Date): BillingPeriod {
  if (at < stored.end) return stored;
  const months = interval === 'year' ? 12 : 1;
  for (let index = 0; ; index++) {
    const end = addMonths(stored.end, months * (index + 1));
    if (at < end) return { start: addMonths(stored.end, months * index), end };
  }
}

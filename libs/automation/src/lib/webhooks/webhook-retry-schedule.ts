/**
 * How long after a failed attempt the next one runs, in seconds: attempt n+1
 * waits WEBHOOK_RETRY_DELAYS_SECONDS[n - 1] after attempt n failed. The first
 * attempt runs at once; with these seven retries a delivery gets eight attempts
 * over about a day and a half (the Standard Webhooks schedule).
 */
export const WEBHOOK_RETRY_DELAYS_SECONDS: readonly number[] = [
  5,
  5 * 60,
  30 * 60,
  2 * 60 * 60,
  5 * 60 * 60,
  10 * 60 * 60,
  10 * 60 * 60,
];

/** Attempts a delivery gets on the schedule; a manual retry may add more. */
export const WEBHOOK_MAX_ATTEMPTS = WEBHOOK_RETRY_DELAYS_SECONDS.length + 1;

/** An endpoint failing without a single success for this long is disabled. */
export const WEBHOOK_DISABLE_AFTER_FAILING_MS = 5 * 24 * 60 * 60 * 1000;

/** Seconds until the attempt after `attempt` (1-based) when it failed, or null when it was the last one. */
export function retryDelayAfter(attempt: number): number | null {
  if (!Number.isInteger(attempt) || attempt < 1) throw new RangeError('An attempt number is a whole number from 1.');
  return WEBHOOK_RETRY_DELAYS_SECONDS[attempt - 1] ?? null;
}

/**
 * Calls `probe` until `accept` holds for its result, and returns that result;
 * fails with the last result seen once `timeoutMs` has passed. For things that
 * happen on their own, a little later (readiness recovering, a log line).
 */
export async function pollUntil<T>(
  description: string,
  probe: () => Promise<T>,
  accept: (value: T) => boolean,
  { timeoutMs = 20_000, intervalMs = 200 }: { timeoutMs?: number; intervalMs?: number } = {},
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: T | undefined;
  let lastError: unknown;
  for (;;) {
    try {
      last = await probe();
      if (accept(last)) return last;
    } catch (error) {
      lastError = error;
    }
    if (Date.now() > deadline) {
      const seen = last === undefined ? String(lastError) : JSON.stringify(last).slice(0, 1000);
      throw new Error(`${description}: not seen within ${timeoutMs} ms; last seen: ${seen}`);
    }
    await new Promise((wait) => setTimeout(wait, intervalMs));
  }
}

import type { Measurement } from './measure';

/** One operation of a timed loop, in milliseconds since the loop started. */
export interface TimedOperation {
  startedAtMs: number;
  finishedAtMs: number;
  /** False when the operation answered "no" (a verify that did not match): counted like a non-2xx. */
  succeeded: boolean;
}

/** Nearest-rank percentile of ascending values; 0 for none. */
export function percentile(sortedAscending: number[], p: number): number {
  if (sortedAscending.length === 0) return 0;
  const rank = Math.ceil((p / 100) * sortedAscending.length);
  return sortedAscending[Math.min(sortedAscending.length, Math.max(1, rank)) - 1];
}

/** p50, p99 and mean latency of operations, in whole milliseconds like autocannon's. */
export function latencySummary(
  operations: TimedOperation[],
): Pick<Measurement, 'latencyP50Ms' | 'latencyP99Ms' | 'latencyMeanMs'> {
  const latencies = operations
    .map((operation) => Math.round(operation.finishedAtMs - operation.startedAtMs))
    .sort((a, b) => a - b);
  const mean = latencies.length === 0 ? 0 : latencies.reduce((sum, value) => sum + value, 0) / latencies.length;
  return {
    latencyP50Ms: percentile(latencies, 50),
    latencyP99Ms: percentile(latencies, 99),
    latencyMeanMs: Math.round(mean * 100) / 100,
  };
}

/**
 * A loop's operations summarised the way autocannon summarises HTTP
 * requests, so the two sit in one table: only operations that finished
 * within the duration count; the rate is the mean of one-second samples;
 * latencies are in whole milliseconds. `cpuMs`, the CPU the loop's process
 * used while every operation ran, gives the CPU per operation.
 */
export function loopMeasurement(
  operations: TimedOperation[],
  durationSeconds: number,
  errors = 0,
  cpuMs?: number,
): Measurement {
  const durationMs = durationSeconds * 1000;
  const finished = operations.filter((operation) => operation.finishedAtMs <= durationMs);
  const seconds = Math.max(1, Math.floor(durationSeconds));
  const perSecond = new Array<number>(seconds).fill(0);
  for (const operation of finished) perSecond[Math.min(seconds - 1, Math.floor(operation.finishedAtMs / 1000))] += 1;
  return {
    requestsPerSecond: perSecond.reduce((sum, count) => sum + count, 0) / seconds,
    ...latencySummary(finished),
    requests: finished.length,
    non2xx: finished.filter((operation) => !operation.succeeded).length,
    errors,
    timeouts: 0,
    durationSeconds,
    // Over every operation, those that finished after the duration too: the CPU reading covers them all.
    ...(cpuMs === undefined || operations.length === 0
      ? {}
      : { cpuMsPerRequest: Math.round((cpuMs / operations.length) * 100) / 100 }),
  };
}

import { Agent, request as httpRequest } from 'node:http';
import { performance } from 'node:perf_hooks';
import type { BenchRequest } from './bench-request';
import { latencySummary, loopMeasurement, TimedOperation } from './loop-stats';
import type { Measurement } from './measure';

/** How long requests still in flight when the time is up may take before they count as timeouts. */
const DRAIN_TIMEOUT_MS = 10_000;

/** The share of the flat-out rate a steady load offers when no rate is configured. */
export const AUTO_RATE_SHARE = 0.2;

/** The rate to offer: the configured one, or a fifth of what the target served flat out. */
export function steadyRate(configured: number, flatOutRequestsPerSecond: number): number {
  if (configured > 0) return configured;
  return Math.max(1, Math.round(flatOutRequestsPerSecond * AUTO_RATE_SHARE));
}

/**
 * When the `index`-th request of a steady load is due, in ms after the start:
 * evenly spaced, so requests arrive one by one rather than in bursts.
 */
export function dueAtMs(index: number, ratePerSecond: number): number {
  return (index * 1000) / ratePerSecond;
}

interface Sent {
  operation: TimedOperation;
  done: Promise<void>;
}

/**
 * An open-loop load: requests leave at a steady `ratePerSecond` whether or
 * not earlier ones have been answered (autocannon's closed loop waits, and so
 * always runs the target at its limit). Latency is counted from when a
 * request was due, so a target that falls behind shows it. Keep-alive
 * connections are opened as needed.
 */
export async function measureAtSteadyRate(
  url: string,
  requests: BenchRequest[],
  settings: { ratePerSecond: number; durationSeconds: number },
): Promise<Measurement> {
  const target = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: 1_000 });
  const sent: Sent[] = [];
  let errors = 0;
  const start = performance.now();
  const send = (index: number): Sent => {
    const operation: TimedOperation = {
      startedAtMs: dueAtMs(index, settings.ratePerSecond),
      finishedAtMs: Infinity,
      succeeded: false,
    };
    const request = requests[index % requests.length];
    const done = new Promise<void>((resolve) => {
      const outgoing = httpRequest(
        {
          agent,
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.path,
          headers: request.headers,
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            operation.finishedAtMs = performance.now() - start;
            operation.succeeded = (response.statusCode ?? 0) >= 200 && (response.statusCode ?? 0) < 300;
            resolve();
          });
        },
      );
      outgoing.on('error', () => {
        errors += 1;
        resolve();
      });
      outgoing.end(request.body);
    });
    return { operation, done };
  };

  const endMs = settings.durationSeconds * 1000;
  for (let index = 0; dueAtMs(index, settings.ratePerSecond) < endMs; index += 1) {
    const wait = dueAtMs(index, settings.ratePerSecond) - (performance.now() - start);
    if (wait > 1) await new Promise((resume) => setTimeout(resume, wait));
    sent.push(send(index));
  }
  await Promise.race([
    Promise.all(sent.map((entry) => entry.done)),
    new Promise((resume) => setTimeout(resume, DRAIN_TIMEOUT_MS)),
  ]);
  agent.destroy();
  const answered = sent.map((entry) => entry.operation).filter((operation) => Number.isFinite(operation.finishedAtMs));
  return {
    // The rate counts what was answered within the time…
    ...loopMeasurement(answered, settings.durationSeconds, errors),
    // …the latency every request that was sent, late answers included: they are the point.
    ...latencySummary(answered),
    non2xx: answered.filter((operation) => !operation.succeeded).length,
    timeouts: sent.length - answered.length - errors,
  };
}

import autocannon from 'autocannon';
import type { BenchTarget } from './bench-targets';

export interface Measurement {
  /** autocannon's mean of its one-second samples. */
  requestsPerSecond: number;
  /** autocannon records latency in whole milliseconds. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMeanMs: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
  durationSeconds: number;
}

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
}

/** The autocannon run in flight, so an interrupt can stop it before the targets go away. */
let running: autocannon.Instance | undefined;

export function stopRunningLoad(): void {
  running?.stop();
}

function rotated<T>(items: T[], by: number): T[] {
  return [...items.slice(by), ...items.slice(0, by)];
}

/**
 * Loads one target with `connections` keep-alive connections for the duration.
 * Each connection starts at its own place in the path list so they do not
 * all ask for the same row at the same moment.
 */
export async function measure(target: BenchTarget, paths: string[], settings: LoadSettings): Promise<Measurement> {
  const requests = paths.map((path) => ({ method: 'GET', path }));
  let clients = 0;
  const instance = autocannon({
    url: target.url,
    connections: settings.connections,
    duration: settings.durationSeconds,
    requests,
    setupClient: (client) => {
      clients += 1;
      if (requests.length > 1) client.setRequests(rotated(requests, (clients * 97) % requests.length));
    },
  });
  running = instance;
  try {
    const result = await instance;
    return {
      requestsPerSecond: result.requests.average,
      latencyP50Ms: result.latency.p50,
      latencyP99Ms: result.latency.p99,
      latencyMeanMs: result.latency.average,
      requests: result.requests.total,
      non2xx: result.non2xx,
      errors: result.errors,
      timeouts: result.timeouts,
      durationSeconds: result.duration,
    };
  } finally {
    running = undefined;
  }
}

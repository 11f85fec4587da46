import autocannon from 'autocannon';
import type { BenchRequest } from './bench-request';
import { cpuMsPerRequest, processCpuMs } from './process-cpu';

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
  /**
   * CPU time the measured process used (all its threads) per request served,
   * in ms; absent where it cannot be read. PostgreSQL's own CPU is not in it.
   * Unlike req/s, it hardly moves when other work shares the machine.
   */
  cpuMsPerRequest?: number;
}

export interface LoadSettings {
  connections: number;
  durationSeconds: number;
}

/** The autocannon runs in flight, so an interrupt can stop them before the targets go away. */
const running = new Set<autocannon.Instance>();

export function stopRunningLoad(): void {
  for (const instance of running) instance.stop();
}

function rotated<T>(items: T[], by: number): T[] {
  return [...items.slice(by), ...items.slice(0, by)];
}

/** A load in flight: its result, and a way to end it before its duration is up. */
export interface RunningLoad {
  result: Promise<Measurement>;
  stop(): void;
}

/**
 * Starts loading `url` with `connections` keep-alive connections for the
 * duration. Each connection starts at its own place in the request list so
 * they do not all ask for the same row (or sign in the same account) at the
 * same moment. A DynamicBenchRequest's hooks go to autocannon with it: a
 * write is made afresh before each send.
 */
export function startLoad(
  url: string,
  requests: BenchRequest[],
  settings: LoadSettings,
  serverPid?: number,
): RunningLoad {
  let clients = 0;
  const cpuBefore = processCpuMs(serverPid);
  const instance = autocannon({
    url,
    connections: settings.connections,
    duration: settings.durationSeconds,
    requests,
    setupClient: (client) => {
      clients += 1;
      if (requests.length > 1) client.setRequests(rotated(requests, (clients * 97) % requests.length));
    },
  });
  running.add(instance);
  const result = (async (): Promise<Measurement> => {
    try {
      const outcome = await instance;
      const cpu = cpuMsPerRequest(cpuBefore, processCpuMs(serverPid), outcome.requests.total);
      return {
        requestsPerSecond: outcome.requests.average,
        latencyP50Ms: outcome.latency.p50,
        latencyP99Ms: outcome.latency.p99,
        latencyMeanMs: outcome.latency.average,
        requests: outcome.requests.total,
        non2xx: outcome.non2xx,
        errors: outcome.errors,
        timeouts: outcome.timeouts,
        durationSeconds: outcome.duration,
        ...(cpu === undefined ? {} : { cpuMsPerRequest: cpu }),
      };
    } finally {
      running.delete(instance);
    }
  })();
  return { result, stop: () => instance.stop() };
}

/** Loads `url` for the whole duration and returns what autocannon saw (and, given its pid, the server's CPU per request). */
export function measure(
  url: string,
  requests: BenchRequest[],
  settings: LoadSettings,
  serverPid?: number,
): Promise<Measurement> {
  return startLoad(url, requests, settings, serverPid).result;
}

import { EvidenceUnparseable } from './evidence-unparseable';
import { isJsonObject, JsonObject, readJsonObject } from './read-json';

/** Request duration statistics in milliseconds, each present when the summary has it. */
export interface DurationFacts {
  avg?: number;
  min?: number;
  med?: number;
  max?: number;
  p90?: number;
  p95?: number;
  /** Only when the run asked for it (`--summary-trend-stats` with p(99)). */
  p99?: number;
}

export interface LoadTestFacts {
  http_req_duration?: DurationFacts;
  /** Share of failed requests, 0–1 (k6's own unit: `rate < 0.01` is 1 %). */
  http_req_failed?: { rate: number };
  /** Share of k6 checks that passed, 0–1. */
  checks?: { rate: number };
  /** Completed iterations of the default function. */
  iterations?: number;
}

const TREND_STATS: [keyof DurationFacts, string][] = [
  ['avg', 'avg'],
  ['min', 'min'],
  ['med', 'med'],
  ['max', 'max'],
  ['p90', 'p(90)'],
  ['p95', 'p(95)'],
  ['p99', 'p(99)'],
];

/**
 * k6's `--summary-export` JSON (metrics.<name> holds the figures directly:
 * "p(95)", "value", "count"), and equally the data a `handleSummary` writes
 * with JSON.stringify (metrics.<name>.values holds them, rates as "rate").
 * A metric the run did not produce is absent from the facts.
 */
export function parseLoadTest(bytes: Buffer): LoadTestFacts {
  const summary = readJsonObject(bytes, "k6's summary");
  const metrics = summary['metrics'];
  if (!isJsonObject(metrics)) {
    throw new EvidenceUnparseable('not a k6 summary: "metrics" is missing (export it with k6 run --summary-export)');
  }
  const facts: LoadTestFacts = {};

  const duration = figures(metrics, 'http_req_duration');
  if (duration) {
    const stats: DurationFacts = {};
    for (const [fact, key] of TREND_STATS) {
      const value = finite(duration[key], `metrics.http_req_duration["${key}"]`);
      if (value !== undefined) stats[fact] = value;
    }
    facts.http_req_duration = stats;
  }
  for (const name of ['http_req_failed', 'checks'] as const) {
    const rate = figures(metrics, name);
    if (!rate) continue;
    const value = finite(rate['rate'] ?? rate['value'], `metrics.${name}.value`);
    if (value === undefined) continue;
    if (value < 0 || value > 1) throw new EvidenceUnparseable(`metrics.${name} rate must be between 0 and 1`);
    facts[name] = { rate: value };
  }
  const iterations = figures(metrics, 'iterations');
  const count = iterations ? finite(iterations['count'], 'metrics.iterations.count') : undefined;
  if (count !== undefined) facts.iterations = count;

  if (Object.keys(facts).length === 0) {
    throw new EvidenceUnparseable(
      'no http_req_duration, http_req_failed, checks or iterations metric in the k6 summary',
    );
  }
  return facts;
}

/** A metric's figures: the object itself (--summary-export) or its "values" (handleSummary's data). */
function figures(metrics: JsonObject, name: string): JsonObject | undefined {
  const metric = metrics[name];
  if (!isJsonObject(metric)) return undefined;
  return isJsonObject(metric['values']) ? metric['values'] : metric;
}

function finite(value: unknown, where: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number' || !Number.isFinite(value)) throw new EvidenceUnparseable(`${where} must be a number`);
  return value;
}

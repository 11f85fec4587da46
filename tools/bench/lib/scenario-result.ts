import type { EventPipelineResult } from './event-pipeline-result';
import type { IngestionResult } from './ingestion-result';
import type { Measurement } from './measure';
import type { TargetName } from './bench-targets';
import { median } from './median';

/** One target's figures for a scenario: the median of its rounds. */
export interface TargetSummary {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** CPU of the measured process per request, when every round could read it. */
  cpuMsPerRequest?: number;
}

/**
 * Keel against a floor: the Fastify + pg baseline, the raw argon2id verify
 * loop, or (versus-route) Keel's own HTTP route doing the same work.
 */
export interface ScenarioResult {
  kind: 'versus-baseline' | 'versus-argon2id' | 'versus-route';
  scenario: string;
  description: string;
  distinctPaths: number;
  rounds: Record<TargetName, Measurement[]>;
  keel: TargetSummary;
  /** The floor's figures: the baseline server's, the argon2id loop's (verifications/s, per-verify latency), or the route's. */
  baseline: TargetSummary;
  /** Keel's req/s over the floor's: 1 means no overhead at all. */
  ratio: number;
}

/** A steady load alone, and beside a second load that runs flat out, on one target. */
export interface UnderLoadSide {
  /** What ran beside the steady load, e.g. "sign-ins". */
  backgroundLabel: string;
  rounds: { alone: Measurement[]; loaded: Measurement[]; background: Measurement[] };
  alone: TargetSummary;
  loaded: TargetSummary;
  /** The second load's own figures, measured while it ran beside the first. */
  background: TargetSummary;
  /** p99 with the second load over p99 without it. */
  p99Ratio: number;
}

/**
 * The same steady load on Keel (alone, then beside its own sign-ins) and on
 * the baseline (alone, then beside the raw argon2id verify loop).
 */
export interface UnderLoadResult {
  kind: 'under-load';
  scenario: string;
  description: string;
  distinctPaths: number;
  /** The steady load's pace, on both targets, alone and loaded alike. */
  offeredRatePerSecond: number;
  keel: UnderLoadSide;
  baseline: UnderLoadSide;
}

export type BenchResult = ScenarioResult | UnderLoadResult | EventPipelineResult | IngestionResult;

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? round(numerator / denominator, 2) : 0;
}

/** Medians rather than means: one round disturbed by the machine should not move the figure. */
export function summarise(rounds: Measurement[]): TargetSummary {
  const cpu = rounds.map((r) => r.cpuMsPerRequest).filter((value): value is number => value !== undefined);
  return {
    requestsPerSecond: round(median(rounds.map((r) => r.requestsPerSecond)), 0),
    latencyP50Ms: median(rounds.map((r) => r.latencyP50Ms)),
    latencyP99Ms: median(rounds.map((r) => r.latencyP99Ms)),
    ...(cpu.length > 0 && cpu.length === rounds.length ? { cpuMsPerRequest: round(median(cpu), 2) } : {}),
  };
}

export function scenarioResult(
  scenario: { name: string; description: string; kind: ScenarioResult['kind'] },
  distinctPaths: number,
  rounds: Record<TargetName, Measurement[]>,
): ScenarioResult {
  const keel = summarise(rounds.keel);
  const baseline = summarise(rounds.baseline);
  return {
    kind: scenario.kind,
    scenario: scenario.name,
    description: scenario.description,
    distinctPaths,
    rounds,
    keel,
    baseline,
    ratio: ratio(keel.requestsPerSecond, baseline.requestsPerSecond),
  };
}

export function underLoadSide(backgroundLabel: string, rounds: UnderLoadSide['rounds']): UnderLoadSide {
  const alone = summarise(rounds.alone);
  const loaded = summarise(rounds.loaded);
  return {
    backgroundLabel,
    rounds,
    alone,
    loaded,
    background: summarise(rounds.background),
    p99Ratio: ratio(loaded.latencyP99Ms, alone.latencyP99Ms),
  };
}

export function underLoadResult(
  scenario: { name: string; description: string },
  distinctPaths: number,
  offeredRatePerSecond: number,
  sides: { keel: UnderLoadSide; baseline: UnderLoadSide },
): UnderLoadResult {
  return {
    kind: 'under-load',
    scenario: scenario.name,
    description: scenario.description,
    distinctPaths,
    offeredRatePerSecond,
    ...sides,
  };
}

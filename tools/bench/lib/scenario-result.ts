import type { Measurement } from './measure';
import type { TargetName } from './bench-targets';

/** One target's figures for a scenario: the median of its rounds. */
export interface TargetSummary {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
}

export interface ScenarioResult {
  scenario: string;
  description: string;
  distinctPaths: number;
  rounds: Record<TargetName, Measurement[]>;
  keel: TargetSummary;
  baseline: TargetSummary;
  /** Keel's req/s over the baseline's: 1 means no overhead at all. */
  ratio: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

function round(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}

/** Medians rather than means: one round disturbed by the machine should not move the figure. */
export function summarise(rounds: Measurement[]): TargetSummary {
  return {
    requestsPerSecond: round(median(rounds.map((r) => r.requestsPerSecond)), 0),
    latencyP50Ms: median(rounds.map((r) => r.latencyP50Ms)),
    latencyP99Ms: median(rounds.map((r) => r.latencyP99Ms)),
  };
}

export function scenarioResult(
  scenario: { name: string; description: string },
  distinctPaths: number,
  rounds: Record<TargetName, Measurement[]>,
): ScenarioResult {
  const keel = summarise(rounds.keel);
  const baseline = summarise(rounds.baseline);
  return {
    scenario: scenario.name,
    description: scenario.description,
    distinctPaths,
    rounds,
    keel,
    baseline,
    ratio: baseline.requestsPerSecond > 0 ? round(keel.requestsPerSecond / baseline.requestsPerSecond, 2) : 0,
  };
}

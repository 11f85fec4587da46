import type { TargetName } from './bench-targets';
import type { PipelineMeasurement } from './pickup-stats';
import { median } from './median';

/** One side of a pipeline phase: the median of its rounds. */
export interface PipelineSummary {
  committedPerSecond: number;
  eventsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  drainMs: number;
  /** Over every round: events the consumer had not taken when the run stopped waiting (any is a failure). */
  undelivered: number;
  /** When every round could read it. */
  cpuMsPerEvent?: number;
}

/**
 * How the producers of a phase sent their events: evenly spaced at a rate
 * (open loop, the latency phase), or as fast as `concurrency` senders at a
 * time could (the ceiling).
 */
export type Pace = { kind: 'steady'; ratePerSecond: number } | { kind: 'flat-out'; concurrency: number };

/** The same events, produced the same way, through Keel and through the SKIP LOCKED loop. */
export interface PipelinePhaseResult {
  pace: Pace;
  /** Events each side produced per round. */
  eventsPerRound: number;
  rounds: Record<TargetName, PipelineMeasurement[]>;
  keel: PipelineSummary;
  baseline: PipelineSummary;
  /** Keel's events/s over the baseline's: 1 is as fast as the loop. */
  throughputRatio: number;
  /** Keel's pickup p50 over the baseline's: 1 is as quick as the loop. */
  latencyP50Ratio: number;
}

/** Events from commit to consumer: Keel's outbox, relay and pg-boss consumer against a hand-written SKIP LOCKED loop. */
export interface EventPipelineResult {
  kind: 'event-pipeline';
  scenario: string;
  description: string;
  /** Projects whose transitions produce Keel's events. */
  distinctPaths: number;
  /** The consumer whose pickup is timed on Keel's side. */
  consumer: string;
  /** What Keel's pickup p50 should stay under at the steady rate. */
  targetP50Ms: number;
  phases: PipelinePhaseResult[];
}

const tenth = (value: number): number => Math.round(value * 10) / 10;

function ratio(numerator: number, denominator: number): number {
  return denominator > 0 ? Math.round((numerator / denominator) * 100) / 100 : 0;
}

/** Medians of the rounds, like every other scenario; undelivered events are summed, as one is already too many. */
export function summarisePipeline(rounds: PipelineMeasurement[]): PipelineSummary {
  const of = (pick: (round: PipelineMeasurement) => number): number => tenth(median(rounds.map(pick)));
  const cpu = rounds.flatMap((round) => (round.cpuMsPerEvent === undefined ? [] : [round.cpuMsPerEvent]));
  return {
    committedPerSecond: of((round) => round.committedPerSecond),
    eventsPerSecond: of((round) => round.eventsPerSecond),
    latencyP50Ms: of((round) => round.latencyP50Ms),
    latencyP99Ms: of((round) => round.latencyP99Ms),
    latencyMaxMs: of((round) => round.latencyMaxMs),
    drainMs: of((round) => round.drainMs),
    undelivered: rounds.reduce((sum, round) => sum + round.undelivered, 0),
    ...(cpu.length > 0 && cpu.length === rounds.length ? { cpuMsPerEvent: Math.round(median(cpu) * 100) / 100 } : {}),
  };
}

export function pipelinePhaseResult(
  pace: Pace,
  eventsPerRound: number,
  rounds: Record<TargetName, PipelineMeasurement[]>,
): PipelinePhaseResult {
  const keel = summarisePipeline(rounds.keel);
  const baseline = summarisePipeline(rounds.baseline);
  return {
    pace,
    eventsPerRound,
    rounds,
    keel,
    baseline,
    throughputRatio: ratio(keel.eventsPerSecond, baseline.eventsPerSecond),
    latencyP50Ratio: ratio(keel.latencyP50Ms, baseline.latencyP50Ms),
  };
}

/** How a phase reads in logs and the table: "steady 50/s" or "flat out ×50". */
export function describePace(pace: Pace): string {
  return pace.kind === 'steady' ? `steady ${pace.ratePerSecond}/s` : `flat out ×${pace.concurrency}`;
}

import { percentile } from './loop-stats';

/**
 * One event of a pipeline run, as the database recorded it, in milliseconds
 * since the epoch: when it was written (just before its transaction
 * committed) and when its consumer took it.
 */
export interface PickupSample {
  occurredAtMs: number;
  /** Absent: the consumer had not taken it when the run stopped waiting. */
  pickedAtMs?: number;
  /** Keel only: when the relay's transaction that took it from the outbox began (outbox.relayed_at). */
  relayedAtMs?: number;
  /** Keel only: when a worker fetched its consumer job (pg-boss job.started_on). */
  fetchedAtMs?: number;
}

/** A latency distribution, in milliseconds to a tenth. */
export interface StageFigures {
  p50Ms: number;
  p99Ms: number;
}

/**
 * Where Keel's pickup latency goes, stage by stage: commit → relay (the
 * relay's wake-up and its transaction), relay → fetch (the job waiting in
 * pg-boss for a worker to fetch it), fetch → claim (the worker starting the
 * delivery's tenant transaction). Only events with both ends recorded count.
 */
export interface PipelineStages {
  relay: StageFigures;
  queue: StageFigures;
  claim: StageFigures;
}

/** One run of a pipeline: a number of events produced, then waited for until consumed (or the wait ran out). */
export interface PipelineMeasurement {
  /** Events the run committed, as found in the database. */
  events: number;
  /** Of those, how many the consumer had not taken when the wait ran out: any is a failure of the pipeline. */
  undelivered: number;
  /** Events committed per second, from the first commit to the last. */
  committedPerSecond: number;
  /** Events consumed per second, from the first commit to the last pickup. */
  eventsPerSecond: number;
  /** From the last commit to the last pickup: how long the pipeline took to catch up once producing stopped. */
  drainMs: number;
  /** Pickup latency (pickup − commit) of the events taken, to a tenth of a millisecond. */
  latencyP50Ms: number;
  latencyP99Ms: number;
  latencyMaxMs: number;
  latencyMeanMs: number;
  stages?: PipelineStages;
  /** CPU time of the consuming process (all threads) per event, in ms; PostgreSQL's is not in it. */
  cpuMsPerEvent?: number;
}

const tenth = (value: number): number => Math.round(value * 10) / 10;

/** Spread-free, so a long run cannot overflow the argument list. */
const smallest = (values: number[]): number => values.reduce((min, value) => Math.min(min, value), Infinity);
const largest = (values: number[]): number => values.reduce((max, value) => Math.max(max, value), -Infinity);

/** Events per `spanMs`, to a tenth; 0 when the span is empty. */
function perSecond(count: number, spanMs: number): number {
  return spanMs > 0 ? tenth((count * 1000) / spanMs) : 0;
}

function figures(durations: number[]): StageFigures {
  const sorted = [...durations].sort((a, b) => a - b);
  return { p50Ms: tenth(percentile(sorted, 50)), p99Ms: tenth(percentile(sorted, 99)) };
}

function stageOf(
  samples: PickupSample[],
  from: (sample: PickupSample) => number | undefined,
  to: (sample: PickupSample) => number | undefined,
): number[] {
  return samples.flatMap((sample) => {
    const start = from(sample);
    const end = to(sample);
    return start === undefined || end === undefined ? [] : [end - start];
  });
}

function stagesOf(samples: PickupSample[]): PipelineStages | undefined {
  const relay = stageOf(
    samples,
    (sample) => sample.occurredAtMs,
    (sample) => sample.relayedAtMs,
  );
  if (relay.length === 0) return undefined;
  return {
    relay: figures(relay),
    queue: figures(
      stageOf(
        samples,
        (sample) => sample.relayedAtMs,
        (sample) => sample.fetchedAtMs,
      ),
    ),
    claim: figures(
      stageOf(
        samples,
        (sample) => sample.fetchedAtMs,
        (sample) => sample.pickedAtMs,
      ),
    ),
  };
}

/**
 * A run's figures from what the database recorded of its events, and the CPU
 * time the consuming process used meanwhile.
 */
export function pipelineMeasurement(samples: PickupSample[], cpuMs?: number): PipelineMeasurement {
  const occurred = samples.map((sample) => sample.occurredAtMs);
  const picked = samples.flatMap((sample) => (sample.pickedAtMs === undefined ? [] : [sample.pickedAtMs]));
  const latencies = samples
    .flatMap((sample) => (sample.pickedAtMs === undefined ? [] : [sample.pickedAtMs - sample.occurredAtMs]))
    .sort((a, b) => a - b);
  const firstCommit = occurred.length === 0 ? 0 : smallest(occurred);
  const lastCommit = occurred.length === 0 ? 0 : largest(occurred);
  const lastPickup = picked.length === 0 ? 0 : largest(picked);
  const mean = latencies.length === 0 ? 0 : latencies.reduce((sum, value) => sum + value, 0) / latencies.length;
  const stages = stagesOf(samples);
  return {
    events: samples.length,
    undelivered: samples.length - picked.length,
    committedPerSecond: perSecond(samples.length, lastCommit - firstCommit),
    eventsPerSecond: perSecond(picked.length, lastPickup - firstCommit),
    drainMs: picked.length === 0 ? 0 : tenth(Math.max(0, lastPickup - lastCommit)),
    latencyP50Ms: tenth(percentile(latencies, 50)),
    latencyP99Ms: tenth(percentile(latencies, 99)),
    latencyMaxMs: tenth(latencies.length === 0 ? 0 : latencies[latencies.length - 1]),
    latencyMeanMs: tenth(mean),
    ...(stages ? { stages } : {}),
    ...(cpuMs === undefined || samples.length === 0
      ? {}
      : { cpuMsPerEvent: Math.round((cpuMs / samples.length) * 100) / 100 }),
  };
}

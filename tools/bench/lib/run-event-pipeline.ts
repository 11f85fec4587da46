import { setTimeout as sleep } from 'node:timers/promises';
import type { TargetName } from './bench-targets';
import {
  describePace,
  EventPipelineResult,
  Pace,
  pipelinePhaseResult,
  PipelinePhaseResult,
} from './event-pipeline-result';
import { startKeelPipelineSide } from './keel-pipeline-side';
import { PipelineMeasurement, pipelineMeasurement } from './pickup-stats';
import { describeFailures, PipelineSide, RunWindow } from './pipeline-side';
import { processCpuMs } from './process-cpu';
import type { ScenarioContext } from './run-scenario';
import type { BenchSeed, EventPipelineScenario } from './scenarios';
import { startSkipLockedSide } from './skip-locked-side';

/** Between two looks at what is left to consume: the figures come from the database's timestamps, not from these. */
const POLL_MS = 250;
/**
 * How long a wait for events to be consumed goes on without any being
 * consumed before it gives up. A wait that makes progress goes on, however
 * slow: a slow drain is a finding, to be measured to its end.
 */
const STALL_MS = 60_000;
/** How often a wait says how far it got. */
const PROGRESS_MS = 5_000;
/** Lets the last run's connections and writes settle before the next starts. */
const SETTLE_MS = 500;

/**
 * Polls `left` until it is 0, or until it has not gone down for STALL_MS;
 * what was left at the end. Every PROGRESS_MS it reports what is left and how
 * fast it went down meanwhile.
 */
async function waitUntilNone(
  left: () => Promise<number>,
  progress: (left: number, perSecond: number) => void,
): Promise<number> {
  let count = await left();
  let lowest = count;
  let lastDrop = Date.now();
  let reported = { at: Date.now(), count };
  while (count > 0 && Date.now() - lastDrop < STALL_MS) {
    await sleep(POLL_MS);
    count = await left();
    if (count < lowest) {
      lowest = count;
      lastDrop = Date.now();
    }
    const sinceReport = Date.now() - reported.at;
    if (count > 0 && sinceReport >= PROGRESS_MS) {
      progress(count, Math.round(((reported.count - count) * 10_000) / sinceReport) / 10);
      reported = { at: Date.now(), count };
    }
  }
  return count;
}

const fixed = (value: number): string => value.toFixed(1);

function formatRun(label: string, m: PipelineMeasurement): string[] {
  const cpu = m.cpuMsPerEvent === undefined ? '' : `  cpu ${m.cpuMsPerEvent.toFixed(2)} ms/event`;
  const lost = m.undelivered > 0 ? `  !! ${m.undelivered} never consumed (nothing moved for ${STALL_MS / 1000} s)` : '';
  const lines = [
    `${label.padEnd(5)} ${String(m.events).padStart(5)} events  committed ${fixed(m.committedPerSecond)}/s  ` +
      `consumed ${fixed(m.eventsPerSecond)}/s  pickup p50 ${fixed(m.latencyP50Ms)} ms  p99 ${fixed(m.latencyP99Ms)} ms  ` +
      `max ${fixed(m.latencyMaxMs)} ms  drain ${fixed(m.drainMs)} ms${cpu}${lost}`,
  ];
  if (m.stages) {
    const { relay, queue, claim } = m.stages;
    const stage = (name: string, figures: { p50Ms: number; p99Ms: number }) =>
      `${name} p50 ${fixed(figures.p50Ms)} / p99 ${fixed(figures.p99Ms)} ms`;
    lines.push(
      `${' '.repeat(6)}where: ${stage('commit→relay', relay)}, ${stage('relay→fetch', queue)}, ` +
        `${stage('fetch→claim', claim)}`,
    );
  }
  return lines;
}

/** Waits until the side has nothing left to consume from before, or stops the bench saying what is stuck. */
async function clearBacklog(side: PipelineSide, log: (line: string) => void): Promise<void> {
  const started = Date.now();
  const before = await side.backlog();
  if (before === 0) return;
  const left = await waitUntilNone(
    () => side.backlog(),
    (count, perSecond) =>
      log(`   ${side.label}: waiting for ${count} earlier events to be consumed (${perSecond} consumed/s)…`),
  );
  if (left > 0) {
    throw new Error(
      `${side.label}: ${left} earlier events are not being consumed (none for ${STALL_MS / 1000} s): ` +
        (await side.describeBacklog()),
    );
  }
  const seconds = (Date.now() - started) / 1000;
  log(
    `   ${side.label}: ${before} earlier events (the seeding's, or the last run's) consumed before the run in ` +
      `${seconds.toFixed(1)} s (${(before / seconds).toFixed(1)}/s)`,
  );
}

/**
 * One run: the backlog cleared, `count` events produced at the pace, then
 * waited for until all are consumed (or none has been for a while), and read back
 * from the database with the CPU the consuming process used meanwhile.
 */
async function runOnce(
  side: PipelineSide,
  count: number,
  pace: Pace,
  log: (line: string) => void,
): Promise<PipelineMeasurement> {
  await clearBacklog(side, log);
  await side.prepare();
  const cpuBefore = processCpuMs(side.consumerPid);
  const from = new Date();
  const produced = await side.produce(count, pace);
  const window: RunWindow = { from, to: new Date() };
  if (produced.failed.size > 0) {
    throw new Error(
      `${side.label}: ${describeFailures(produced.failed)} instead of committed events; ` +
        'every write must commit one, so the run stops here.',
    );
  }
  await waitUntilNone(
    () => side.pending(window),
    (left, perSecond) => log(`   ${side.label}: ${left} events not consumed yet (${perSecond} consumed/s)…`),
  );
  const cpuAfter = processCpuMs(side.consumerPid);
  side.assertAlive();
  const samples = await side.pickups(window);
  if (samples.length !== produced.committed) {
    log(`   !! ${side.label}: ${produced.committed} writes committed but ${samples.length} events found in the window`);
  }
  return pipelineMeasurement(
    samples,
    cpuBefore === undefined || cpuAfter === undefined ? undefined : cpuAfter - cpuBefore,
  );
}

/** Measures both sides at one pace in alternating rounds (K B, B K, …), like every other scenario. */
async function runPhase(
  sides: [PipelineSide, PipelineSide],
  pace: Pace,
  count: number,
  context: ScenarioContext,
): Promise<PipelinePhaseResult> {
  const { options, log } = context;
  log(`   ${describePace(pace)}: ${count} events per round on each side`);
  const rounds: Record<TargetName, PipelineMeasurement[]> = { keel: [], baseline: [] };
  for (let round = 0; round < options.rounds; round += 1) {
    const order = round % 2 === 0 ? sides : [sides[1], sides[0]];
    for (const side of order) {
      const measurement = await runOnce(side, count, pace, log);
      rounds[side.name].push(measurement);
      const [first, ...rest] = formatRun(side.label, measurement);
      log(`   round ${round + 1}/${options.rounds}  ${first}`);
      for (const line of rest) log(`                ${line}`);
      await sleep(SETTLE_MS);
    }
  }
  return pipelinePhaseResult(pace, count, rounds);
}

/** The workspaces the writes go to, each once. */
function workspacesOf(seed: BenchSeed): string[] {
  return [...new Set(seed.projects.map((projects) => projects.workspaceId))];
}

/**
 * Keel's event pipeline against the SKIP LOCKED loop: starts Keel's worker
 * process and the loop's consumer process (both stopped at the end), warms
 * both up at the steady rate, then measures the steady rate (the pickup
 * latency) and flat out (the ceiling and the drain).
 */
export async function runEventPipeline(
  scenario: EventPipelineScenario,
  seed: BenchSeed,
  context: ScenarioContext,
): Promise<EventPipelineResult> {
  const { keel, keelSettings, cleanup, options, log } = context;
  const writes = scenario.writes(seed);
  if (writes.distinctTargets < options.connections) {
    throw new Error(
      `Scenario ${scenario.name} gives every sender projects of its own: ${writes.distinctTargets} for ` +
        `${options.connections} senders. Seed more (--projects, --project-workspaces) or use fewer connections.`,
    );
  }
  const workspaceIds = workspacesOf(seed);

  log("   starting Keel's worker (dist/apps/worker: outbox relay and event consumers) beside the API…");
  const keelSide = await startKeelPipelineSide({
    api: keel,
    keel: keelSettings,
    seed,
    writesFor: (current) => scenario.writes(current),
    workspaceIds,
    eventType: scenario.eventType,
    consumer: scenario.consumer,
  });
  cleanup.push('the Keel worker', () => keelSide.stop());
  log('   starting the SKIP LOCKED loop (tools/bench/baseline/skip-locked-consumer.ts)…');
  const loopSide = await startSkipLockedSide({
    databaseUrl: keelSettings.databaseUrl,
    poolMax: keelSettings.poolMax,
    workspaceIds,
    eventType: scenario.eventType,
  });
  cleanup.push('the SKIP LOCKED loop', () => loopSide.stop());
  const sides: [PipelineSide, PipelineSide] = [keelSide, loopSide];

  try {
    const steady: Pace = { kind: 'steady', ratePerSecond: options.pipelineRate };
    if (options.warmupSeconds > 0) {
      log(`   warming up (${describePace(steady)} for ${options.warmupSeconds} s each)`);
      for (const side of sides) await runOnce(side, options.pipelineRate * options.warmupSeconds, steady, log);
    }
    const phases = [
      await runPhase(sides, steady, options.pipelineRate * options.durationSeconds, context),
      await runPhase(sides, { kind: 'flat-out', concurrency: options.connections }, options.pipelineBurst, context),
    ];
    const [atSteadyRate] = phases;
    const met = atSteadyRate.keel.latencyP50Ms <= scenario.targetP50Ms && atSteadyRate.keel.undelivered === 0;
    log(
      `   Keel pickup p50 at ${options.pipelineRate} events/s: ${atSteadyRate.keel.latencyP50Ms} ms ` +
        `(target ≤ ${scenario.targetP50Ms} ms: ${met ? 'met' : 'NOT met'}). Pickup = ${scenario.consumer}'s claim ` +
        '(event_deliveries.delivered_at, the now() of its tenant transaction) − outbox.occurred_at (taken just ' +
        'before the outbox insert, the last statement before COMMIT): the relay, the worker fetching the job and ' +
        "opening the delivery's transaction are in it, the consumer's own work (its rules) is not.",
    );
    return {
      kind: 'event-pipeline',
      scenario: scenario.name,
      description: scenario.description,
      distinctPaths: writes.distinctTargets,
      consumer: scenario.consumer,
      targetP50Ms: scenario.targetP50Ms,
      phases,
    };
  } finally {
    await keelSide.stop();
    await loopSide.stop();
  }
}

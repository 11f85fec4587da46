import { setTimeout as sleep } from 'node:timers/promises';
import { runArgon2Loop, startArgon2Loop } from './argon2-loop';
import type { BenchOptions } from './bench-options';
import type { BenchRequest } from './bench-request';
import type { BenchTarget, KeelSettings, TargetName } from './bench-targets';
import type { CleanupStack } from './cleanup-stack';
import { assertSameResponse, assertSucceeds } from './compare-responses';
import { measure, Measurement, startLoad } from './measure';
import { runEventPipeline } from './run-event-pipeline';
import { runIngestion } from './run-ingestion';
import type {
  BenchSeed,
  Scenario,
  UnderLoadScenario,
  VersusRouteScenario,
  WriteVersusBaselineScenario,
} from './scenarios';
import {
  BenchResult,
  ScenarioResult,
  scenarioResult,
  underLoadResult,
  UnderLoadResult,
  underLoadSide,
  UnderLoadSide,
} from './scenario-result';
import { measureAtSteadyRate, steadyRate } from './steady-rate';

/** Lets the last run's connections close before the next target is loaded. */
const SETTLE_MS = 500;
/** The second load of an under-load round starts this much earlier, so it is in full swing when the first is timed. */
const BACKGROUND_LEAD_MS = 1_000;
/**
 * After a round beside sign-ins, time for their after-effects to pass (the
 * last ones finishing, presumably PostgreSQL's background work on their
 * writes): a steady load timed straight after one showed ~190 ms stalls at
 * its p99 that the same load after a quiet round did not.
 */
const AFTER_BACKGROUND_SETTLE_MS = 5_000;

export interface ScenarioContext {
  /** The Keel build the scenario runs against. */
  keel: BenchTarget;
  /** The Fastify + pg baseline, when a versus-baseline scenario runs. */
  baseline?: BenchTarget;
  /** A stored hash and its password, when the argon2id loop runs. */
  argon2?: { hash: string; password: string };
  /** The database both targets use: a write scenario reads back what they stored. */
  databaseUrl: string;
  /** What Keel's processes share, for a scenario that starts one of its own (the event pipeline's worker). */
  keelSettings: KeelSettings;
  /** Where a scenario registers what it starts, so an interrupt stops it with the rest. */
  cleanup: CleanupStack;
  options: BenchOptions;
  log: (line: string) => void;
}

/** One side of a comparison: how to load it for a while, and whether it is still alive afterwards. */
interface Side {
  name: TargetName;
  label: string;
  run(durationSeconds: number): Promise<Measurement>;
  assertAlive(): void;
}

function assertAlive(target: BenchTarget): void {
  const { child } = target.process;
  if (child.exitCode !== null || child.signalCode !== null) {
    throw new Error(`${target.name} exited during the run:\n${target.process.output()}`);
  }
}

function formatMeasurement(label: string, m: Measurement): string {
  const problems = m.non2xx + m.errors + m.timeouts;
  const warning = problems > 0 ? `  !! ${m.non2xx} non-2xx, ${m.errors} errors, ${m.timeouts} timeouts` : '';
  const cpu = m.cpuMsPerRequest === undefined ? '' : `  cpu ${m.cpuMsPerRequest} ms/req`;
  return (
    `${label.padEnd(8)} ${Math.round(m.requestsPerSecond).toString().padStart(7)} req/s` +
    `  p50 ${m.latencyP50Ms} ms  p99 ${m.latencyP99Ms} ms${cpu}${warning}`
  );
}

function httpSide(target: BenchTarget, requests: BenchRequest[], connections: number): Side {
  return {
    name: target.name,
    label: target.name,
    run: (durationSeconds) => measure(target.url, requests, { connections, durationSeconds }, target.process.child.pid),
    assertAlive: () => assertAlive(target),
  };
}

/**
 * Warms both sides up, then measures them in alternating rounds: K B, B K,
 * K B… so neither always runs first (or last) while the machine warms or drifts.
 */
async function alternateRounds(
  sides: [Side, Side],
  options: BenchOptions,
  log: (line: string) => void,
): Promise<Record<TargetName, Measurement[]>> {
  if (options.warmupSeconds > 0) {
    log(`   warming up (${options.warmupSeconds} s each)`);
    for (const side of sides) {
      await side.run(options.warmupSeconds);
      await sleep(SETTLE_MS);
    }
  }
  const rounds: Record<TargetName, Measurement[]> = { keel: [], baseline: [] };
  for (let round = 0; round < options.rounds; round += 1) {
    const order = round % 2 === 0 ? sides : [sides[1], sides[0]];
    for (const side of order) {
      const measurement = await side.run(options.durationSeconds);
      side.assertAlive();
      rounds[side.name].push(measurement);
      log(`   round ${round + 1}/${options.rounds}  ${formatMeasurement(side.label, measurement)}`);
      await sleep(SETTLE_MS);
    }
  }
  return rounds;
}

/** A second load under way beside the steady one. */
interface Background {
  started: Promise<void>;
  result: Promise<Measurement>;
  stop(): void;
}

/** One target of an under-load scenario: where the steady load goes, and what runs beside it. */
interface SteadySide {
  name: TargetName;
  target: BenchTarget;
  backgroundLabel: string;
  startBackground(durationSeconds: number): Background;
}

/**
 * The steady load alone, and beside a second load running flat out, on Keel
 * (its own sign-ins) and on the baseline (the raw argon2id verify loop), in
 * alternating order. The rate is configured, or a fifth of what Keel serves
 * the steady load's requests flat out (measured first, which also warms it up).
 */
async function runUnderLoad(
  scenario: UnderLoadScenario,
  requests: BenchRequest[],
  background: BenchRequest[],
  context: ScenarioContext & { baseline: BenchTarget; argon2: { hash: string; password: string } },
): Promise<UnderLoadResult> {
  const { keel, baseline, argon2, options, log } = context;
  const probeSeconds = Math.max(options.warmupSeconds, 2);
  const flatOut = await measure(keel.url, requests, {
    connections: options.connections,
    durationSeconds: probeSeconds,
  });
  const ratePerSecond = steadyRate(options.underLoadRate, flatOut.requestsPerSecond);
  log(
    `   Keel flat out: ${Math.round(flatOut.requestsPerSecond)} req/s over ${options.connections} connections; ` +
      `offering ${ratePerSecond} req/s to each target, alone and beside ${options.signInConnections} ` +
      `connections of ${scenario.backgroundLabel} (Keel) or as many argon2id verifications in flight (baseline)`,
  );
  await sleep(SETTLE_MS);

  const sides: [SteadySide, SteadySide] = [
    {
      name: 'keel',
      target: keel,
      backgroundLabel: scenario.backgroundLabel,
      startBackground: (durationSeconds) => {
        const load = startLoad(keel.url, background, { connections: options.signInConnections, durationSeconds });
        return { started: Promise.resolve(), result: load.result, stop: load.stop };
      },
    },
    {
      name: 'baseline',
      target: baseline,
      backgroundLabel: 'argon2id verifies',
      startBackground: (durationSeconds) => {
        const loop = startArgon2Loop({ ...argon2, concurrency: options.signInConnections, durationSeconds });
        // The loop ends on its own, a moment after the steady load.
        return { ...loop, stop: () => undefined };
      },
    },
  ];

  const steady = (side: SteadySide, durationSeconds: number) =>
    measureAtSteadyRate(side.target.url, requests, { ratePerSecond, durationSeconds });
  const besideBackground = async (side: SteadySide, durationSeconds: number) => {
    const second = side.startBackground(durationSeconds + 2 * (BACKGROUND_LEAD_MS / 1000));
    await second.started;
    await sleep(BACKGROUND_LEAD_MS);
    const loaded = await steady(side, durationSeconds);
    second.stop();
    return { loaded, background: await second.result };
  };

  if (options.warmupSeconds > 0) {
    log(`   warming up (${options.warmupSeconds} s each, loaded)`);
    for (const side of sides) {
      await besideBackground(side, options.warmupSeconds);
      await sleep(AFTER_BACKGROUND_SETTLE_MS);
    }
  }

  const rounds: Record<TargetName, UnderLoadSide['rounds']> = {
    keel: { alone: [], loaded: [], background: [] },
    baseline: { alone: [], loaded: [], background: [] },
  };
  for (let round = 0; round < options.rounds; round += 1) {
    const prefix = `   round ${round + 1}/${options.rounds}  `;
    const order = round % 2 === 0 ? sides : [sides[1], sides[0]];
    for (const side of order) {
      for (const loaded of round % 2 === 0 ? [false, true] : [true, false]) {
        if (loaded) {
          const measured = await besideBackground(side, options.durationSeconds);
          rounds[side.name].loaded.push(measured.loaded);
          rounds[side.name].background.push(measured.background);
          log(`${prefix}${formatMeasurement(side.name, measured.loaded)}  (loaded)`);
          log(`${' '.repeat(prefix.length)}  ${formatMeasurement(side.backgroundLabel, measured.background)}`);
        } else {
          const alone = await steady(side, options.durationSeconds);
          rounds[side.name].alone.push(alone);
          log(`${prefix}${formatMeasurement(side.name, alone)}  (alone)`);
        }
        assertAlive(side.target);
        await sleep(loaded ? AFTER_BACKGROUND_SETTLE_MS : SETTLE_MS);
      }
    }
  }
  return underLoadResult(scenario, requests.length, ratePerSecond, {
    keel: underLoadSide(sides[0].backgroundLabel, rounds.keel),
    baseline: underLoadSide(sides[1].backgroundLabel, rounds.baseline),
  });
}

/** A batch scenario's rate in its own unit (events/s): the median req/s of the rounds × the batch size. */
function logItemRates(
  items: { count: number; unit: string },
  result: ScenarioResult,
  log: (line: string) => void,
): void {
  for (const name of ['keel', 'baseline'] as const) {
    const perSecond = result[name].requestsPerSecond * items.count;
    log(`   ${name.padEnd(8)} ${perSecond} ${items.unit}/s (median of the rounds, ${items.count} per request)`);
  }
}

function describeRefusals(refusals: ReadonlyMap<number, number>): string {
  return [...refusals].map(([status, count]) => `${count} × ${status}`).join(', ');
}

/**
 * Like versus-baseline, with the write load brought in line with the
 * database before every load (warm-ups included) and refused outright when
 * either target answered anything but 200: a refusal costs less than a write,
 * and a 409 means the bench lost track of a version.
 */
async function runWrites(
  scenario: WriteVersusBaselineScenario,
  seed: BenchSeed,
  context: ScenarioContext,
): Promise<ScenarioResult> {
  const { keel, baseline, databaseUrl, options, log } = context;
  if (!baseline) throw new Error(`Scenario ${scenario.name} needs the baseline, which was not started.`);
  const writes = scenario.writes(seed);
  if (writes.distinctTargets === 0) {
    throw new Error(`Scenario ${scenario.name} has nothing to write to: nothing was seeded for it.`);
  }
  if (writes.distinctTargets < options.connections) {
    throw new Error(
      `Scenario ${scenario.name} gives every connection what it writes to for itself: ${writes.distinctTargets} ` +
        `for ${options.connections} connections. Seed more (--projects, --project-workspaces) or use fewer connections.`,
    );
  }
  await writes.assertSameWrites(keel.url, baseline.url, databaseUrl);
  const writeSide = (target: BenchTarget): Side => {
    const side = httpSide(target, writes.requests, options.connections);
    return {
      ...side,
      run: async (durationSeconds) => {
        await writes.sync(databaseUrl);
        const measurement = await side.run(durationSeconds);
        if (writes.refusals().size > 0) {
          throw new Error(
            `Scenario ${scenario.name}: ${target.name} answered ${describeRefusals(writes.refusals())} ` +
              'instead of success; only successes are writes, so the run stops here.',
          );
        }
        return measurement;
      },
    };
  };
  const rounds = await alternateRounds([writeSide(keel), writeSide(baseline)], options, log);
  const result = scenarioResult(
    { name: scenario.name, description: scenario.description, kind: 'versus-baseline' },
    writes.distinctTargets,
    rounds,
  );
  if (scenario.itemsPerRequest) logItemRates(scenario.itemsPerRequest, result, log);
  return result;
}

/**
 * Two ways into the same Keel process, alternating like versus-baseline:
 * the scenario's requests as `keel`, the route they act like as `baseline`.
 */
async function runVersusRoute(
  scenario: VersusRouteScenario,
  seed: BenchSeed,
  context: ScenarioContext,
): Promise<ScenarioResult> {
  const { keel, options, log } = context;
  const { requests, reference } = scenario.pairs(seed);
  if (requests.length === 0) throw new Error(`Scenario ${scenario.name} has no requests: nothing was seeded for it.`);
  await scenario.prepare(keel.url, seed);
  await scenario.assertSameWork(keel.url, requests[0], reference[0]);
  const route: Side = {
    ...httpSide(keel, reference, options.connections),
    name: 'baseline',
    label: 'route',
  };
  const rounds = await alternateRounds([httpSide(keel, requests, options.connections), route], options, log);
  return scenarioResult(scenario, requests.length, rounds);
}

export async function runScenario(scenario: Scenario, seed: BenchSeed, context: ScenarioContext): Promise<BenchResult> {
  const { keel, options, log } = context;
  log(`\n== ${scenario.name}: ${scenario.description}`);
  if (scenario.kind === 'write-versus-baseline') return runWrites(scenario, seed, context);
  if (scenario.kind === 'event-pipeline') return runEventPipeline(scenario, seed, context);
  if (scenario.kind === 'ingestion') return runIngestion(scenario, seed, context);
  if (scenario.kind === 'versus-route') return runVersusRoute(scenario, seed, context);
  const requests = scenario.requests(seed);
  if (requests.length === 0) throw new Error(`Scenario ${scenario.name} has no requests: nothing was seeded for it.`);

  switch (scenario.kind) {
    case 'versus-baseline': {
      const { baseline } = context;
      if (!baseline) throw new Error(`Scenario ${scenario.name} needs the baseline, which was not started.`);
      await assertSameResponse(keel.url, baseline.url, requests[0]);
      const rounds = await alternateRounds(
        [httpSide(keel, requests, options.connections), httpSide(baseline, requests, options.connections)],
        options,
        log,
      );
      return scenarioResult(scenario, requests.length, rounds);
    }
    case 'versus-argon2id': {
      const { argon2 } = context;
      if (!argon2) throw new Error(`Scenario ${scenario.name} needs a stored password hash for the argon2id loop.`);
      await assertSucceeds(keel.url, requests[0]);
      const loop: Side = {
        name: 'baseline',
        label: 'argon2id',
        run: (durationSeconds) => runArgon2Loop({ ...argon2, concurrency: options.signInConnections, durationSeconds }),
        assertAlive: () => undefined,
      };
      const rounds = await alternateRounds([httpSide(keel, requests, options.signInConnections), loop], options, log);
      return scenarioResult(scenario, requests.length, rounds);
    }
    case 'under-load': {
      const { baseline, argon2 } = context;
      if (!baseline || !argon2) {
        throw new Error(
          `Scenario ${scenario.name} needs the baseline and a stored password hash for the argon2id loop.`,
        );
      }
      const background = scenario.background(seed);
      await assertSameResponse(keel.url, baseline.url, requests[0]);
      await assertSucceeds(keel.url, background[0]);
      return runUnderLoad(scenario, requests, background, { ...context, baseline, argon2 });
    }
  }
}

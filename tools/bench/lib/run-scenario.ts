import { setTimeout as sleep } from 'node:timers/promises';
import type { BenchOptions } from './bench-options';
import type { BenchTarget, TargetName } from './bench-targets';
import { assertSameResponse } from './compare-responses';
import { measure, Measurement } from './measure';
import type { Scenario } from './scenarios';
import { scenarioResult, ScenarioResult } from './scenario-result';

/** Lets the last run's connections close before the next target is loaded. */
const SETTLE_MS = 500;

export interface ScenarioTargets {
  keel: BenchTarget;
  baseline: BenchTarget;
}

function assertAlive(target: BenchTarget): void {
  const { child } = target.process;
  if (child.exitCode !== null || child.signalCode !== null) {
    throw new Error(`${target.name} exited during the run:\n${target.process.output()}`);
  }
}

function formatMeasurement(target: BenchTarget, m: Measurement): string {
  const problems = m.non2xx + m.errors + m.timeouts;
  const warning = problems > 0 ? `  !! ${m.non2xx} non-2xx, ${m.errors} errors, ${m.timeouts} timeouts` : '';
  return (
    `${target.name.padEnd(8)} ${Math.round(m.requestsPerSecond).toString().padStart(7)} req/s` +
    `  p50 ${m.latencyP50Ms} ms  p99 ${m.latencyP99Ms} ms${warning}`
  );
}

/**
 * Warms both targets up, then measures them in alternating rounds: K B, B K,
 * K B… so neither always runs first (or last) while the machine warms or drifts.
 */
export async function runScenario(
  scenario: Scenario,
  paths: string[],
  targets: ScenarioTargets,
  options: BenchOptions,
  log: (line: string) => void,
): Promise<ScenarioResult> {
  log(`\n== ${scenario.name}: ${scenario.description}`);
  await assertSameResponse(targets.keel, targets.baseline, paths[0]);

  const load = { connections: options.connections, durationSeconds: options.durationSeconds };
  if (options.warmupSeconds > 0) {
    log(`   warming up (${options.warmupSeconds} s each)`);
    for (const target of [targets.keel, targets.baseline]) {
      await measure(target, paths, { ...load, durationSeconds: options.warmupSeconds });
      await sleep(SETTLE_MS);
    }
  }

  const rounds: Record<TargetName, Measurement[]> = { keel: [], baseline: [] };
  for (let round = 0; round < options.rounds; round += 1) {
    const order = round % 2 === 0 ? [targets.keel, targets.baseline] : [targets.baseline, targets.keel];
    for (const target of order) {
      const measurement = await measure(target, paths, load);
      assertAlive(target);
      rounds[target.name].push(measurement);
      log(`   round ${round + 1}/${options.rounds}  ${formatMeasurement(target, measurement)}`);
      await sleep(SETTLE_MS);
    }
  }
  return scenarioResult(scenario, paths.length, rounds);
}

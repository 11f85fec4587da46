import { availableParallelism, loadavg } from 'node:os';
import { BENCH_USAGE, BenchOptionsError, parseBenchOptions } from './lib/bench-options';
import { createThrowawayDatabase } from '@keel/platform-database';
import { startBaselineTarget, startKeelTarget } from './lib/bench-targets';
import { CleanupStack } from './lib/cleanup-stack';
import { describeMachine } from './lib/machine';
import { stopRunningLoad } from './lib/measure';
import { writeResultsFile } from './lib/results-file';
import { renderResultsTable } from './lib/results-table';
import { runScenario } from './lib/run-scenario';
import type { ScenarioResult } from './lib/scenario-result';
import { selectScenarios } from './lib/scenarios';
import { seedBenchItems } from './lib/seed-bench-items';
import { sourceRevision } from './lib/source-revision';

const log = (line: string): void => console.log(line);
const warn = (line: string): void => console.error(line);

const roundedLoad = (): number[] => loadavg().map((load) => Math.round(load * 100) / 100);

/** The bench shares the CPUs with whatever else runs; say so when something visibly does. */
function warnIfBusy(load: number[]): void {
  if (load[0] > availableParallelism() / 2) {
    warn(
      `Warning: load average ${load[0]} on ${availableParallelism()} cores: other work is running; figures will be noisy.`,
    );
  }
}

/** Ctrl-C (or SIGTERM) stops the load, then the targets and the database; a second one exits at once. */
function cleanUpOnSignals(cleanup: CleanupStack): void {
  let signalled = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (signalled) {
      warn(`${signal} again: exiting without waiting for cleanup`);
      process.exit(1);
    }
    signalled = true;
    warn(`\n${signal}: stopping the bench and cleaning up…`);
    stopRunningLoad();
    void cleanup.runAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function bench(argv: string[]): Promise<void> {
  const options = parseBenchOptions(argv, process.env);
  const scenarios = selectScenarios(options.scenarios);
  const cleanup = new CleanupStack(warn);
  cleanUpOnSignals(cleanup);
  const startedAt = new Date();
  const revision = sourceRevision();
  const loadAtStart = roundedLoad();
  warnIfBusy(loadAtStart);
  try {
    log('Starting PostgreSQL…');
    // DATABASE_URL is deliberately ignored: a bench never writes into the app's database.
    const database = await createThrowawayDatabase({
      serverUrl: process.env['BENCH_DATABASE_URL'] || process.env['TEST_DATABASE_URL'] || undefined,
      prefix: 'keel_bench',
    });
    cleanup.push('the database', () => database.drop());

    const settings = { databaseUrl: database.url, poolMax: options.poolMax };
    log('Starting Keel (bench-app production build) and running its migrations…');
    const keel = await startKeelTarget(settings);
    cleanup.push('Keel', () => keel.process.stop());

    log(`Seeding ${options.workspaces} workspaces × ${options.itemsPerWorkspace} items…`);
    const items = await seedBenchItems(database.url, options.workspaces, options.itemsPerWorkspace);

    log('Starting the baseline (Fastify + pg)…');
    const baseline = await startBaselineTarget(settings);
    cleanup.push('the baseline', () => baseline.process.stop());

    const machine = await describeMachine(database.url, database.embedded ? 'embedded' : 'external');
    log(
      `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, ` +
        `Node ${machine.node}, PostgreSQL ${machine.postgres} (${machine.database})`,
    );
    log(`Revision: ${revision}`);
    log(
      `Load: ${options.connections} connections, ${options.rounds} rounds × ${options.durationSeconds} s per target, ` +
        `warm-up ${options.warmupSeconds} s, pool ${options.poolMax}`,
    );

    const results: ScenarioResult[] = [];
    for (const scenario of scenarios) {
      results.push(await runScenario(scenario, scenario.paths(items), { keel, baseline }, options, log));
    }

    log(`\n${renderResultsTable(results)}\n`);
    log('Medians over the rounds; Keel/baseline is the ratio of req/s.');
    const file = await writeResultsFile({
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      revision,
      options,
      machine,
      loadAverage: { atStart: loadAtStart, atEnd: roundedLoad() },
      scenarios: results,
    });
    log(`Results written to ${file}`);
  } finally {
    await cleanup.runAll();
  }
}

const argv = process.argv.slice(2);
if (argv.includes('--help') || argv.includes('-h')) {
  log(BENCH_USAGE);
} else {
  bench(argv).catch((error: unknown) => {
    warn(
      error instanceof BenchOptionsError
        ? `${error.message}\n${BENCH_USAGE}`
        : String(error instanceof Error ? error.stack : error),
    );
    process.exitCode = error instanceof BenchOptionsError ? 64 : 1;
  });
}

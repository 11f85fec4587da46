import { mkdtemp } from 'node:fs/promises';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { BENCH_USAGE, BenchOptionsError, parseBenchOptions, PRODUCTION_LOG_LEVEL } from './lib/bench-options';
import { createThrowawayDatabase } from '@keel/platform-database';
import { storedPasswordHash, stopArgon2Loops } from './lib/argon2-loop';
import { BenchTarget, newMasterKey, startBaselineTarget, startKeelTarget } from './lib/bench-targets';
import { CleanupStack } from './lib/cleanup-stack';
import { describeMachine } from './lib/machine';
import { stopRunningLoad } from './lib/measure';
import { writeResultsFile } from './lib/results-file';
import { renderResultsTable } from './lib/results-table';
import { runScenario } from './lib/run-scenario';
import type { BenchResult } from './lib/scenario-result';
import { BenchSeed, runNeeds, selectScenarios } from './lib/scenarios';
import { refreshAccessTokens, seedAccounts } from './lib/seed-accounts';
import { seedDocumentChunks } from './lib/seed-document-chunks';
import { seedBenchItems } from './lib/seed-bench-items';
import { seedProjects } from './lib/seed-projects';
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
    stopArgon2Loops();
    void cleanup.runAll().finally(() => process.exit(signal === 'SIGINT' ? 130 : 143));
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
}

async function fetchJwks(api: BenchTarget): Promise<unknown> {
  const response = await fetch(`${api.url}/.well-known/jwks.json`);
  if (!response.ok) throw new Error(`GET /.well-known/jwks.json answered ${response.status}`);
  return response.json();
}

async function bench(argv: string[]): Promise<void> {
  const options = parseBenchOptions(argv, process.env);
  const scenarios = selectScenarios(options.scenarios);
  const needs = runNeeds(scenarios);
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
    // One master key for every Keel process of the run: the API and the event pipeline's worker share the database.
    const logDir = await mkdtemp(join(tmpdir(), 'keel-bench-logs-'));
    const keelSettings = {
      ...settings,
      masterKey: newMasterKey(),
      logLevel: options.logLevel,
      logDir,
      storageDir: join(logDir, 'storage'),
    };
    if (options.logLevel === PRODUCTION_LOG_LEVEL) {
      log(`Keel logs at LOG_LEVEL=${options.logLevel} (its production default) to ${logDir}/`);
    } else {
      warn(
        `Keel logs at LOG_LEVEL=${options.logLevel} (--log-level), not at its production default ` +
          `(${PRODUCTION_LOG_LEVEL}): these figures are not comparable with a default run.`,
      );
    }
    const seed: BenchSeed = { items: [], accounts: [], projects: [], chunks: [] };
    let benchApp: BenchTarget | undefined;
    let api: BenchTarget | undefined;

    if (needs.benchApp) {
      log('Starting Keel (bench-app production build) and running its migrations…');
      const started = await startKeelTarget('bench-app', keelSettings);
      benchApp = started;
      cleanup.push('Keel (bench-app)', () => started.process.stop());
      log(`Seeding ${options.workspaces} workspaces × ${options.itemsPerWorkspace} items…`);
      seed.items = await seedBenchItems(database.url, options.workspaces, options.itemsPerWorkspace);
    }

    if (needs.api) {
      log('Starting Keel (API production build, dist/apps/api) and running its migrations…');
      const started = await startKeelTarget('api', keelSettings);
      api = started;
      cleanup.push('Keel (API)', () => started.process.stop());
      log(`Signing up ${options.users} accounts × ${options.workspacesPerUser} workspaces through the API…`);
      seed.accounts = await seedAccounts(started.url, options.users, options.workspacesPerUser);
      if (needs.projects) {
        log(
          `Creating ${options.projectsPerWorkspace} projects in each of ${options.projectWorkspaces} of those ` +
            'workspaces through the API…',
        );
        seed.projects = await seedProjects(
          started.url,
          seed.accounts,
          options.projectWorkspaces,
          options.projectsPerWorkspace,
        );
      }
      if (needs.chunks) {
        log(
          `Seeding ${options.chunksPerWorkspace} indexed document chunks into each of ${options.searchWorkspaces} ` +
            'of those workspaces (SQL)…',
        );
        const seeding = Date.now();
        seed.chunks = await seedDocumentChunks(
          database.url,
          seed.accounts,
          options.searchWorkspaces,
          options.chunksPerWorkspace,
        );
        log(`   seeded in ${((Date.now() - seeding) / 1000).toFixed(1)} s`);
      }
    }

    let baseline: BenchTarget | undefined;
    if (needs.baseline) {
      log('Starting the baseline (Fastify + pg)…');
      const started = await startBaselineTarget({ ...settings, jwks: api ? await fetchJwks(api) : undefined });
      baseline = started;
      cleanup.push('the baseline', () => started.process.stop());
    }

    const firstAccount = seed.accounts[0];
    const argon2 =
      needs.argon2Loop && firstAccount
        ? { hash: await storedPasswordHash(database.url, firstAccount.userId), password: firstAccount.password }
        : undefined;

    const machine = await describeMachine(database.url, database.embedded ? 'embedded' : 'external');
    log(
      `Machine: ${machine.cpuModel}, ${machine.cores} cores, ${machine.memoryGiB} GiB, ${machine.os}, ` +
        `Node ${machine.node}, PostgreSQL ${machine.postgres} (${machine.database})`,
    );
    log(`Revision: ${revision}`);
    log(
      `Load: ${options.connections} connections (${options.signInConnections} for sign-ins), ` +
        `${options.rounds} rounds × ${options.durationSeconds} s per target, ` +
        `warm-up ${options.warmupSeconds} s, pool ${options.poolMax}`,
    );

    const results: BenchResult[] = [];
    for (const scenario of scenarios) {
      const keel = scenario.keelApp === 'api' ? api : benchApp;
      if (!keel) throw new Error(`Scenario ${scenario.name}: its Keel build was not started.`);
      if (scenario.keelApp === 'api') {
        // Fresh access tokens for every identity scenario: a long run must not outlive them.
        seed.accounts = await refreshAccessTokens(keel.url, seed.accounts);
      }
      results.push(
        await runScenario(scenario, seed, {
          keel,
          baseline,
          argon2,
          databaseUrl: database.url,
          keelSettings,
          cleanup,
          options,
          log,
        }),
      );
    }

    log(`\n${renderResultsTable(results)}\n`);
    log(
      'Medians over the rounds; Keel/baseline is the ratio of req/s (of events/s and of pickup p50 for the event pipeline).',
    );
    log(
      `Keel ran at LOG_LEVEL=${options.logLevel}` +
        (options.logLevel === PRODUCTION_LOG_LEVEL ? ' (production default).' : ' (--log-level; not the default).'),
    );
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

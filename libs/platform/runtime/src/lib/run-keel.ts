import { ConfigInvalidError, EXIT_CONFIG_INVALID, formatConfigProblems, KeelConfig, loadConfig } from '@keel/platform-config';
import { createLogger } from '@keel/platform-observability';
import type { Logger } from 'pino';
import { checkSchemaDrift, migrateDatabase } from './database-commands';
import type { KeelApplication } from './keel-application';
import { provisionDatabase } from './provision-database';
import { RunningKeel, serve } from './serve';

function configOrExit(): KeelConfig {
  try {
    return loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigInvalidError) {
      process.stderr.write(formatConfigProblems(error) + '\n');
      process.exit(EXIT_CONFIG_INVALID);
    }
    throw error;
  }
}

async function serveUntilSignalled(application: KeelApplication, config: KeelConfig, logger: Logger): Promise<void> {
  // Listening before start-up completes: a signal during start-up still shuts down in order
  // (the embedded PostgreSQL included) once there is something to shut down.
  const state: { running?: RunningKeel; signalled?: NodeJS.Signals } = {};
  const shutDownAndExit = (target: RunningKeel, signal: NodeJS.Signals) =>
    target.shutdown(signal).then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error, msg: 'shutdown failed' });
        process.exit(1);
      },
    );
  const onSignal = (signal: NodeJS.Signals) => {
    if (state.signalled) {
      logger.warn({ signal, msg: 'second signal: exiting now' });
      process.exit(1);
    }
    state.signalled = signal;
    if (state.running) void shutDownAndExit(state.running, signal);
    else logger.info({ signal, msg: 'signal received during start-up; stopping once started' });
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
  state.running = await serve(application, config, logger);
  if (state.signalled) void shutDownAndExit(state.running, state.signalled);
}

async function migrate(application: KeelApplication, config: KeelConfig, logger: Logger): Promise<void> {
  const database = await provisionDatabase(config, logger);
  try {
    const applied = await migrateDatabase(application, database.url);
    logger.info({ applied, msg: applied.length ? 'migrations applied' : 'database schema is current' });
  } finally {
    await database.stop();
  }
}

async function checkSchema(application: KeelApplication, logger: Logger): Promise<void> {
  const serverUrl = process.env['TEST_DATABASE_URL'] || undefined;
  const changes = await checkSchemaDrift(application, serverUrl);
  if (changes.length > 0) {
    process.stderr.write(
      ['SCHEMA_DRIFT: the entities and the migrations disagree; a generated migration would run:', ...changes].join(
        '\n  ',
      ) + '\n',
    );
    process.exitCode = 1;
    return;
  }
  logger.info({ msg: 'entities and migrations agree' });
}

/**
 * The entry point of every Keel app. `serve` (default) runs the process;
 * `db:migrate` applies migrations; `db:check` fails when entities and
 * migrations disagree.
 */
export async function runKeel(application: KeelApplication, command = process.argv[2] ?? 'serve'): Promise<void> {
  const config = configOrExit();
  const logger = createLogger(config.LOG_LEVEL);
  try {
    switch (command) {
      case 'serve':
        await serveUntilSignalled(application, config, logger);
        return;
      case 'db:migrate':
        await migrate(application, config, logger);
        return;
      case 'db:check':
        await checkSchema(application, logger);
        return;
      default:
        process.stderr.write(`Unknown command "${command}". Use serve, db:migrate or db:check.\n`);
        process.exitCode = 64;
    }
  } catch (error) {
    logger.fatal({ err: error, msg: `${command} failed` });
    logger.flush();
    process.exit(1);
  }
}

import {
  ConfigInvalidError,
  ConfigSet,
  EXIT_CONFIG_INVALID,
  formatConfigProblems,
  KeelConfig,
} from '@keel/platform-config';
import { checkMasterKeys, MasterKeyError } from '@keel/platform-crypto';
import { createLogger } from '@keel/platform-observability';
import type { Logger } from 'pino';
import { checkSchemaDrift, migrateDatabase, rotateSealedValues } from './database-commands';
import type { KeelApplication, KeelCommand } from './keel-application';
import { masterKeyFromConfig } from './master-key-from-config';
import { loadProcessConfig } from './process-config';
import { provisionDatabase } from './provision-database';
import { RunningKeel, serve } from './serve';

function configOrExit(application: KeelApplication, env: NodeJS.ProcessEnv = process.env): ConfigSet {
  let configs: ConfigSet;
  try {
    configs = loadProcessConfig(application, env);
  } catch (error) {
    if (error instanceof ConfigInvalidError) exitWithConfigProblems(error);
    throw error;
  }
  const config = configs.get(KeelConfig);
  try {
    // The config rules check the keys' shape; only decoding finds the rest (e.g. mixed base64 alphabets).
    checkMasterKeys({ key: config.KEEL_MASTER_KEY, previous: config.KEEL_MASTER_KEYS_PREVIOUS });
  } catch (error) {
    if (error instanceof MasterKeyError) exitWithConfigProblems(masterKeyProblem(error));
    throw error;
  }
  return configs;
}

function masterKeyProblem(error: MasterKeyError): ConfigInvalidError {
  return new ConfigInvalidError([{ variable: error.setting, message: error.message }]);
}

function exitWithConfigProblems(error: ConfigInvalidError): never {
  process.stderr.write(formatConfigProblems(error) + '\n');
  process.exit(EXIT_CONFIG_INVALID);
}

async function serveUntilSignalled(application: KeelApplication, configs: ConfigSet, logger: Logger): Promise<void> {
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
  // pg-boss 10 (the line that runs on Node 20) completes and fails jobs without awaiting them, so a
  // database outage ends in rejections nobody can catch. Every job's state is in PostgreSQL and an
  // unfinished one is retried, so such a rejection is logged, not a reason to kill the process.
  process.on('unhandledRejection', (reason: unknown) => {
    logger.error({ err: reason, msg: 'unhandled promise rejection (the process keeps running)' });
  });
  state.running = await serve(application, configs, logger);
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

async function resealSecrets(application: KeelApplication, config: KeelConfig, logger: Logger): Promise<void> {
  const secretBox = masterKeyFromConfig(config, logger);
  const database = await provisionDatabase(config, logger);
  let remaining = 0;
  try {
    const rotations = await rotateSealedValues(application, database.url, secretBox, {
      onUnreadable: (column, ids, error) =>
        logger.error({
          table: column.table,
          column: column.column,
          ids,
          reason: error.reason,
          msg: `a sealed value of ${column.table}.${column.column} cannot be opened with the master keys; left as it is`,
        }),
    });
    for (const { table, column, reencrypted, unreadable, remaining: left } of rotations) {
      remaining += left;
      logger.info({
        table,
        column,
        reencrypted,
        unreadable,
        remaining: left,
        msg: `${table}.${column}: ${reencrypted} value(s) re-encrypted, ${left} remaining`,
      });
    }
  } finally {
    await database.stop();
  }
  if (remaining > 0) {
    process.stderr.write(
      `SEALED_VALUES_REMAIN: ${remaining} value(s) are not sealed under master key ${secretBox.keyId}; ` +
        'keep KEEL_MASTER_KEYS_PREVIOUS, fix what the log reports (every process restarted with the new key?) and run crypto:rotate again.\n',
    );
    process.exitCode = 1;
    return;
  }
  logger.info({
    keyId: secretBox.keyId,
    msg: `every sealed value is under master key ${secretBox.keyId}; KEEL_MASTER_KEYS_PREVIOUS can be emptied`,
  });
}

/** The process's environment with a command's variables over it; `undefined` removes one. */
function withEnvironment(overrides: Record<string, string | undefined>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const [name, value] of Object.entries(overrides)) {
    if (value === undefined) delete env[name];
    else env[name] = value;
  }
  return env;
}

/** An app's own command: a Keel served in this process for it, with the command's variables, then stopped. */
async function runAppCommand(application: KeelApplication, name: string, command: KeelCommand): Promise<void> {
  const configs = configOrExit(application, withEnvironment(command.environment ?? {}));
  const logger = createLogger(configs.get(KeelConfig).LOG_LEVEL);
  const refusal = command.refusal?.(configs) ?? null;
  if (refusal) {
    process.stderr.write(`${name}: ${refusal}\n`);
    process.exitCode = 1;
    return;
  }
  const running = await serve(application, configs, logger);
  try {
    await command.run({
      url: running.url,
      app: running.app,
      configs,
      logger,
      args: process.argv.slice(3),
      print: (text) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`),
    });
  } finally {
    await running.shutdown(name);
  }
}

/**
 * The entry point of every Keel app. `serve` (default) runs the process;
 * `db:migrate` applies migrations; `db:check` fails when entities and
 * migrations disagree; `crypto:rotate` re-seals every sealed value under the
 * current master key; an app's own `commands` (the API's `seed`) run
 * against a Keel served in this process for their length.
 */
export async function runKeel(application: KeelApplication, command = process.argv[2] ?? 'serve'): Promise<void> {
  const configs = configOrExit(application);
  const config = configs.get(KeelConfig);
  const logger = createLogger(config.LOG_LEVEL);
  try {
    switch (command) {
      case 'serve':
        await serveUntilSignalled(application, configs, logger);
        return;
      case 'db:migrate':
        await migrate(application, config, logger);
        return;
      case 'db:check':
        await checkSchema(application, logger);
        return;
      case 'crypto:rotate':
        await resealSecrets(application, config, logger);
        return;
      default: {
        const own = application.commands?.[command];
        if (own) {
          await runAppCommand(application, command, own);
          return;
        }
        const known = ['serve', 'db:migrate', 'db:check', 'crypto:rotate', ...Object.keys(application.commands ?? {})];
        process.stderr.write(`Unknown command "${command}". Use ${known.join(', ')}.\n`);
        process.exitCode = 64;
      }
    }
  } catch (error) {
    // The development key file, read only when a command needs the key: reported like a bad setting.
    if (error instanceof MasterKeyError) exitWithConfigProblems(masterKeyProblem(error));
    logger.fatal({ err: error, msg: `${command} failed` });
    logger.flush();
    process.exit(1);
  }
}

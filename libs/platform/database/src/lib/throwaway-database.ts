import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from './embedded-postgres';

/** A database made for one job (a drift check, an export, a bench) and dropped afterwards. */
export interface ThrowawayDatabase {
  /** Superuser URL of the new database. */
  url: string;
  /** True when a PostgreSQL was started for it. */
  embedded: boolean;
  drop(): Promise<void>;
}

export interface ThrowawayDatabaseOptions {
  /** A server to create the database on (the login must be allowed to CREATE DATABASE); else an embedded one. */
  serverUrl?: string;
  /** Name prefix, e.g. `keel_check`; a random suffix follows. */
  prefix: string;
}

/** embedded-postgres waits for an exit that never comes when the server is already gone (Ctrl-C reaches it too). */
const STOP_TIMEOUT_MS = 10_000;

async function adminQuery(serverUrl: string, sql: string): Promise<void> {
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  try {
    await admin.query(sql);
  } finally {
    await admin.end();
  }
}

async function onServer(serverUrl: string, name: string): Promise<ThrowawayDatabase> {
  await adminQuery(serverUrl, `CREATE DATABASE ${name}`);
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    embedded: false,
    // FORCE: a connection left behind by a killed process must not keep the database alive.
    drop: () => adminQuery(serverUrl, `DROP DATABASE IF EXISTS ${name} WITH (FORCE)`),
  };
}

async function onEmbeddedServer(name: string): Promise<ThrowawayDatabase> {
  const folder = await mkdtemp(join(tmpdir(), `${name}-`));
  // mkdtemp makes the folder private; as root, PostgreSQL runs as the OS user `postgres`, which must enter it.
  await chmod(folder, 0o711);
  const server = await startEmbeddedPostgres({ dataDir: join(folder, 'data'), database: name });
  return {
    url: server.url,
    embedded: true,
    drop: async () => {
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([server.stop(), new Promise((done) => (timer = setTimeout(done, STOP_TIMEOUT_MS)))]);
      clearTimeout(timer);
      // Retries: the last files may still be settling right after PostgreSQL stopped.
      await rm(folder, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
    },
  };
}

/** A fresh database: on `serverUrl`'s server when given, else on an embedded PostgreSQL of its own. */
export function createThrowawayDatabase(options: ThrowawayDatabaseOptions): Promise<ThrowawayDatabase> {
  const name = `${options.prefix}_${randomBytes(6).toString('hex')}`;
  return options.serverUrl ? onServer(options.serverUrl, name) : onEmbeddedServer(name);
}

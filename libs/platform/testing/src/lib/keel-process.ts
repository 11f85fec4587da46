import { ChildProcess, spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { resolve } from 'node:path';
import { findFreePort } from '@keel/platform-database';

export interface KeelProcess {
  /** Base URL, e.g. http://127.0.0.1:41234 */
  url: string;
  child: ChildProcess;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Sends a signal and resolves with the exit code (or the signal that killed it). */
  stop(signal?: NodeJS.Signals): Promise<number | NodeJS.Signals | null>;
  exited: Promise<number | NodeJS.Signals | null>;
}

export interface StartKeelProcessOptions {
  /** Built entry point, relative to the workspace root. */
  entry?: string;
  /** Extra environment; PORT and HOST are chosen unless given. */
  env?: Record<string, string | undefined>;
  /** How long to wait for GET /health/live to answer. */
  startTimeoutMs?: number;
  args?: string[];
  /** Flags for node itself, before the entry (`--cpu-prof`, which NODE_OPTIONS does not allow). */
  nodeArgs?: string[];
  /** In a process group of its own, as a terminal runs it: `process.kill(-child.pid, 'SIGINT')` is then a Ctrl-C. */
  detached?: boolean;
  /**
   * Appends the process's stdout (its JSON log lines) to this file, as a
   * production deployment's log goes to a file or pipe, instead of keeping it
   * in this process's memory; `output()` then holds stderr only.
   */
  logFile?: string;
}

const WORKSPACE_ROOT = resolve(__dirname, '../../../../..');

interface SpawnedKeel {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | NodeJS.Signals | null>;
}

/** The built entry in a child process; `undefined` in `env` removes an inherited variable. */
function spawnKeel(
  options: Omit<StartKeelProcessOptions, 'startTimeoutMs'>,
  env: Record<string, string | undefined>,
): SpawnedKeel {
  const definedEnv: Record<string, string> = {};
  for (const [key, value] of Object.entries({ ...process.env, ...env })) {
    if (value !== undefined) definedEnv[key] = value;
  }
  const entry = resolve(WORKSPACE_ROOT, options.entry ?? 'dist/apps/api/main.js');
  const logFd = options.logFile === undefined ? undefined : openSync(options.logFile, 'a');
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), entry, ...(options.args ?? [])], {
    cwd: WORKSPACE_ROOT,
    env: definedEnv,
    stdio: ['ignore', logFd ?? 'pipe', 'pipe'],
    detached: options.detached ?? false,
  });
  // The child holds its own copy of the descriptor.
  if (logFd !== undefined) closeSync(logFd);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | NodeJS.Signals | null>((done) =>
    child.on('exit', (code, signal) => done(code ?? signal)),
  );
  return { child, output: () => output, exited };
}

/**
 * The abuse limits (sign-ups and resets per address, invites, mails per
 * recipient, email changes, verified inviters) lifted: a suite signs up and invites dozens of
 * people from 127.0.0.1 within seconds, which is exactly what they stop.
 * A suite that tests them sets its own values, which win.
 */
const ABUSE_LIMITS_LIFTED: Readonly<Record<string, string>> = {
  SIGN_UPS_PER_ADDRESS_PER_HOUR: '0',
  PASSWORD_RESETS_PER_ADDRESS_PER_HOUR: '0',
  INVITES_PER_WORKSPACE_PER_HOUR: '0',
  INVITES_PER_WORKSPACE_PER_DAY: '0',
  INVITES_PER_INVITER_PER_HOUR: '0',
  INVITES_PER_INVITER_PER_DAY: '0',
  MAILS_PER_RECIPIENT_PER_HOUR: '0',
  EMAIL_CHANGES_PER_ACCOUNT_PER_HOUR: '0',
  INVITES_REQUIRE_VERIFIED_EMAIL: 'false',
};

/**
 * The request rate limits out of reach but still counted (every suite's
 * requests go through the buckets and carry the RateLimit headers): suites
 * send hundreds of requests a second as one user and from 127.0.0.1. A suite
 * that tests the limits sets its own values, which win.
 */
const REQUEST_LIMITS_OUT_OF_REACH: Readonly<Record<string, string>> = {
  RATE_LIMIT_API_KEY_PER_MINUTE: '1000000',
  RATE_LIMIT_USER_PER_MINUTE: '1000000',
  RATE_LIMIT_WORKSPACE_PER_MINUTE: '1000000',
  RATE_LIMIT_ADDRESS_PER_MINUTE: '1000000',
};

/**
 * No plan limits: suites make more projects, members, keys and endpoints than
 * the built-in Free plan allows. The billing suite sets its own catalog, which wins.
 */
const PLAN_LIMITS_LIFTED: Readonly<Record<string, string>> = {
  BILLING_CATALOG: resolve(WORKSPACE_ROOT, 'libs/platform/testing/src/lib/billing-catalog-unlimited.json'),
};

/**
 * Spawns a built Keel app (`npm run build` first) on a free port and waits
 * until it answers /health/live: the real process, with its real signals and
 * exit codes.
 */
export async function startKeelProcess(options: StartKeelProcessOptions = {}): Promise<KeelProcess> {
  const port = options.env?.['PORT'] ?? String(await findFreePort());
  const { child, output, exited } = spawnKeel(options, {
    ...ABUSE_LIMITS_LIFTED,
    ...REQUEST_LIMITS_OUT_OF_REACH,
    ...PLAN_LIMITS_LIFTED,
    HOST: '127.0.0.1',
    PORT: port,
    ...options.env,
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + (options.startTimeoutMs ?? 60_000);
  let exitedEarly = false;
  void exited.then(() => (exitedEarly = true));
  for (;;) {
    if (exitedEarly) throw new Error(`Keel exited during start-up:\n${output()}`);
    try {
      const response = await fetch(`${url}/health/live`);
      if (response.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      // SIGTERM first, so an embedded PostgreSQL it started is stopped too.
      child.kill('SIGTERM');
      const killer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(killer);
      throw new Error(`Keel did not start within the time allowed:\n${output()}`);
    }
    await new Promise((wait) => setTimeout(wait, 100));
  }

  return {
    url,
    child,
    output,
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Runs a built Keel entry to completion (a command, or a start-up that must fail) and returns its exit code and output. */
export async function runKeelCommand(
  options: Omit<StartKeelProcessOptions, 'startTimeoutMs'>,
): Promise<{ code: number | null; output: string }> {
  const { output, exited } = spawnKeel(options, options.env ?? {});
  const code = await exited;
  return { code: typeof code === 'number' ? code : null, output: output() };
}

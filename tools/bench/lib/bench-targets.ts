import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { KeelProcess, startKeelProcess } from '@keel/platform-testing';
import type { LogLevel } from './bench-options';
import type { KeelApp } from './scenarios';

export type TargetName = 'keel' | 'baseline';

export interface BenchTarget {
  name: TargetName;
  url: string;
  process: KeelProcess;
}

export const KEEL_ENTRIES: Record<KeelApp, { entry: string; build: string }> = {
  'bench-app': { entry: 'dist/tools/bench-app/main.js', build: 'npx nx run bench-app:build' },
  api: { entry: 'dist/apps/api/main.js', build: 'npm run build' },
};
const BASELINE_ENTRY = 'tools/bench/baseline/main.ts';
const WORKSPACE_ROOT = resolve(__dirname, '../../..');

/**
 * How the API signs access tokens in the bench, passed to the baseline too so
 * it checks exactly the claims Keel checks. These are Keel's defaults, set
 * explicitly so the two cannot drift apart.
 */
export const ACCESS_TOKEN_SETTINGS = {
  issuer: 'http://localhost:3000',
  audience: 'keel-api',
  ttlSeconds: 900,
} as const;

export interface TargetSettings {
  databaseUrl: string;
  poolMax: number;
}

/** What every Keel process of a run shares. */
export interface KeelSettings extends TargetSettings {
  /**
   * KEEL_MASTER_KEY, made up for the run, so nothing is written under
   * .data/; the same for the API and the worker, which open what the other sealed.
   */
  masterKey: string;
  /** LOG_LEVEL of every Keel process: `info`, the production default, unless `--log-level` said otherwise. */
  logLevel: LogLevel;
  /** Where each Keel process appends its log lines (keel-<app>.log), as production writes them to a file or pipe. */
  logDir: string;
  /** STORAGE_DIR of every Keel process (the API stores uploads, the worker reads them): a folder of the run, not .data/. */
  storageDir: string;
}

export function newMasterKey(): string {
  return randomBytes(32).toString('base64');
}

const WORKER_ENTRY = { entry: 'dist/apps/worker/main.js', build: 'npm run build' };

/**
 * Node flags for Keel's processes only, from BENCH_KEEL_NODE_ARGS (space-separated): `--cpu-prof
 * --cpu-prof-dir=/tmp/prof` profiles a bench run (written when the process stops); the runner and the
 * baseline are left alone.
 */
function keelNodeArgs(): string[] {
  return (process.env['BENCH_KEEL_NODE_ARGS'] ?? '').split(' ').filter((arg) => arg.length > 0);
}

function assertBuilt({ entry, build }: { entry: string; build: string }): void {
  if (!existsSync(resolve(WORKSPACE_ROOT, entry))) {
    throw new Error(`${entry} is missing: build it first with \`${build}\`.`);
  }
}

/** The environment of a Keel process of the bench: production, its log level, Keel's token defaults. */
function keelEnv(settings: KeelSettings, role: 'api' | 'worker'): Record<string, string> {
  return {
    NODE_ENV: 'production',
    // The bench sends no mail it could read: production's explicit choice to only log it.
    MAIL_TRANSPORT: 'log',
    DATABASE_URL: settings.databaseUrl,
    DB_POOL_MAX: String(settings.poolMax),
    LOG_LEVEL: settings.logLevel,
    KEEL_ROLE: role,
    KEEL_MASTER_KEY: settings.masterKey,
    STORAGE_DIR: settings.storageDir,
    PUBLIC_URL: ACCESS_TOKEN_SETTINGS.issuer,
    ACCESS_TOKEN_AUDIENCE: ACCESS_TOKEN_SETTINGS.audience,
    ACCESS_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_SETTINGS.ttlSeconds),
    // The rate limits run (their cost is measured: the memory store, the headers) but never refuse: a bench
    // sends thousands of requests a second as a few accounts from one address.
    RATE_LIMIT_API_KEY_PER_MINUTE: '100000000',
    RATE_LIMIT_USER_PER_MINUTE: '100000000',
    RATE_LIMIT_WORKSPACE_PER_MINUTE: '100000000',
    RATE_LIMIT_ADDRESS_PER_MINUTE: '100000000',
  };
}

/**
 * A production build of Keel at production defaults: LOG_LEVEL=info (one JSON
 * line per request, appended to a file as a deployment's log collector would
 * take it), metrics on, and KEEL_ROLE=api, which keeps the queue's workers and
 * schedules off, as in a scaled-out API tier.
 */
export async function startKeelTarget(app: KeelApp, settings: KeelSettings): Promise<BenchTarget> {
  assertBuilt(KEEL_ENTRIES[app]);
  const child = await startKeelProcess({
    entry: KEEL_ENTRIES[app].entry,
    env: keelEnv(settings, 'api'),
    nodeArgs: keelNodeArgs(),
    logFile: join(settings.logDir, `keel-${app}.log`),
  });
  return { name: 'keel', url: child.url, process: child };
}

/**
 * The production build of Keel's worker app (dist/apps/worker): the outbox
 * relay, the event consumers, the job handlers and the schedules, as a
 * scaled-out worker tier runs them beside the API tier. Over HTTP it serves
 * /health and /metrics only.
 */
export async function startKeelWorker(settings: KeelSettings): Promise<KeelProcess> {
  assertBuilt(WORKER_ENTRY);
  return startKeelProcess({
    entry: WORKER_ENTRY.entry,
    env: keelEnv(settings, 'worker'),
    nodeArgs: keelNodeArgs(),
    logFile: join(settings.logDir, 'keel-worker.log'),
  });
}

export interface BaselineSettings extends TargetSettings {
  /** The API's JWKS (its /.well-known/jwks.json), when an identity scenario runs. */
  jwks?: unknown;
}

/** The baseline, compiled on load by @swc-node/register (start-up cost only) in its own process. */
export async function startBaselineTarget(settings: BaselineSettings): Promise<BenchTarget> {
  const child = await startKeelProcess({
    entry: BASELINE_ENTRY,
    env: {
      NODE_ENV: 'production',
      NODE_OPTIONS: '--require @swc-node/register',
      DATABASE_URL: settings.databaseUrl,
      DB_POOL_MAX: String(settings.poolMax),
      BASELINE_JWKS: settings.jwks === undefined ? undefined : JSON.stringify(settings.jwks),
      BASELINE_TOKEN_ISSUER: ACCESS_TOKEN_SETTINGS.issuer,
      BASELINE_TOKEN_AUDIENCE: ACCESS_TOKEN_SETTINGS.audience,
      BASELINE_TOKEN_TTL_SECONDS: String(ACCESS_TOKEN_SETTINGS.ttlSeconds),
    },
  });
  return { name: 'baseline', url: child.url, process: child };
}

import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { KeelProcess, startKeelProcess } from '@keel/platform-testing';

export type TargetName = 'keel' | 'baseline';

export interface BenchTarget {
  name: TargetName;
  url: string;
  process: KeelProcess;
}

export const KEEL_ENTRY = 'dist/tools/bench-app/main.js';
const BASELINE_ENTRY = 'tools/bench/baseline/main.ts';
const WORKSPACE_ROOT = resolve(__dirname, '../../..');

export interface TargetSettings {
  databaseUrl: string;
  poolMax: number;
}

/**
 * The production build of the bench app. LOG_LEVEL=warn keeps the per-request
 * log line out of the measurement (production logs it at `info`); KEEL_ROLE=api
 * keeps the queue's workers and schedules off, as in a scaled-out API tier.
 */
export async function startKeelTarget(settings: TargetSettings): Promise<BenchTarget> {
  if (!existsSync(resolve(WORKSPACE_ROOT, KEEL_ENTRY))) {
    throw new Error(`${KEEL_ENTRY} is missing: build it first with \`npx nx run bench-app:build\`.`);
  }
  const child = await startKeelProcess({
    entry: KEEL_ENTRY,
    env: {
      NODE_ENV: 'production',
      DATABASE_URL: settings.databaseUrl,
      DB_POOL_MAX: String(settings.poolMax),
      LOG_LEVEL: 'warn',
      KEEL_ROLE: 'api',
    },
  });
  return { name: 'keel', url: child.url, process: child };
}

/** The baseline, compiled on load by @swc-node/register (start-up cost only) in its own process. */
export async function startBaselineTarget(settings: TargetSettings): Promise<BenchTarget> {
  const child = await startKeelProcess({
    entry: BASELINE_ENTRY,
    env: {
      NODE_ENV: 'production',
      NODE_OPTIONS: '--require @swc-node/register',
      DATABASE_URL: settings.databaseUrl,
      DB_POOL_MAX: String(settings.poolMax),
    },
  });
  return { name: 'baseline', url: child.url, process: child };
}

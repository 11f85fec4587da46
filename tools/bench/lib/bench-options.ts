import { parseArgs } from 'node:util';

export interface BenchOptions {
  /** Seconds each target is measured per round. */
  durationSeconds: number;
  /** Seconds each target is loaded, unrecorded, before a scenario's first round. */
  warmupSeconds: number;
  connections: number;
  rounds: number;
  /** Database pool size of Keel (DB_POOL_MAX) and of the baseline alike. */
  poolMax: number;
  workspaces: number;
  itemsPerWorkspace: number;
  /** Scenario names to run; empty runs them all. */
  scenarios: string[];
}

interface IntegerOption {
  key: keyof Omit<BenchOptions, 'scenarios'>;
  flag: string;
  env: string;
  fallback: number;
  min: number;
}

const INTEGER_OPTIONS: IntegerOption[] = [
  { key: 'durationSeconds', flag: 'duration', env: 'BENCH_DURATION', fallback: 10, min: 1 },
  { key: 'warmupSeconds', flag: 'warmup', env: 'BENCH_WARMUP', fallback: 5, min: 0 },
  { key: 'connections', flag: 'connections', env: 'BENCH_CONNECTIONS', fallback: 50, min: 1 },
  { key: 'rounds', flag: 'rounds', env: 'BENCH_ROUNDS', fallback: 3, min: 1 },
  { key: 'poolMax', flag: 'pool', env: 'BENCH_POOL_MAX', fallback: 10, min: 1 },
  { key: 'workspaces', flag: 'workspaces', env: 'BENCH_WORKSPACES', fallback: 10, min: 1 },
  { key: 'itemsPerWorkspace', flag: 'items', env: 'BENCH_ITEMS', fallback: 1000, min: 1 },
];

export class BenchOptionsError extends Error {}

export const BENCH_USAGE = [
  'Usage: npm run bench -- [--duration=10] [--warmup=5] [--connections=50] [--rounds=3]',
  '                        [--pool=10] [--workspaces=10] [--items=1000] [--scenario=liveness,tenant-read]',
  'Each flag can also be set as BENCH_<FLAG> (BENCH_ITEMS, BENCH_POOL_MAX, BENCH_SCENARIOS, ...); flags win.',
].join('\n');

function toInteger(option: IntegerOption, raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return option.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < option.min) {
    throw new BenchOptionsError(`--${option.flag} (${option.env}) must be an integer >= ${option.min}, got "${raw}"`);
  }
  return value;
}

/** Flags first, then BENCH_* variables, then defaults sized to keep a full run under three minutes. */
export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flagSpec = Object.fromEntries(INTEGER_OPTIONS.map((option) => [option.flag, { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({ args: argv, options: { ...flagSpec, scenario: { type: 'string' } }, strict: true }));
  } catch (error) {
    throw new BenchOptionsError(error instanceof Error ? error.message : String(error));
  }
  const text = (name: string): string | undefined => {
    const value = values[name];
    return typeof value === 'string' ? value : undefined;
  };

  const integer = (key: IntegerOption['key']): number => {
    const option = INTEGER_OPTIONS.find((candidate) => candidate.key === key);
    if (!option) throw new BenchOptionsError(`unknown option ${key}`);
    return toInteger(option, text(option.flag) ?? env[option.env]);
  };
  return {
    durationSeconds: integer('durationSeconds'),
    warmupSeconds: integer('warmupSeconds'),
    connections: integer('connections'),
    rounds: integer('rounds'),
    poolMax: integer('poolMax'),
    workspaces: integer('workspaces'),
    itemsPerWorkspace: integer('itemsPerWorkspace'),
    scenarios: (text('scenario') ?? env['BENCH_SCENARIOS'] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name.length > 0),
  };
}

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
  /** Accounts signed up through the API for the identity scenarios. */
  users: number;
  /** Workspaces each of those accounts creates (and so belongs to, as owner). */
  workspacesPerUser: number;
  /**
   * Sign-in connections (POST /v1/auth/login) of the sign-in scenarios, and the
   * verifications kept in flight by the raw argon2id loop they are compared with.
   */
  signInConnections: number;
  /**
   * Requests per second of GET /v1/me, sent at a steady pace, in the
   * under-load scenario; 0 picks a fifth of what Keel serves flat out, so that
   * alone it is far from saturated and its p99 shows what the sign-ins do to
   * it rather than the queue of a saturated server.
   */
  underLoadRate: number;
  /** Workspaces filled with projects through the API for the project scenarios (each owned by a seeded account). */
  projectWorkspaces: number;
  /**
   * Projects created in each of those workspaces: at least a page of the list
   * (50), and together at least one per connection for the transitions.
   */
  projectsPerWorkspace: number;
  /**
   * Events per second both sides' producers send, evenly spaced, in the
   * event pipeline's latency phase; each round sends this × the duration.
   */
  pipelineRate: number;
  /** Events each side's producers send as fast as they can (over `connections`) in the event pipeline's ceiling phase. */
  pipelineBurst: number;
  /** Workspaces of the seeded accounts filled with document chunks for the search scenario. */
  searchWorkspaces: number;
  /** Indexed chunks seeded into each of those workspaces. */
  chunksPerWorkspace: number;
  /** Rows of the CSV the ingest-csv scenario uploads. */
  csvRows: number;
  /** Pages of the PDF the ingest-pdf scenario uploads. */
  pdfPages: number;
  /**
   * LOG_LEVEL of every Keel process: `info`, the production default (one JSON
   * line per request, written to a file), unless `--log-level` asks for
   * another; a run at another level is not comparable with a default run.
   */
  logLevel: LogLevel;
  /** Scenario names to run; empty runs them all. */
  scenarios: string[];
}

export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];
/** What a deployment logs at unless told otherwise (KeelConfig.LOG_LEVEL's default). */
export const PRODUCTION_LOG_LEVEL: LogLevel = 'info';

interface IntegerOption {
  key: keyof Omit<BenchOptions, 'scenarios' | 'logLevel'>;
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
  { key: 'users', flag: 'users', env: 'BENCH_USERS', fallback: 50, min: 1 },
  { key: 'workspacesPerUser', flag: 'user-workspaces', env: 'BENCH_USER_WORKSPACES', fallback: 3, min: 1 },
  { key: 'signInConnections', flag: 'sign-in-connections', env: 'BENCH_SIGN_IN_CONNECTIONS', fallback: 8, min: 1 },
  { key: 'underLoadRate', flag: 'under-load-rate', env: 'BENCH_UNDER_LOAD_RATE', fallback: 0, min: 0 },
  { key: 'projectWorkspaces', flag: 'project-workspaces', env: 'BENCH_PROJECT_WORKSPACES', fallback: 4, min: 1 },
  { key: 'projectsPerWorkspace', flag: 'projects', env: 'BENCH_PROJECTS', fallback: 100, min: 50 },
  { key: 'pipelineRate', flag: 'pipeline-rate', env: 'BENCH_PIPELINE_RATE', fallback: 50, min: 1 },
  { key: 'pipelineBurst', flag: 'pipeline-burst', env: 'BENCH_PIPELINE_BURST', fallback: 2000, min: 1 },
  { key: 'searchWorkspaces', flag: 'search-workspaces', env: 'BENCH_SEARCH_WORKSPACES', fallback: 10, min: 1 },
  { key: 'chunksPerWorkspace', flag: 'chunks', env: 'BENCH_CHUNKS', fallback: 10_000, min: 100 },
  { key: 'csvRows', flag: 'csv-rows', env: 'BENCH_CSV_ROWS', fallback: 100_000, min: 1 },
  { key: 'pdfPages', flag: 'pdf-pages', env: 'BENCH_PDF_PAGES', fallback: 500, min: 1 },
];

export class BenchOptionsError extends Error {}

export const BENCH_USAGE = [
  'Usage: npm run bench -- [--duration=10] [--warmup=5] [--connections=50] [--rounds=3]',
  '                        [--pool=10] [--workspaces=10] [--items=1000] [--users=50] [--user-workspaces=3]',
  '                        [--sign-in-connections=8] [--under-load-rate=0 (auto)] [--project-workspaces=4] [--projects=100]',
  '                        [--pipeline-rate=50] [--pipeline-burst=2000] [--search-workspaces=10] [--chunks=10000]',
  '                        [--csv-rows=100000] [--pdf-pages=500] [--log-level=info]',
  '                        [--scenario=liveness,tenant-read,me,workspace-read,sign-in,me-during-sign-in,',
  '                                    project-read,project-list,project-transition,event-pipeline,search,',
  '                                    ingest-csv,ingest-pdf,usage-ingest,tool-call]',
  'Each flag can also be set as BENCH_<FLAG> (BENCH_ITEMS, BENCH_POOL_MAX, BENCH_USER_WORKSPACES,',
  'BENCH_SIGN_IN_CONNECTIONS, BENCH_PROJECT_WORKSPACES, BENCH_PROJECTS, BENCH_PIPELINE_RATE, BENCH_SCENARIOS, ...);',
  'flags win. --log-level has no variable: Keel runs at LOG_LEVEL=info, its production default, unless the flag says otherwise.',
].join('\n');

function toInteger(option: IntegerOption, raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return option.fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < option.min) {
    throw new BenchOptionsError(`--${option.flag} (${option.env}) must be an integer >= ${option.min}, got "${raw}"`);
  }
  return value;
}

function toLogLevel(raw: string | undefined): LogLevel {
  if (raw === undefined) return PRODUCTION_LOG_LEVEL;
  const level = LOG_LEVELS.find((candidate) => candidate === raw);
  if (!level) throw new BenchOptionsError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got "${raw}"`);
  return level;
}

/** Flags first, then BENCH_* variables, then defaults (a full run of every scenario takes about twelve minutes). */
export function parseBenchOptions(argv: string[], env: NodeJS.ProcessEnv): BenchOptions {
  const flagSpec = Object.fromEntries(INTEGER_OPTIONS.map((option) => [option.flag, { type: 'string' as const }]));
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: argv,
      options: { ...flagSpec, scenario: { type: 'string' }, 'log-level': { type: 'string' } },
      strict: true,
    }));
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
    users: integer('users'),
    workspacesPerUser: integer('workspacesPerUser'),
    signInConnections: integer('signInConnections'),
    underLoadRate: integer('underLoadRate'),
    projectWorkspaces: integer('projectWorkspaces'),
    projectsPerWorkspace: integer('projectsPerWorkspace'),
    pipelineRate: integer('pipelineRate'),
    pipelineBurst: integer('pipelineBurst'),
    searchWorkspaces: integer('searchWorkspaces'),
    chunksPerWorkspace: integer('chunksPerWorkspace'),
    csvRows: integer('csvRows'),
    pdfPages: integer('pdfPages'),
    // Only the flag changes it: a LOG_LEVEL or BENCH_LOG_LEVEL left in the shell must not quietly skew a run.
    logLevel: toLogLevel(text('log-level')),
    scenarios: (text('scenario') ?? env['BENCH_SCENARIOS'] ?? '')
      .split(',')
      .map((name) => name.trim())
      .filter((name) => name.length > 0),
  };
}

import { authorizedGet, BenchRequest, jsonPost } from './bench-request';
import type { BenchOptions } from './bench-options';
import { contractPdf, deliveryLogCsv, IngestionFile } from './ingestion-files';
import type { BenchItemKey } from './seed-bench-items';
import type { BenchChunks } from './seed-document-chunks';
import type { BenchProjects } from './seed-projects';
import { assertToolCallReadsAsRoute, permitToolCallReads, toolCallPairs } from './tool-call';
import { TransitionLane, TransitionLoad } from './transition-load';
import { USAGE_BATCH, UsageIngestLoad, UsageLane } from './usage-ingest-load';
import type { WriteLoad } from './write-load';

/** An account the bench signed up through the API, with a current access token. */
export interface BenchAccount {
  userId: string;
  email: string;
  password: string;
  accessToken: string;
  refreshToken: string;
  /** Workspaces it created, and so owns. */
  workspaceIds: string[];
}

/** What the run seeded; each part is empty when no selected scenario needs it. */
export interface BenchSeed {
  items: BenchItemKey[];
  accounts: BenchAccount[];
  /** Workspaces of those accounts filled with projects through the API. */
  projects: BenchProjects[];
  /** Workspaces of those accounts filled with indexed document chunks (SQL), with the searches asked of each. */
  chunks: BenchChunks[];
}

/**
 * Which Keel build serves a scenario: the bench app (the platform kernel plus
 * the bench table) or the production API build (dist/apps/api, with identity
 * and tenancy).
 */
export type KeelApp = 'bench-app' | 'api';

/** What every scenario has: its name, what it measures, the Keel build that serves it, what it needs seeded. */
interface ScenarioInfo {
  name: string;
  description: string;
  keelApp: KeelApp;
  /** Projects seeded through the API (BenchSeed.projects). */
  needsProjects?: boolean;
  /** Document chunks seeded with SQL (BenchSeed.chunks). */
  needsChunks?: boolean;
}

interface ScenarioBase extends ScenarioInfo {
  /** The requests every connection cycles through. */
  requests(seed: BenchSeed): BenchRequest[];
}

/** Keel against the plain Fastify + pg baseline answering the same requests with the same SQL. */
export interface VersusBaselineScenario extends ScenarioBase {
  kind: 'versus-baseline';
}

/** Keel against the raw argon2id verify rate of this machine, measured in the same run. */
export interface VersusArgon2Scenario extends ScenarioBase {
  kind: 'versus-argon2id';
}

/**
 * A steady load on Keel alone, then the same while sign-ins run flat out on
 * the same process; and, as the floor, the same steady load on the baseline
 * alone, then beside the raw argon2id verify loop (as many in flight as
 * there are sign-in connections) in a process of its own.
 */
export interface UnderLoadScenario extends ScenarioBase {
  kind: 'under-load';
  /** What runs beside Keel, for the table, e.g. "sign-ins". */
  backgroundLabel: string;
  background(seed: BenchSeed): BenchRequest[];
}

/**
 * Keel against the baseline on a write whose every request names what the
 * last one left: measured like versus-baseline, but each connection writes to
 * objects of its own, brought in line with the database before every load,
 * and checked beforehand by the same writes through both (answers and rows).
 */
export interface WriteVersusBaselineScenario extends ScenarioInfo {
  kind: 'write-versus-baseline';
  writes(seed: BenchSeed): WriteLoad;
  /** Items each request writes, when it writes a batch: the run then also says items/s (req/s × this). */
  itemsPerRequest?: { count: number; unit: string };
}

/**
 * Events from commit to consumer: Keel's outbox, relay and consumer (its
 * worker process) against a hand-written LISTEN + FOR UPDATE SKIP LOCKED loop
 * on a table like the outbox, the same number of events produced at the same
 * pace on both sides: first at a steady rate (the pickup latency), then flat
 * out (the ceiling, and how long the backlog takes to drain).
 */
export interface EventPipelineScenario extends ScenarioInfo {
  kind: 'event-pipeline';
  /** The writes through the API that produce Keel's events, one each. */
  writes(seed: BenchSeed): WriteLoad;
  /** The type of the event each write commits. */
  eventType: string;
  /** The consumer whose claim of an event is its pickup. */
  consumer: string;
  /** What Keel's pickup p50 should stay under at the steady rate. */
  targetP50Ms: number;
}

/**
 * A large file through the API and Keel's worker, one per round: how fast
 * ingestion turns it into indexed chunks (no baseline: the figure is Keel's
 * own throughput).
 */
export interface IngestionScenario extends ScenarioInfo {
  kind: 'ingestion';
  unit: IngestionFile['unit'];
  /** The round's file: other bytes every round, or the upload would be a duplicate. */
  file(round: number, options: BenchOptions): Promise<IngestionFile>;
}

/**
 * Keel against Keel: the same work reached two ways — a tool call in calls
 * mode and the HTTP route it acts like — in the same process and the same
 * run, in alternating rounds like versus-baseline. No baseline server: the
 * route is the floor, and `baseline` in the result holds its figures.
 */
export interface VersusRouteScenario extends ScenarioInfo {
  kind: 'versus-route';
  /** Each side's requests, pair by pair: `reference[i]` does over the route what `requests[i]` does. */
  pairs(seed: BenchSeed): { requests: BenchRequest[]; reference: BenchRequest[] };
  /** Before anything is sent: what the workspaces must hold (their AI policy), set through the API. */
  prepare(keelUrl: string, seed: BenchSeed): Promise<void>;
  /** Before timing: both sides do the same work on a first pair. */
  assertSameWork(keelUrl: string, request: BenchRequest, reference: BenchRequest): Promise<void>;
}

export type Scenario =
  | VersusRouteScenario
  | IngestionScenario
  | VersusBaselineScenario
  | VersusArgon2Scenario
  | UnderLoadScenario
  | WriteVersusBaselineScenario
  | EventPipelineScenario;

/** Distinct reads per run: enough to spread over workspaces and pages, few enough to prebuild per connection. */
const TENANT_READ_SAMPLE = 1000;

function shuffled<T>(items: T[]): T[] {
  const pool = [...items];
  for (let i = pool.length - 1; i > 0; i -= 1) {
    const j = Math.floor(Math.random() * (i + 1));
    [pool[i], pool[j]] = [pool[j], pool[i]];
  }
  return pool;
}

function meRequests(seed: BenchSeed): BenchRequest[] {
  return seed.accounts.map((account) => authorizedGet('/v1/me', account.accessToken));
}

/** The page size the project list is read with: its default. */
const PROJECT_PAGE = 50;

/** A project workspace's owner as seeded, with the access token of the current scenario. */
function ownerOf(seed: BenchSeed, projects: BenchProjects): BenchAccount {
  const owner = seed.accounts.find((account) => account.userId === projects.ownerId);
  if (!owner) throw new Error(`No seeded account owns workspace ${projects.workspaceId}.`);
  return owner;
}

/** Every search of every chunk workspace, as its owner, shuffled so consecutive requests hit different workspaces. */
function searchRequests(seed: BenchSeed): BenchRequest[] {
  return shuffled(
    seed.chunks.flatMap((chunks) => {
      const owner = seed.accounts.find((account) => account.userId === chunks.ownerId);
      if (!owner) throw new Error(`No seeded account owns workspace ${chunks.workspaceId}.`);
      return chunks.queries.map((query) =>
        authorizedGet(`/v1/workspaces/${chunks.workspaceId}/search?q=${encodeURIComponent(query)}`, owner.accessToken),
      );
    }),
  );
}

function projectReads(seed: BenchSeed): BenchRequest[] {
  return seed.projects.flatMap((projects) => {
    const { accessToken } = ownerOf(seed, projects);
    return projects.projectIds.map((projectId) =>
      authorizedGet(`/v1/workspaces/${projects.workspaceId}/projects/${projectId}`, accessToken),
    );
  });
}

/** Every seeded project, each as its workspace's owner moves it, at the state and version it was created with. */
/** Every seeded workspace, as its owner: where the usage load reports. */
function usageLanes(seed: BenchSeed): UsageLane[] {
  return seed.accounts.flatMap((account) => account.workspaceIds.map((workspaceId) => ({ workspaceId, account })));
}

function transitionLanes(seed: BenchSeed): TransitionLane[] {
  return seed.projects.flatMap((projects) => {
    const { accessToken } = ownerOf(seed, projects);
    return projects.projectIds.map((projectId) => ({
      workspaceId: projects.workspaceId,
      projectId,
      accessToken,
      version: 1,
      state: 'Backlog',
    }));
  });
}

/** Correct passwords only: a failure would count against the one client address the bench signs in from. */
function signInRequests(seed: BenchSeed): BenchRequest[] {
  return seed.accounts.map((account) =>
    jsonPost('/v1/auth/login', { email: account.email, password: account.password }),
  );
}

export const SCENARIOS: Scenario[] = [
  {
    kind: 'versus-baseline',
    name: 'liveness',
    description: 'GET /health/live: the framework floor (routing, hooks, headers, serialisation), no database.',
    keelApp: 'bench-app',
    requests: () => [{ method: 'GET', path: '/health/live' }],
  },
  {
    kind: 'versus-baseline',
    name: 'tenant-read',
    description:
      'GET /v1/workspaces/:workspaceId/bench-items/:itemId: one primary-key read on a FORCE RLS table inside a ' +
      'tenant transaction (Keel: BEGIN with the role and set_config in one round trip, SELECT, COMMIT; the baseline: ' +
      'BEGIN, SET LOCAL ROLE, set_config, SELECT, COMMIT).',
    keelApp: 'bench-app',
    requests: (seed) =>
      shuffled(seed.items)
        .slice(0, TENANT_READ_SAMPLE)
        .map((item) => ({
          method: 'GET',
          path: `/v1/workspaces/${item.workspaceId}/bench-items/${item.itemId}`,
        })),
  },
  {
    kind: 'versus-baseline',
    name: 'me',
    description:
      'GET /v1/me: EdDSA JWT verify, session-active check (cached 5 s), the user row, then the memberships in a ' +
      'restricted RLS transaction (Keel: BEGIN, role and settings in one round trip, SELECT, COMMIT; the baseline: ' +
      'BEGIN, SET LOCAL ROLE, 2 × set_config, SELECT, COMMIT).',
    keelApp: 'api',
    requests: meRequests,
  },
  {
    kind: 'versus-baseline',
    name: 'workspace-read',
    description:
      'GET /v1/workspaces/:workspaceId: authentication as for me, the membership (cached 2 s, read in a tenant ' +
      'transaction), then the workspace row in a tenant transaction (opened in one round trip by Keel, three by the ' +
      'baseline).',
    keelApp: 'api',
    requests: (seed) =>
      shuffled(
        seed.accounts.flatMap((account) =>
          account.workspaceIds.map((workspaceId) =>
            authorizedGet(`/v1/workspaces/${workspaceId}`, account.accessToken),
          ),
        ),
      ),
  },
  {
    kind: 'versus-argon2id',
    name: 'sign-in',
    description:
      'POST /v1/auth/login with the right password (argon2id m=19456 t=2 p=1, then a session, a refresh token, ' +
      'an EdDSA access token and an audit row) against the raw argon2id verify rate of this machine.',
    keelApp: 'api',
    requests: signInRequests,
  },
  {
    kind: 'under-load',
    name: 'me-during-sign-in',
    description:
      'GET /v1/me at a steady rate, alone and while sign-ins run flat out against the same process; the baseline ' +
      'answers the same rate alone and beside the raw argon2id verify loop.',
    keelApp: 'api',
    requests: meRequests,
    backgroundLabel: 'sign-ins',
    background: signInRequests,
  },
  {
    kind: 'versus-baseline',
    name: 'project-read',
    description:
      'GET /v1/workspaces/:workspaceId/projects/:projectId: authentication and the workspace guard as for ' +
      'workspace-read (projects:read), then the project row in a tenant transaction (opened in one round trip by ' +
      'Keel, three by the baseline).',
    keelApp: 'api',
    needsProjects: true,
    requests: (seed) => shuffled(projectReads(seed)).slice(0, TENANT_READ_SAMPLE),
  },
  {
    kind: 'versus-baseline',
    name: 'project-list',
    description:
      `GET /v1/workspaces/:workspaceId/projects?limit=${PROJECT_PAGE}: as project-read, but the first page ` +
      `(archived excluded, ORDER BY created_at DESC, id DESC LIMIT ${PROJECT_PAGE + 1}), ${PROJECT_PAGE} projects ` +
      'and the next cursor.',
    keelApp: 'api',
    needsProjects: true,
    requests: (seed) =>
      seed.projects.map((projects) =>
        authorizedGet(
          `/v1/workspaces/${projects.workspaceId}/projects?limit=${PROJECT_PAGE}`,
          ownerOf(seed, projects).accessToken,
        ),
      ),
  },
  {
    kind: 'write-versus-baseline',
    name: 'project-transition',
    description:
      'POST /v1/workspaces/:workspaceId/projects/:projectId/transitions {to, expectedVersion}: authentication and ' +
      'the guard (projects:transition), then one tenant transaction: its opening (one round trip for Keel, three for ' +
      'the baseline), the active ' +
      'workflow version FOR SHARE, the project, UPDATE … WHERE version = expected, an activity_entries row, an ' +
      'outbox row, COMMIT. Each connection moves projects no other holds, Backlog ⇄ Planned.',
    keelApp: 'api',
    needsProjects: true,
    writes: (seed) => new TransitionLoad(transitionLanes(seed)),
  },
  {
    kind: 'write-versus-baseline',
    name: 'usage-ingest',
    description:
      `POST /v1/workspaces/:workspaceId/usage-events with batches of ${USAGE_BATCH} new events, round robin over ` +
      'the seeded workspaces (each with a sum meter grouped by region): authentication and the guard ' +
      '(usage:write), then one tenant transaction: the per-event checks, the finalized-period bound, the meters, ' +
      'one multi-row INSERT … FROM unnest(…) ON CONFLICT DO NOTHING (the dedupe), the hard-limit check, the ' +
      'hourly rollups upserted, the api_requests meter, COMMIT. Against the same batches stored raw through pg ' +
      '(the same INSERT into the same table, nothing else).',
    keelApp: 'api',
    writes: (seed) => new UsageIngestLoad(usageLanes(seed)),
    itemsPerRequest: { count: USAGE_BATCH, unit: 'events' },
  },
  {
    kind: 'event-pipeline',
    name: 'event-pipeline',
    description:
      'Events from commit to consumer: project transitions through the API, each committing a ' +
      'project.transitioned outbox row; the worker process relays them (NOTIFY at commit, LISTEN, FOR UPDATE ' +
      'SKIP LOCKED, one pg-boss job per consumer, NOTIFY) and the automation.rules consumer claims each in a ' +
      'tenant transaction. Pickup = the claim (event_deliveries.delivered_at) − occurred_at. Against a ' +
      'hand-written LISTEN + FOR UPDATE SKIP LOCKED loop on a table like the outbox, fed raw INSERTs at the ' +
      'same pace.',
    keelApp: 'api',
    needsProjects: true,
    writes: (seed) => new TransitionLoad(transitionLanes(seed)),
    eventType: 'project.transitioned',
    consumer: 'automation.rules',
    targetP50Ms: 50,
  },
  {
    kind: 'versus-baseline',
    name: 'search',
    description:
      'GET /v1/workspaces/:workspaceId/search?q=<two words>: authentication and the workspace guard ' +
      "(documents:read), then one tenant transaction: its opening, the caller's visibility settings (one " +
      'set_config statement), the full-text search (websearch_to_tsquery over the weighted tsvector, GIN index, ' +
      'ts_rank_cd, the best 10, ts_headline snippets), COMMIT. --chunks (10,000) chunks in each of --search-workspaces (10), seeded ' +
      'with SQL; the baseline sends the same statements raw through pg.',
    keelApp: 'api',
    needsChunks: true,
    requests: searchRequests,
  },
  {
    kind: 'ingestion',
    name: 'ingest-csv',
    description:
      "POST /v1/workspaces/:workspaceId/documents with a --csv-rows (100,000) row CSV, then Keel's worker ingests " +
      'it (streamed parse, rows packed into chunks of 800 cl100k tokens with 15 % overlap, one transaction of ' +
      'INSERTs with their tsvectors): chunks/s and rows/s from processingAt to indexedAt.',
    keelApp: 'api',
    unit: 'rows',
    file: async (round, options) => deliveryLogCsv(round, options.csvRows),
  },
  {
    kind: 'ingestion',
    name: 'ingest-pdf',
    description:
      "POST /v1/workspaces/:workspaceId/documents with a --pdf-pages (500) page PDF of text, then Keel's worker " +
      'ingests it (PDF.js text per page, chunks that never cross a page): chunks/s and pages/s from processingAt ' +
      'to indexedAt.',
    keelApp: 'api',
    unit: 'pages',
    file: (round, options) => contractPdf(round, options.pdfPages),
  },
  {
    kind: 'versus-route',
    name: 'tool-call',
    description:
      'POST /v1/workspaces/:workspaceId/ai/executions {calls: [{tool: projects.get}]}: a calls-mode execution of ' +
      'one read tool (the guard with ai:use, one tenant transaction: the policy in force, the execution row, the ' +
      "input checked by ajv, the caller's permission and the policy decided, the decision row, the budgets, the " +
      'read in a savepoint, the step row) against GET /v1/workspaces/:workspaceId/projects/:projectId, the same ' +
      'read over HTTP, on the same process in the same run (the HTTP read is the floor).',
    keelApp: 'api',
    needsProjects: true,
    pairs: toolCallPairs,
    prepare: permitToolCallReads,
    assertSameWork: assertToolCallReadsAsRoute,
  },
];

/** The scenarios named (all when none is), failing on a name that does not exist. */
export function selectScenarios(names: string[]): Scenario[] {
  const unknown = names.filter((name) => !SCENARIOS.some((scenario) => scenario.name === name));
  if (unknown.length > 0) {
    throw new Error(`Unknown scenario(s): ${unknown.join(', ')}. Known: ${SCENARIOS.map((s) => s.name).join(', ')}.`);
  }
  return names.length === 0 ? SCENARIOS : SCENARIOS.filter((scenario) => names.includes(scenario.name));
}

/** What the selected scenarios need started and seeded; nothing else is. */
export interface RunNeeds {
  /** The bench app, with its seeded bench items. */
  benchApp: boolean;
  /** The API build, with accounts and workspaces signed up through it. */
  api: boolean;
  /** The Fastify + pg baseline server. */
  baseline: boolean;
  /** The raw argon2id verify loop. */
  argon2Loop: boolean;
  /** Projects created through the API. */
  projects: boolean;
  /** Document chunks seeded with SQL into the accounts' workspaces. */
  chunks: boolean;
}

export function runNeeds(scenarios: Scenario[]): RunNeeds {
  return {
    benchApp: scenarios.some((scenario) => scenario.keelApp === 'bench-app'),
    api: scenarios.some((scenario) => scenario.keelApp === 'api'),
    baseline: scenarios.some(
      (scenario) =>
        scenario.kind === 'versus-baseline' ||
        scenario.kind === 'under-load' ||
        scenario.kind === 'write-versus-baseline',
    ),
    argon2Loop: scenarios.some((scenario) => scenario.kind === 'versus-argon2id' || scenario.kind === 'under-load'),
    projects: scenarios.some((scenario) => scenario.needsProjects === true),
    chunks: scenarios.some((scenario) => scenario.needsChunks === true),
  };
}

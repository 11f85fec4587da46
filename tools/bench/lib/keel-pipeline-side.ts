import { Agent, request as httpRequest } from 'node:http';
import { Pool } from 'pg';
import type { BenchRequest, ConnectionContext, DynamicBenchRequest } from './bench-request';
import { BenchTarget, KeelSettings, startKeelWorker } from './bench-targets';
import type { Pace } from './event-pipeline-result';
import { sendPaced } from './paced-sends';
import type { PickupSample } from './pickup-stats';
import { countFailure, PipelineSide, ProducedEvents, RunWindow } from './pipeline-side';
import type { BenchSeed } from './scenarios';
import { refreshAccessTokens } from './seed-accounts';
import type { WriteLoad } from './write-load';

/** pg-boss's schema: Keel's QUEUE_SCHEMA, left at its default by the bench. */
const QUEUE_SCHEMA = 'pgboss';

/**
 * Access tokens last 15 minutes and a slow drain can make a scenario outlast
 * them: before a run, tokens older than this are traded for fresh ones.
 */
const TOKEN_REFRESH_MS = 5 * 60_000;

/** A consumer's pg-boss queue, as `consumerQueue` in libs/events names it. */
const consumerQueue = (consumer: string): string => `event.${consumer}`;

export interface KeelPipelineSettings {
  /** The API the events are produced through. */
  api: BenchTarget;
  keel: KeelSettings;
  /** The accounts (with their current tokens) and projects the writes use; its tokens are refreshed as needed. */
  seed: BenchSeed;
  /** The writes that commit the events, as the seed's accounts make them: project transitions, one event each. */
  writesFor(seed: BenchSeed): WriteLoad;
  /** The workspaces those writes go to. */
  workspaceIds: string[];
  /** The type of event each write commits. */
  eventType: string;
  /** The consumer whose claim times the pickup. */
  consumer: string;
}

function isDynamic(request: BenchRequest): request is DynamicBenchRequest {
  return 'setupRequest' in request && 'onResponse' in request;
}

/** Sends one request and resolves with its status once the answer has been read. */
function statusOf(agent: Agent, url: URL, request: BenchRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(
      {
        agent,
        host: url.hostname,
        port: url.port,
        method: request.method,
        path: request.path,
        headers: request.headers,
      },
      (response) => {
        response.resume();
        response.on('end', () => resolve(response.statusCode ?? 0));
        response.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(request.body);
  });
}

function errorCode(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code ?? error.message;
  }
  return String(error);
}

/** Epoch milliseconds of a timestamptz, as a float8 (extract gives numeric, which pg returns as text). */
const epochMs = (column: string): string => `(extract(epoch FROM ${column}) * 1000)::float8`;

/** No delivered claim of the consumer for the outbox row `o`. */
const NOT_DELIVERED = `NOT EXISTS (
  SELECT 1 FROM event_deliveries d
   WHERE d.workspace_id = o.workspace_id AND d.consumer = $1 AND d.event_id = o.id AND d.status = 'delivered')`;

/** The run's events: of the bench's workspaces and its type, written in its window. */
const IN_WINDOW = `o.workspace_id = ANY($2::uuid[]) AND o.type = $3 AND o.occurred_at BETWEEN $4 AND $5`;

interface PickupRow {
  occurred: number;
  relayed: number | null;
  fetched: number | null;
  picked: number | null;
}

/**
 * Keel's side: events produced through the API (project transitions, each
 * committing one outbox row in its tenant transaction) and consumed by Keel's
 * worker process (dist/apps/worker: the outbox relay and the event
 * consumers), on the API's database. The pickup of an event is the consumer's
 * claim of it: `event_deliveries.delivered_at`, the `now()` of the tenant
 * transaction the consumer's effect runs in.
 */
export async function startKeelPipelineSide(settings: KeelPipelineSettings): Promise<PipelineSide> {
  const { seed } = settings;
  const dynamicRequestOf = (writes: WriteLoad): DynamicBenchRequest => {
    const [request] = writes.requests;
    if (!request || !isDynamic(request)) throw new Error('The event pipeline needs a write load of dynamic requests.');
    return request;
  };
  let writes = settings.writesFor(seed);
  let request = dynamicRequestOf(writes);
  let tokensAt = Date.now();
  const worker = await startKeelWorker(settings.keel);
  const pool = new Pool({
    connectionString: settings.keel.databaseUrl,
    max: 2,
    application_name: 'keel-bench-pipeline',
  });
  const agent = new Agent({ keepAlive: true, maxSockets: 1_000 });
  const apiUrl = new URL(settings.api.url);
  const windowParams = (window: RunWindow): unknown[] => [
    settings.consumer,
    settings.workspaceIds,
    settings.eventType,
    window.from,
    window.to,
  ];
  let stopping: Promise<void> | undefined;

  return {
    name: 'keel',
    label: 'keel',
    consumerPid: worker.child.pid,

    async backlog() {
      const { rows } = await pool.query<{ backlog: number }>(
        `SELECT count(*)::int AS backlog FROM outbox o WHERE ${NOT_DELIVERED}`,
        [settings.consumer],
      );
      return rows[0]?.backlog ?? 0;
    },

    async describeBacklog() {
      const outbox = await pool.query<{ unrelayed: number; undelivered: number }>(
        `SELECT count(*) FILTER (WHERE relayed_at IS NULL)::int AS unrelayed, count(*)::int AS undelivered
           FROM outbox o WHERE ${NOT_DELIVERED}`,
        [settings.consumer],
      );
      const deliveries = await pool.query<{ status: string; count: number }>(
        `SELECT status, count(*)::int AS count FROM event_deliveries WHERE consumer = $1 GROUP BY status ORDER BY status`,
        [settings.consumer],
      );
      const jobs = await pool.query<{ state: string; count: number }>(
        `SELECT state::text AS state, count(*)::int AS count FROM ${QUEUE_SCHEMA}.job WHERE name = $1
          GROUP BY state ORDER BY state`,
        [consumerQueue(settings.consumer)],
      );
      const listed = (pairs: string[]): string => pairs.join(', ') || 'none';
      const [left] = outbox.rows;
      return (
        `outbox rows without a delivered ${settings.consumer} claim: ${left?.undelivered ?? 0} ` +
        `(${left?.unrelayed ?? 0} not relayed); its deliveries by status: ` +
        `${listed(deliveries.rows.map((row) => `${row.status} ${row.count}`))}; ` +
        `its pg-boss jobs by state: ${listed(jobs.rows.map((row) => `${row.state} ${row.count}`))}`
      );
    },

    async prepare() {
      if (Date.now() - tokensAt > TOKEN_REFRESH_MS) {
        seed.accounts = await refreshAccessTokens(settings.api.url, seed.accounts);
        writes = settings.writesFor(seed);
        request = dynamicRequestOf(writes);
        tokensAt = Date.now();
      }
      await writes.sync(settings.keel.databaseUrl);
    },

    async produce(count: number, pace: Pace): Promise<ProducedEvents> {
      const failed = new Map<string, number>();
      let committed = 0;
      await sendPaced(count, pace, async () => {
        const context: ConnectionContext = {};
        const outgoing = request.setupRequest({ method: request.method, path: request.path }, context);
        let status: number;
        try {
          status = await statusOf(agent, apiUrl, outgoing);
        } catch (error) {
          countFailure(failed, errorCode(error));
          return;
        }
        request.onResponse(status, '', context);
        if (status === 200) committed += 1;
        else countFailure(failed, String(status));
      });
      return { committed, failed };
    },

    async pending(window: RunWindow) {
      const { rows } = await pool.query<{ pending: number }>(
        `SELECT count(*)::int AS pending FROM outbox o WHERE ${IN_WINDOW} AND ${NOT_DELIVERED}`,
        windowParams(window),
      );
      return rows[0]?.pending ?? 0;
    },

    async pickups(window: RunWindow): Promise<PickupSample[]> {
      // The job of the event's delivery to the consumer carries the event: found by the event's id in its data.
      const { rows } = await pool.query<PickupRow>(
        `SELECT ${epochMs('o.occurred_at')} AS occurred, ${epochMs('o.relayed_at')} AS relayed,
                ${epochMs('j.started_on')} AS fetched, ${epochMs('d.delivered_at')} AS picked
           FROM outbox o
           LEFT JOIN event_deliveries d
             ON d.workspace_id = o.workspace_id AND d.consumer = $1 AND d.event_id = o.id AND d.status = 'delivered'
           LEFT JOIN ${QUEUE_SCHEMA}.job j ON j.name = $6 AND j.data -> 'event' ->> 'id' = o.id::text
          WHERE ${IN_WINDOW}`,
        [...windowParams(window), consumerQueue(settings.consumer)],
      );
      return rows.map((row) => ({
        occurredAtMs: row.occurred,
        ...(row.relayed === null ? {} : { relayedAtMs: row.relayed }),
        ...(row.fetched === null ? {} : { fetchedAtMs: row.fetched }),
        ...(row.picked === null ? {} : { pickedAtMs: row.picked }),
      }));
    },

    assertAlive() {
      for (const [label, process] of [
        ['the API', settings.api.process],
        ['the Keel worker', worker],
      ] as const) {
        if (process.child.exitCode !== null || process.child.signalCode !== null) {
          throw new Error(`${label} exited during the run:\n${process.output()}`);
        }
      }
    },

    stop() {
      stopping ??= (async () => {
        agent.destroy();
        await worker.stop();
        await pool.end();
      })();
      return stopping;
    },
  };
}

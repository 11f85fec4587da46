import type { FastifyInstance } from 'fastify';
import type { Pool } from 'pg';
import { inScopedTransaction } from './scoped-transaction';
import type { WorkspaceGuard } from './workspace-guard';

/** Keel's batch bounds for `POST …/usage-events`. */
const MAX_EVENTS = 1_000;

interface RawEvent {
  id: string;
  type: string;
  timestamp: string;
  value: number | null;
  properties: string | null;
}

/** The batch, or undefined when it is not 1…1,000 events each with a string id, type and timestamp. */
function usageEvents(body: unknown): RawEvent[] | undefined {
  if (typeof body !== 'object' || body === null) return undefined;
  const events = (body as { events?: unknown }).events;
  if (!Array.isArray(events) || events.length < 1 || events.length > MAX_EVENTS) return undefined;
  const parsed: RawEvent[] = [];
  for (const event of events as Record<string, unknown>[]) {
    const { id, type, timestamp, value, properties } = event ?? {};
    if (typeof id !== 'string' || typeof type !== 'string' || typeof timestamp !== 'string') return undefined;
    parsed.push({
      id,
      type,
      timestamp,
      value: typeof value === 'number' ? value : null,
      properties: properties === undefined || properties === null ? null : JSON.stringify(properties),
    });
  }
  return parsed;
}

/**
 * The raw floor of usage ingestion: behind the same guard (authentication,
 * membership, `usage:write`), one tenant transaction holding one multi-row
 * `INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING RETURNING id` into
 * Keel's usage_events table (its unique key is the dedupe), and the tally.
 * No per-event checks, no meters, no rollups: what a hand-written ingest
 * endpoint that only stores events would do.
 */
export function addUsageRoutes(app: FastifyInstance, pool: Pool, guard: WorkspaceGuard): void {
  app.post<{ Params: { workspaceId: string } }>('/v1/workspaces/:workspaceId/usage-events', async (request, reply) => {
    const scope = await guard.check(request.headers.authorization, request.params.workspaceId, 'usage:write', reply);
    if (!scope.allowed) return scope.reply;
    const events = usageEvents(request.body);
    if (!events) return reply.status(422).send({ code: 'VALIDATION_FAILED' });
    const inserted = await inScopedTransaction(pool, scope.workspaceId, [], async (client) => {
      const result = await client.query<{ id: string }>(
        `INSERT INTO usage_events (workspace_id, id, type, occurred_at, value, properties)
         SELECT $1, * FROM unnest($2::text[], $3::text[], $4::timestamptz[], $5::float8[], $6::jsonb[])
         ON CONFLICT DO NOTHING
         RETURNING id`,
        [
          scope.workspaceId,
          events.map((event) => event.id),
          events.map((event) => event.type),
          events.map((event) => event.timestamp),
          events.map((event) => event.value),
          events.map((event) => event.properties),
        ],
      );
      return result.rowCount ?? 0;
    });
    return reply.status(202).send({ accepted: inserted, duplicates: events.length - inserted, rejected: [] });
  });
}

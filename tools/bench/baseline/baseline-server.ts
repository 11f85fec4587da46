import Fastify, { FastifyInstance } from 'fastify';
import type { Pool, PoolClient } from 'pg';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface BenchItemRow {
  workspace_id: string;
  id: string;
  name: string;
  quantity: number;
  created_at: Date;
}

interface ItemParams {
  workspaceId: string;
  itemId: string;
}

/**
 * The statements Keel's tenant transaction sends for one read, in the same
 * order and the same number of round trips; a failed ROLLBACK destroys the
 * connection, as Keel's adapter does.
 */
async function readInTenantTransaction(
  pool: Pool,
  workspaceId: string,
  itemId: string,
): Promise<BenchItemRow | undefined> {
  const client: PoolClient = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL ROLE keel_app');
    await client.query(`SELECT set_config('app.workspace_id', $1, true)`, [workspaceId]);
    const result = await client.query<BenchItemRow>(
      'SELECT workspace_id, id, name, quantity, created_at FROM bench_item WHERE workspace_id = $1 AND id = $2 LIMIT 1',
      [workspaceId, itemId],
    );
    await client.query('COMMIT');
    return result.rows[0];
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

/** Plain Fastify and `pg`: what the same two routes cost with no framework and no ORM. */
export function createBaselineServer(pool: Pool): FastifyInstance {
  const app = Fastify({ logger: false });

  app.get('/health/live', async (_request, reply) => {
    void reply.header('cache-control', 'no-store');
    return { status: 'ok' };
  });

  app.get<{ Params: ItemParams }>('/v1/workspaces/:workspaceId/bench-items/:itemId', async (request, reply) => {
    const { workspaceId, itemId } = request.params;
    if (!UUID.test(workspaceId) || !UUID.test(itemId)) return reply.status(400).send({ code: 'VALIDATION_FAILED' });
    const row = await readInTenantTransaction(pool, workspaceId, itemId);
    if (!row) return reply.status(404).send({ code: 'NOT_FOUND' });
    return {
      id: row.id,
      workspaceId: row.workspace_id,
      name: row.name,
      quantity: row.quantity,
      createdAt: row.created_at,
    };
  });

  return app;
}

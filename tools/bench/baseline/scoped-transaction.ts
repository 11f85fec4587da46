import type { Pool, PoolClient } from 'pg';

/**
 * One transaction on one pooled connection, with the statements Keel's tenant
 * (and restricted) transactions send, in the same order and the same number
 * of round trips: BEGIN, SET LOCAL ROLE, set_config of the workspace, one
 * set_config per extra setting, the work, COMMIT. When the work throws:
 * ROLLBACK, and the error goes on. A failed ROLLBACK destroys the connection,
 * as Keel's adapter does.
 */
export async function inScopedTransaction<T>(
  pool: Pool,
  workspaceId: string,
  settings: [string, string][],
  work: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  let broken: Error | undefined;
  try {
    await client.query('BEGIN');
    await client.query('SET LOCAL ROLE keel_app');
    await client.query(`SELECT set_config('app.workspace_id', $1, true)`, [workspaceId]);
    for (const [name, value] of settings) await client.query('SELECT set_config($1, $2, true)', [`app.${name}`, value]);
    const result = await work(client);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch((rollbackError: unknown) => {
      broken = rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
    });
    throw error;
  } finally {
    client.release(broken);
  }
}

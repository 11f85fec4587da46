import { Client } from 'pg';
import { newId } from '@keel/platform-database';

export interface BenchItemKey {
  workspaceId: string;
  itemId: string;
}

/**
 * Fills `bench_item` (created by the bench app's migration) through the same
 * door the app uses: one tenant transaction per workspace, as the application
 * role, so the row-level-security policy accepts every row it stores.
 */
export async function seedBenchItems(
  url: string,
  workspaces: number,
  itemsPerWorkspace: number,
): Promise<BenchItemKey[]> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    const keys: BenchItemKey[] = [];
    for (let w = 0; w < workspaces; w += 1) {
      const workspaceId = newId();
      const itemIds = Array.from({ length: itemsPerWorkspace }, () => newId());
      await client.query('BEGIN');
      await client.query('SET LOCAL ROLE keel_app');
      await client.query(`SELECT set_config('app.workspace_id', $1, true)`, [workspaceId]);
      await client.query(
        `INSERT INTO bench_item (workspace_id, id, name, quantity)
         SELECT $1, item.id, 'item ' || item.n, item.n FROM unnest($2::uuid[]) WITH ORDINALITY AS item(id, n)`,
        [workspaceId, itemIds],
      );
      await client.query('COMMIT');
      keys.push(...itemIds.map((itemId) => ({ workspaceId, itemId })));
    }
    // Fresh statistics, so the planner sees the table it will be asked about.
    await client.query('BEGIN');
    await client.query('SET LOCAL ROLE keel_owner');
    await client.query('ANALYZE bench_item');
    await client.query('COMMIT');
    return keys;
  } finally {
    await client.end();
  }
}

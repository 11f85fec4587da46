import { DataSource } from 'typeorm';
import { dataSourceOptions, DATABASE_OWNER_ROLE, newId, runInTenantTransaction } from '@keel/platform-database';

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
  const dataSource = new DataSource(dataSourceOptions({ url, poolMax: 1 }));
  await dataSource.initialize();
  try {
    const keys: BenchItemKey[] = [];
    for (let w = 0; w < workspaces; w += 1) {
      const workspaceId = newId();
      const itemIds = Array.from({ length: itemsPerWorkspace }, () => newId());
      await runInTenantTransaction(dataSource, workspaceId, (manager) =>
        manager.query(
          `INSERT INTO bench_item (workspace_id, id, name, quantity)
           SELECT $1, item.id, 'item ' || item.n, item.n FROM unnest($2::uuid[]) WITH ORDINALITY AS item(id, n)`,
          [workspaceId, itemIds],
        ),
      );
      keys.push(...itemIds.map((itemId) => ({ workspaceId, itemId })));
    }
    // Fresh statistics, so the planner sees the table it will be asked about.
    await dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL ROLE ${DATABASE_OWNER_ROLE}`);
      await manager.query('ANALYZE bench_item');
    });
    return keys;
  } finally {
    await dataSource.destroy();
  }
}

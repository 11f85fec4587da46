import { DataSource } from 'typeorm';
import { dataSourceOptions, runInTenantTransaction } from '@keel/platform-database';

/** One statement in a tenant transaction of `workspaceId`; the rows as `pg` returns them (jsonb parsed, timestamps as Dates). */
export type WorkspaceQuery = (
  workspaceId: string,
  sql: string,
  params: unknown[],
) => Promise<Record<string, unknown>[]>;

/**
 * The bench's own reads of what the targets stored, through the door the app
 * uses: one connection, each statement in a tenant transaction of its
 * workspace as the application role, so row-level security applies as it
 * does to Keel, whatever login the database URL names.
 */
export async function withWorkspaceQueries<T>(url: string, work: (query: WorkspaceQuery) => Promise<T>): Promise<T> {
  const dataSource = new DataSource(dataSourceOptions({ url, poolMax: 1, applicationName: 'keel-bench-check' }));
  await dataSource.initialize();
  try {
    return await work((workspaceId, sql, params) =>
      runInTenantTransaction(dataSource, workspaceId, async (manager) => {
        const rows: Record<string, unknown>[] = await manager.query(sql, params);
        return rows;
      }),
    );
  } finally {
    await dataSource.destroy();
  }
}

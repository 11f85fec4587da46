import type { DataSource } from 'typeorm';
import { DATABASE_OWNER_ROLE } from './database-roles';

/**
 * Runs a bounded DELETE — one that removes at most `batchSize` rows, e.g.
 * `… WHERE ctid IN (SELECT ctid … LIMIT <batchSize>)` — as keel_owner, one
 * transaction per batch, until a batch removes fewer: retention jobs prune
 * across workspaces without one transaction holding many rows. Returns how
 * many rows went.
 */
export async function deleteInBatches(
  dataSource: DataSource,
  boundedDelete: string,
  parameters: unknown[],
  batchSize: number,
): Promise<number> {
  let deleted = 0;
  for (;;) {
    const count = await dataSource.transaction(async (manager) => {
      await manager.query(`SET LOCAL ROLE ${DATABASE_OWNER_ROLE}`);
      const [, affected]: [unknown, number] = await manager.query(boundedDelete, parameters);
      return affected;
    });
    deleted += count;
    if (count < batchSize) return deleted;
  }
}

import type { DataSource } from 'typeorm';
import { runInOwnerTransaction } from './tenant-transaction';

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
    const count = await runInOwnerTransaction(dataSource, async (manager) => {
      const [, affected]: [unknown, number] = await manager.query(boundedDelete, parameters);
      return affected;
    });
    deleted += count;
    if (count < batchSize) return deleted;
  }
}

import type { DataSource } from 'typeorm';
import { runAsPlatformOwner } from './transaction-doors';

/** Deleting in batches keeps each statement short and its locks brief. */
export const DELETE_BATCH_SIZE = 1000;

/**
 * Deletes from `table` the rows `selectCtids` finds (a `SELECT ctid FROM
 * <table> WHERE …`, without LIMIT), as keel_owner, one transaction per batch
 * of DELETE_BATCH_SIZE, until a batch removes fewer: retention jobs and
 * housekeeping prune across workspaces without one transaction holding many
 * rows. Returns how many rows went.
 */
export async function deleteInBatches(
  dataSource: DataSource,
  table: string,
  selectCtids: string,
  parameters: unknown[] = [],
): Promise<number> {
  const sql = `DELETE FROM ${table} WHERE ctid IN (${selectCtids} LIMIT ${DELETE_BATCH_SIZE})`;
  let deleted = 0;
  for (;;) {
    const count = await runAsPlatformOwner(dataSource, async (manager) => {
      const [, affected]: [unknown, number] = await manager.query(sql, parameters);
      return affected;
    });
    deleted += count;
    if (count < DELETE_BATCH_SIZE) return deleted;
  }
}

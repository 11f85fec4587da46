import { DataSource } from 'typeorm';
import { deleteInBatches } from '@keel/platform-database';
import { ExpiringTables } from './expiring-tables';

/** How many expired rows one purge deleted from a table. */
export interface PurgedTable {
  table: string;
  purged: number;
}

/**
 * Deletes the expired rows of every registered table, in batches, as the
 * connection's role and in no workspace: what housekeeping does on its
 * schedule. Tenant tables need their housekeeping policy (see
 * `housekeepingPolicySql`) for the owner to see their expired rows.
 */
export async function purgeExpiredRows(dataSource: DataSource, tables: ExpiringTables): Promise<PurgedTable[]> {
  const results: PurgedTable[] = [];
  for (const { table, expiresAtColumn } of tables.list()) {
    const purged = await deleteInBatches(
      dataSource,
      table,
      `SELECT ctid FROM ${table} WHERE ${expiresAtColumn} < now()`,
    );
    results.push({ table, purged });
  }
  return results;
}

import type { DataSource } from 'typeorm';
import { SealedColumn, SealedColumnRow, SecretBox, SecretBoxError } from '@keel/platform-crypto';
import { runAsPlatformOwner } from '@keel/platform-database';

/** What `crypto:rotate` did to one sealed column. */
export interface SealedColumnRotation {
  readonly table: string;
  readonly column: string;
  /** Values this run re-sealed under the current master key. */
  readonly reencrypted: number;
  /** Values this run could not open (unknown key, altered, other associated data): left as they were. */
  readonly unreadable: number;
  /** Values still not under the current master key when the run ended: 0 once the column is done. */
  readonly remaining: number;
}

export interface SealedColumnRotationOptions {
  /** Rows per transaction (default 100): short transactions, short row locks. */
  batchSize?: number;
  /** Told about each value that cannot be opened, by its row's ids (never its content). */
  onUnreadable?: (column: SealedColumn, ids: SealedColumnRow, error: SecretBoxError) => void;
}

const IDENTIFIER = /^[a-z_][a-z0-9_]*$/;
/** The sealed value's alias in the batch query: no id column can be called that (identifiers are lower case). */
const SEALED_ALIAS = 'Sealed';

/**
 * Re-seals, under the current master key and with the same associated data,
 * every value of `columns` that is not already under it (v1 values, and v2
 * values naming another key). Batch by batch, each batch one transaction as
 * keel_owner that locks its rows (FOR UPDATE) before reading them, so a value
 * the application changes meanwhile is never overwritten with an older one.
 * Running it again, or while the application runs, is safe: it only touches
 * values that still need it.
 */
export async function reencryptSealedColumns(
  dataSource: DataSource,
  secretBox: SecretBox,
  columns: readonly SealedColumn[],
  options: SealedColumnRotationOptions = {},
): Promise<SealedColumnRotation[]> {
  const queries = columns.map((column) => ({ column, sql: sealedColumnSql(column) }));
  // Every table checked before any is changed: a missing one means pending migrations.
  for (const { column } of queries) await assertColumnExists(dataSource, column);
  const results: SealedColumnRotation[] = [];
  for (const { column, sql } of queries) {
    results.push(await reencryptColumn(dataSource, secretBox, column, sql, options));
  }
  return results;
}

interface SealedColumnSql {
  select(after: boolean): string;
  update: string;
  count: string;
}

async function reencryptColumn(
  dataSource: DataSource,
  secretBox: SecretBox,
  column: SealedColumn,
  sql: SealedColumnSql,
  options: SealedColumnRotationOptions,
): Promise<SealedColumnRotation> {
  const batchSize = options.batchSize ?? 100;
  const prefix = secretBox.sealedPrefix;
  let after: string[] | undefined;
  let reencrypted = 0;
  let unreadable = 0;
  for (;;) {
    const batch = await runAsPlatformOwner(dataSource, async (manager) => {
      const rows: SealedColumnRow[] = await manager.query(sql.select(after !== undefined), [
        prefix,
        ...(after ?? []),
        batchSize,
      ]);
      let resealed = 0;
      let failed = 0;
      for (const row of rows) {
        const ids = idsOf(column, row);
        const associatedData = column.associatedData(ids);
        let value: string;
        try {
          value = secretBox.seal(secretBox.open(row[SEALED_ALIAS], associatedData), associatedData);
        } catch (error) {
          if (!(error instanceof SecretBoxError)) throw error;
          options.onUnreadable?.(column, ids, error);
          failed++;
          continue;
        }
        await manager.query(sql.update, [value, ...column.idColumns.map((name) => ids[name])]);
        resealed++;
      }
      return { rows, resealed, failed };
    });
    reencrypted += batch.resealed;
    unreadable += batch.failed;
    const last = batch.rows.at(-1);
    // Not `length < batchSize`: a row changed by the application while we waited for its lock drops
    // out of a batch without the column being done.
    if (!last) break;
    // Keyset pagination: a value left unreadable is not selected again.
    after = column.idColumns.map((name) => last[name]);
  }
  const [{ remaining }]: Array<{ remaining: number }> = await runAsPlatformOwner(dataSource, (manager) =>
    manager.query(sql.count, [prefix]),
  );
  return { table: column.table, column: column.column, reencrypted, unreadable, remaining };
}

function sealedColumnSql(column: SealedColumn): SealedColumnSql {
  if (column.idColumns.length === 0) {
    throw new Error(`Sealed column ${column.table}.${column.column} names no id columns.`);
  }
  const table = quoted(column.table);
  const sealed = quoted(column.column);
  const ids = column.idColumns.map(quoted);
  // Decided by the prefix alone (as SecretBox.needsRotation does), so PostgreSQL can count what is left.
  const needsRotation = `${sealed} IS NOT NULL AND NOT starts_with(${sealed}, $1)`;
  const idList = ids.join(', ');
  const afterParameters = ids.map((_id, index) => `$${index + 2}`).join(', ');
  return {
    select: (after) => `
      SELECT ${ids.map((id) => `${id}::text AS ${id}`).join(', ')}, ${sealed} AS "${SEALED_ALIAS}"
        FROM ${table}
       WHERE ${needsRotation}${after ? ` AND (${idList}) > (${afterParameters})` : ''}
       ORDER BY ${idList}
       LIMIT $${after ? ids.length + 2 : 2}
         FOR UPDATE`,
    update: `UPDATE ${table} SET ${sealed} = $1 WHERE ${ids.map((id, index) => `${id} = $${index + 2}`).join(' AND ')}`,
    count: `SELECT count(*)::int AS remaining FROM ${table} WHERE ${needsRotation}`,
  };
}

async function assertColumnExists(dataSource: DataSource, column: SealedColumn): Promise<void> {
  const [{ found }]: Array<{ found: boolean }> = await dataSource.query(
    `SELECT count(*) = $3 AS found FROM pg_attribute
      WHERE attrelid = to_regclass($1) AND attname::text = ANY($2::text[]) AND NOT attisdropped`,
    [quoted(column.table), [column.column, ...column.idColumns], 1 + column.idColumns.length],
  );
  if (!found) {
    throw new Error(
      `Sealed column ${column.table}.${column.column} (ids ${column.idColumns.join(', ')}) is not in the database: run db:migrate first.`,
    );
  }
}

function idsOf(column: SealedColumn, row: SealedColumnRow): SealedColumnRow {
  return Object.fromEntries(column.idColumns.map((name) => [name, row[name]]));
}

function quoted(name: string): string {
  if (!IDENTIFIER.test(name)) throw new Error(`Not a plain SQL identifier: ${name}`);
  return `"${name}"`;
}

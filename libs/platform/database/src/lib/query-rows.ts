import type { EntityManager } from 'typeorm';

/**
 * The rows a statement returned, whatever the statement: TypeORM's plain
 * `query` answers `[rows, count]` for UPDATE and DELETE but the rows alone
 * for SELECT and INSERT, which makes `UPDATE … RETURNING` easy to misread.
 */
export async function queryRows<T>(manager: EntityManager, sql: string, parameters: unknown[] = []): Promise<T[]> {
  const runner = manager.queryRunner;
  if (!runner) throw new Error('queryRows needs a transaction-bound EntityManager.');
  return (await runner.query(sql, parameters, true)).records as T[];
}

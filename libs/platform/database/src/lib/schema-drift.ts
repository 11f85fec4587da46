import type { DataSource } from 'typeorm';

/**
 * What TypeORM would put in a generated migration if asked now. Empty means
 * the entities and the migrations describe the same schema.
 */
export async function pendingSchemaChanges(dataSource: DataSource): Promise<string[]> {
  const sql = await dataSource.driver.createSchemaBuilder().log();
  return sql.upQueries.map((query) => query.query);
}

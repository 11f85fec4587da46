import { DataSource } from 'typeorm';
import {
  createThrowawayDatabase,
  dataSourceOptions,
  pendingSchemaChanges,
  runPendingMigrations,
} from '@keel/platform-database';
import type { KeelApplication } from './keel-application';

/** Applies pending migrations to the database at `url`; returns the names applied. */
export async function migrateDatabase(application: KeelApplication, url: string): Promise<string[]> {
  const dataSource = new DataSource(dataSourceOptions({ url, migrations: application.migrations, poolMax: 2 }));
  await dataSource.initialize();
  try {
    return await runPendingMigrations(dataSource);
  } finally {
    await dataSource.destroy();
  }
}

/**
 * Builds a fresh database from the migrations alone and asks TypeORM what a
 * generated migration would contain. Anything at all means the entities and
 * the migrations disagree.
 */
export async function checkSchemaDrift(application: KeelApplication, serverUrl: string | undefined): Promise<string[]> {
  const database = await createThrowawayDatabase({ serverUrl, prefix: 'keel_check' });
  const dataSource = new DataSource(
    dataSourceOptions({ url: database.url, entities: application.entities, migrations: application.migrations }),
  );
  try {
    await dataSource.initialize();
    await runPendingMigrations(dataSource);
    return await pendingSchemaChanges(dataSource);
  } finally {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
  }
}

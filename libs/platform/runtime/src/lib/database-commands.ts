import { DataSource } from 'typeorm';
import {
  createThrowawayDatabase,
  dataSourceOptions,
  pendingSchemaChanges,
  runPendingMigrations,
} from '@keel/platform-database';
import type { SecretBox } from '@keel/platform-crypto';
import type { KeelApplication } from './keel-application';
import { reencryptSealedColumns, SealedColumnRotation, SealedColumnRotationOptions } from './sealed-column-rotation';

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

/**
 * Re-seals every sealed column of the application under the current master key
 * of `secretBox` (crypto:rotate); returns, per column, how many values were
 * re-encrypted and how many remain.
 */
export async function rotateSealedValues(
  application: KeelApplication,
  url: string,
  secretBox: SecretBox,
  options: SealedColumnRotationOptions = {},
): Promise<SealedColumnRotation[]> {
  const dataSource = new DataSource(dataSourceOptions({ url, poolMax: 2, applicationName: 'keel crypto:rotate' }));
  await dataSource.initialize();
  try {
    return await reencryptSealedColumns(dataSource, secretBox, application.sealedColumns ?? [], options);
  } finally {
    await dataSource.destroy();
  }
}

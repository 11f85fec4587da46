import { Client } from 'pg';
import { randomBytes } from 'node:crypto';
import { chmod, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import {
  dataSourceOptions,
  pendingSchemaChanges,
  runPendingMigrations,
  startEmbeddedPostgres,
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

/** A database nobody else uses: a new one on `serverUrl`'s server, or a throwaway embedded server. */
async function freshDatabase(serverUrl: string | undefined): Promise<{ url: string; drop(): Promise<void> }> {
  if (!serverUrl) {
    const dir = await mkdtemp(join(tmpdir(), 'keel-db-check-'));
    // mkdtemp makes the folder private; as root, PostgreSQL runs as another OS user that must enter it.
    await chmod(dir, 0o755);
    const server = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), database: 'keel_check' });
    return {
      url: server.url,
      drop: async () => {
        await server.stop();
        await rm(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `keel_check_${randomBytes(5).toString('hex')}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new Client({ connectionString: serverUrl });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await cleanup.end();
    },
  };
}

/**
 * Builds a fresh database from the migrations alone and asks TypeORM what a
 * generated migration would contain. Anything at all means the entities and
 * the migrations disagree.
 */
export async function checkSchemaDrift(application: KeelApplication, serverUrl: string | undefined): Promise<string[]> {
  const database = await freshDatabase(serverUrl);
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

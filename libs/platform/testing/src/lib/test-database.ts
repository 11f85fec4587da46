import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, DatabaseConnectionSettings, runPendingMigrations } from '@keel/platform-database';
import { testAdminUrl } from './test-database-server';

export interface TestDatabase {
  name: string;
  /** Superuser URL of this database. */
  url: string;
  /** A DataSource on it (superuser login), migrated when migrations were given. */
  dataSource: DataSource;
  /** URL of this database for another login. */
  urlFor(user: string, password: string): string;
  drop(): Promise<void>;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

/** A fresh database of its own for one test file, dropped afterwards: tests never see each other's rows. */
export async function createTestDatabase(
  settings: Omit<DatabaseConnectionSettings, 'url'> = {},
): Promise<TestDatabase> {
  const adminUrl = testAdminUrl();
  const name = `keel_test_${randomBytes(6).toString('hex')}`;
  const admin = new Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.end();
  }
  const url = withDatabase(adminUrl, name);
  const dataSource = new DataSource(dataSourceOptions({ ...settings, url }));
  await dataSource.initialize();
  if (settings.migrations) await runPendingMigrations(dataSource);
  return {
    name,
    url,
    dataSource,
    urlFor(user, password) {
      const parsed = new URL(url);
      parsed.username = user;
      parsed.password = password;
      return parsed.toString();
    },
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      const cleanup = new Client({ connectionString: adminUrl });
      await cleanup.connect();
      try {
        await cleanup.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      } finally {
        await cleanup.end();
      }
    },
  };
}

/**
 * A login that is not a superuser and holds no BYPASSRLS, member of the Keel
 * roles: what a production deployment connects as.
 */
export async function createApplicationLogin(database: TestDatabase): Promise<{ user: string; password: string; url: string }> {
  const user = `keel_login_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await database.dataSource.query(`CREATE ROLE ${user} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${password}'`);
  await database.dataSource.query(`GRANT keel_owner, keel_app TO ${user}`);
  await database.dataSource.query(`GRANT CONNECT ON DATABASE ${database.name} TO ${user}`);
  return { user, password, url: database.urlFor(user, password) };
}

import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  createThrowawayDatabase,
  dataSourceOptions,
  DatabaseConnectionSettings,
  runPendingMigrations,
} from '@keel/platform-database';
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

/** A fresh database of its own for one test file, dropped afterwards: tests never see each other's rows. */
export async function createTestDatabase(
  settings: Omit<DatabaseConnectionSettings, 'url'> = {},
): Promise<TestDatabase> {
  const database = await createThrowawayDatabase({ serverUrl: testAdminUrl(), prefix: 'keel_test' });
  const { url } = database;
  const name = new URL(url).pathname.slice(1);
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
      await database.drop();
    },
  };
}
/**
 * A login that is not a superuser and holds no BYPASSRLS, member of the Keel
 * roles: what a production deployment connects as.
 */
export async function createApplicationLogin(
  database: TestDatabase,
): Promise<{ user: string; password: string; url: string }> {
  const user = `keel_login_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await database.dataSource.query(`CREATE ROLE ${user} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${password}'`);
  await database.dataSource.query(`GRANT keel_owner, keel_app TO ${user}`);
  await database.dataSource.query(`GRANT CONNECT ON DATABASE ${database.name} TO ${user}`);
  return { user, password, url: database.urlFor(user, password) };
}

import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  DATABASE_APP_ROLE,
  DATABASE_OWNER_ROLE,
  dataSourceOptions,
  DatabaseConnectionSettings,
  runPendingMigrations,
} from '@keel/platform-database';
import { asTestAdmin, testAdminUrl } from './test-database-server';
import { templateHolding } from './test-database-template';

export interface TestDatabase {
  name: string;
  /** Superuser URL of this database. */
  url: string;
  /** A DataSource on it (superuser login), migrated when migrations were given. */
  dataSource: DataSource;
  /** URL of this database for another login. */
  urlFor(user: string, password: string): string;
  /** Drops the database and every login made for it. */
  drop(): Promise<void>;
}

export interface ApplicationLogin {
  user: string;
  password: string;
  /** This database's URL for the login. */
  url: string;
}

/** Logins made for each database, dropped with it (roles are server-wide and would outlive it). */
const loginsOf = new WeakMap<TestDatabase, string[]>();

/**
 * A fresh database of its own for one test file, dropped afterwards: tests never see each other's rows.
 * Asked for exactly the migrations the run's template holds (the whole Keel schema), it is a copy of the
 * template, already migrated; asked for others, it is empty and migrated here.
 */
export async function createTestDatabase(
  settings: Omit<DatabaseConnectionSettings, 'url'> = {},
): Promise<TestDatabase> {
  const name = `keel_test_${randomBytes(6).toString('hex')}`;
  const template = templateHolding(settings.migrations);
  await asTestAdmin(template ? `CREATE DATABASE ${name} TEMPLATE ${template}` : `CREATE DATABASE ${name}`);
  const parsed = new URL(testAdminUrl());
  parsed.pathname = `/${name}`;
  const url = parsed.toString();
  const dataSource = new DataSource(dataSourceOptions({ ...settings, url }));
  const database: TestDatabase = {
    name,
    url,
    dataSource,
    urlFor(user, password) {
      const forLogin = new URL(url);
      forLogin.username = user;
      forLogin.password = password;
      return forLogin.toString();
    },
    async drop() {
      if (dataSource.isInitialized) await dataSource.destroy();
      // FORCE: a connection left behind by a killed process must not keep the database alive.
      await asTestAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      for (const login of loginsOf.get(database) ?? []) await asTestAdmin(`DROP ROLE IF EXISTS ${login}`);
    },
  };
  try {
    await dataSource.initialize();
    if (settings.migrations && !template) await runPendingMigrations(dataSource);
  } catch (error) {
    await database.drop();
    throw error;
  }
  return database;
}

/**
 * A login that is not a superuser and holds no BYPASSRLS, member of the Keel
 * roles: what a production deployment connects as.
 */
export async function createApplicationLogin(database: TestDatabase): Promise<ApplicationLogin> {
  const user = `keel_login_${randomBytes(4).toString('hex')}`;
  const password = randomBytes(12).toString('hex');
  await database.dataSource.query(`CREATE ROLE ${user} LOGIN NOSUPERUSER NOBYPASSRLS PASSWORD '${password}'`);
  loginsOf.set(database, [...(loginsOf.get(database) ?? []), user]);
  await database.dataSource.query(`GRANT ${DATABASE_OWNER_ROLE}, ${DATABASE_APP_ROLE} TO ${user}`);
  await database.dataSource.query(`GRANT CONNECT ON DATABASE ${database.name} TO ${user}`);
  return { user, password, url: database.urlFor(user, password) };
}

/**
 * A production login (createApplicationLogin) that owns the database, as
 * docs/operations.md asks of an operator: what Keel runs as in the e2e suites
 * unless a test says why it needs the superuser.
 */
export async function createDatabaseOwnerLogin(database: TestDatabase): Promise<ApplicationLogin> {
  const login = await createApplicationLogin(database);
  await database.dataSource.query(`ALTER DATABASE ${database.name} OWNER TO ${login.user}`);
  return login;
}

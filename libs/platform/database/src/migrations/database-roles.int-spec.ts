import { randomBytes } from 'node:crypto';
import { DataSource } from 'typeorm';
import { asTestAdmin, createTestDatabase, testAdminUrl, TestDatabase } from '@keel/platform-testing';
import { dataSourceOptions } from '../lib/data-source-options';
import { runPendingMigrations } from '../lib/migrate';
import { platformDatabaseMigrations } from './index';

function databaseUrl(database: string, user: string, password: string): string {
  const url = new URL(testAdminUrl());
  url.pathname = `/${database}`;
  url.username = user;
  url.password = password;
  return url.toString();
}

describe('the database roles migration', () => {
  let database: TestDatabase;

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: platformDatabaseMigrations });
  });

  afterAll(() => database?.drop());

  it('should create keel_owner and keel_app as roles that cannot log in, bypass row-level security or act as superuser', async () => {
    const roles = await database.dataSource.query(
      `SELECT rolname, rolcanlogin, rolbypassrls, rolsuper FROM pg_roles
        WHERE rolname IN ('keel_owner', 'keel_app') ORDER BY rolname`,
    );

    expect(roles).toEqual([
      { rolname: 'keel_app', rolcanlogin: false, rolbypassrls: false, rolsuper: false },
      { rolname: 'keel_owner', rolcanlogin: false, rolbypassrls: false, rolsuper: false },
    ]);
  });

  it('should make the migrating login a member of both roles, so it can switch to them', async () => {
    const [membership] = await database.dataSource.query(
      `SELECT pg_has_role(current_user, 'keel_owner', 'MEMBER') AS owner,
              pg_has_role(current_user, 'keel_app', 'MEMBER') AS app`,
    );

    expect(membership).toEqual({ owner: true, app: true });
  });

  it('should let keel_app read and write the tables keel_owner creates later', async () => {
    await database.dataSource.query('SET ROLE keel_owner; CREATE TABLE roles_probe (id int); RESET ROLE;');

    const [privileges] = await database.dataSource.query(
      `SELECT has_table_privilege('keel_app', 'roles_probe', 'SELECT, INSERT, UPDATE, DELETE') AS app_may_write,
              has_table_privilege('keel_app', 'roles_probe', 'TRUNCATE') AS app_may_truncate`,
    );

    expect(privileges).toEqual({ app_may_write: true, app_may_truncate: false });
  });

  /**
   * Makes a login (no superuser, no CREATEROLE) owning a new database, lets `grant` give it its
   * standing on the existing roles, migrates the database as that login, and proves the login can then
   * do what migrations and tenant transactions do: create a table as keel_owner, write to it as keel_app.
   */
  async function migrateAsLoginThat(grant: (login: string) => string): Promise<string[]> {
    const suffix = randomBytes(4).toString('hex');
    const login = `keel_login_${suffix}`;
    const name = `keel_test_login_${suffix}`;
    const password = randomBytes(12).toString('hex');
    await asTestAdmin(`CREATE ROLE ${login} LOGIN NOSUPERUSER NOCREATEROLE NOBYPASSRLS PASSWORD '${password}'`);
    await asTestAdmin(grant(login));
    await asTestAdmin(`CREATE DATABASE ${name} OWNER ${login}`);
    const dataSource = new DataSource(
      dataSourceOptions({
        url: databaseUrl(name, login, password),
        migrations: platformDatabaseMigrations,
        poolMax: 2,
      }),
    );
    try {
      await dataSource.initialize();
      const applied = await runPendingMigrations(dataSource);
      await dataSource.query('SET ROLE keel_owner; CREATE TABLE login_probe (id int); RESET ROLE;');
      await dataSource.query('SET ROLE keel_app; INSERT INTO login_probe VALUES (1); RESET ROLE;');
      expect(await dataSource.query('SELECT id FROM login_probe')).toEqual([{ id: 1 }]);
      return applied;
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await asTestAdmin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await asTestAdmin(`DROP ROLE IF EXISTS ${login}`);
    }
  }

  // The roles are cluster-wide: a second Keel database on the same server (staging beside production, a
  // managed PostgreSQL whose administrator made the roles) finds them already there.
  it('should migrate as a login an administrator made a member of keel_owner and keel_app', async () => {
    expect(await migrateAsLoginThat((login) => `GRANT keel_owner, keel_app TO ${login}`)).toEqual([
      'DatabaseRoles1763800000000',
    ]);
  });

  // A CREATEROLE login that creates a role holds, on PostgreSQL 16 and later, only the admin option on it
  // (createrole_self_grant is empty by default): it may grant the role, but not yet use it. That is the
  // standing of the login that ran the first migration on a fresh managed server; on PostgreSQL 15 an admin
  // grant is also a plain membership.
  it('should migrate as a login that holds only the admin option on the roles, as their creator does', async () => {
    const adminOnly = (login: string) => `
      DO $$
      BEGIN
        IF current_setting('server_version_num')::int >= 160000 THEN
          EXECUTE format('GRANT keel_owner, keel_app TO %I WITH ADMIN TRUE, INHERIT FALSE, SET FALSE', '${login}');
        ELSE
          EXECUTE format('GRANT keel_owner, keel_app TO %I WITH ADMIN OPTION', '${login}');
        END IF;
      END
      $$`;

    expect(await migrateAsLoginThat(adminOnly)).toEqual(['DatabaseRoles1763800000000']);
  });
});

import { DataSource } from 'typeorm';
import {
  createThrowawayDatabase,
  DATABASE_OWNER_ROLE,
  DatabaseConnectionSettings,
  dataSourceOptions,
  runPendingMigrations,
} from '@keel/platform-database';
import { asTestAdmin, testAdminUrl } from './test-database-server';

/** Set by the jest global setup: the database every migrated test database is copied from. */
export const TEST_TEMPLATE_VARIABLE = 'KEEL_TEST_TEMPLATE';
/** The migrations the template holds, by name, so a test asking for others still migrates its own. */
export const TEST_TEMPLATE_MIGRATIONS_VARIABLE = 'KEEL_TEST_TEMPLATE_MIGRATIONS';

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
type MigrationList = Function[];

/** A migration's name as TypeORM records it: the instance's `name`, else the class name. */
function migrationNames(migrations: MigrationList): string[] {
  return migrations.map((migration) => {
    const named = Reflect.construct(migration, []) as { name?: unknown };
    return typeof named.name === 'string' ? named.name : migration.name;
  });
}

export interface TestDatabaseTemplate {
  name: string;
  drop(): Promise<void>;
}

/**
 * Migrates one database once per test run and marks it a template: every test
 * file that wants the whole schema gets a copy (CREATE DATABASE … TEMPLATE),
 * which takes a fraction of what running every migration again does. Keel
 * processes started on a copy find their schema current.
 *
 * `typeorm_migrations` is handed to keel_owner (the migrations already made
 * everything else its own), so a production login that is a member of
 * keel_owner can own a copy and read which migrations ran.
 */
export async function createTestDatabaseTemplate(migrations: MigrationList): Promise<TestDatabaseTemplate> {
  const database = await createThrowawayDatabase({ serverUrl: testAdminUrl(), prefix: 'keel_template' });
  const name = new URL(database.url).pathname.slice(1);
  const dataSource = new DataSource(dataSourceOptions({ url: database.url, migrations }));
  try {
    await dataSource.initialize();
    await runPendingMigrations(dataSource);
    await dataSource.query(`ALTER TABLE typeorm_migrations OWNER TO ${DATABASE_OWNER_ROLE}`);
  } catch (error) {
    if (dataSource.isInitialized) await dataSource.destroy();
    await database.drop();
    throw error;
  }
  await dataSource.destroy();
  // No connections: a copy cannot be made while anyone is connected to the template.
  await asTestAdmin(`ALTER DATABASE ${name} WITH IS_TEMPLATE true ALLOW_CONNECTIONS false`);
  process.env[TEST_TEMPLATE_VARIABLE] = name;
  process.env[TEST_TEMPLATE_MIGRATIONS_VARIABLE] = migrationNames(migrations).join(',');
  return {
    name,
    drop: async () => {
      await asTestAdmin(`ALTER DATABASE ${name} WITH IS_TEMPLATE false`);
      await database.drop();
    },
  };
}

/** The template to copy for a database that wants exactly `migrations`, if the run made one holding them. */
export function templateHolding(migrations: DatabaseConnectionSettings['migrations']): string | undefined {
  const template = process.env[TEST_TEMPLATE_VARIABLE];
  const held = process.env[TEST_TEMPLATE_MIGRATIONS_VARIABLE];
  if (!template || held === undefined || !Array.isArray(migrations) || !migrations.length) return undefined;
  if (!migrations.every((migration) => typeof migration === 'function')) return undefined;
  return migrationNames(migrations as MigrationList).join(',') === held ? template : undefined;
}

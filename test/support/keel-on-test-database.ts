import {
  createDatabaseOwnerLogin,
  createTestDatabase,
  KeelProcess,
  startKeelProcess,
  TestDatabase,
} from '@keel/platform-testing';
import { keelMigrations } from '@keel/schema';

export interface KeelOnTestDatabase extends KeelTestDatabase {
  keel: KeelProcess;
  /** SIGTERMs the process (if still running), drops the database, and returns the exit code. */
  stop(): Promise<number | NodeJS.Signals | null>;
}

export interface KeelOnTestDatabaseOptions {
  /**
   * Run Keel as the database superuser instead of the production login, and
   * why: a superuser bypasses row-level security and every grant, so a suite
   * on it proves less about production.
   */
  superuserBecause?: string;
}

export interface KeelTestDatabase {
  /** `database.url` and `database.dataSource` are the superuser's, for the test's own reads and set-up. */
  database: TestDatabase;
  /** The login Keel processes run as: the production login, or the superuser when the suite said why. */
  login: { user: string; url: string };
}

/**
 * A database of its own with Keel's whole schema (a copy of the run's migrated
 * template, so the migrations a Keel process runs on start find nothing to
 * do), owned by a production login: neither superuser nor BYPASSRLS, member of
 * keel_owner and keel_app, as docs/operations.md asks of an operator.
 */
export async function createKeelTestDatabase(options: KeelOnTestDatabaseOptions = {}): Promise<KeelTestDatabase> {
  const database = await createTestDatabase({ migrations: keelMigrations });
  try {
    const login = options.superuserBecause
      ? { user: new URL(database.url).username, url: database.url }
      : await createDatabaseOwnerLogin(database);
    return { database, login };
  } catch (error) {
    await database.drop();
    throw error;
  }
}

/**
 * A production-like Keel for a suite: the built API, spawned on a database
 * of its own (a copy of the run's migrated template, so the migrations it
 * runs on start find nothing to do), logged in as the database's owner — a
 * login that is neither superuser nor BYPASSRLS (docs/operations.md).
 */
export async function startKeelOnTestDatabase(
  env: Record<string, string | undefined> = {},
  options: KeelOnTestDatabaseOptions = {},
): Promise<KeelOnTestDatabase> {
  const { database, login } = await createKeelTestDatabase(options);
  let keel: KeelProcess;
  try {
    keel = await startKeelProcess({ env: { LOG_LEVEL: 'info', ...env, DATABASE_URL: login.url } });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    keel,
    database,
    login,
    stop: async () => {
      const exit = await keel.stop('SIGTERM');
      await database.drop();
      return exit;
    },
  };
}

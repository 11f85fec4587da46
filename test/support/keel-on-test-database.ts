import { createTestDatabase, KeelProcess, startKeelProcess, TestDatabase } from '@keel/platform-testing';

export interface KeelOnTestDatabase {
  keel: KeelProcess;
  database: TestDatabase;
  /** SIGTERMs the process (if still running), drops the database, and returns the exit code. */
  stop(): Promise<number | NodeJS.Signals | null>;
}

/** The built API, spawned on a fresh database of its own (it migrates on start), with extra environment. */
export async function startKeelOnTestDatabase(
  env: Record<string, string | undefined> = {},
): Promise<KeelOnTestDatabase> {
  const database = await createTestDatabase();
  let keel: KeelProcess;
  try {
    keel = await startKeelProcess({ env: { LOG_LEVEL: 'info', ...env, DATABASE_URL: database.url } });
  } catch (error) {
    await database.drop();
    throw error;
  }
  return {
    keel,
    database,
    stop: async () => {
      const exit = await keel.stop('SIGTERM');
      await database.drop();
      return exit;
    },
  };
}

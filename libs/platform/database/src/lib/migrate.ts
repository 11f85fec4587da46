import type { DataSource } from 'typeorm';

/** Any fixed number works; it only has to be the same in every Keel process. */
const MIGRATION_LOCK_KEY = 7_263_114_501;

/**
 * Runs pending migrations under a session advisory lock, so several processes
 * starting at once migrate one after another instead of racing.
 */
export async function runPendingMigrations(dataSource: DataSource): Promise<string[]> {
  const lock = dataSource.createQueryRunner();
  await lock.connect();
  try {
    await lock.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
    const applied = await dataSource.runMigrations({ transaction: 'each' });
    return applied.map((migration) => migration.name);
  } finally {
    await lock.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_KEY]).catch(() => undefined);
    await lock.release();
  }
}

/** True when the database has every migration this build knows; used by readiness. */
export async function migrationsAreCurrent(dataSource: DataSource): Promise<boolean> {
  return !(await dataSource.showMigrations());
}

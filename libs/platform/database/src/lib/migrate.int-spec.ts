import { DataSource } from 'typeorm';
import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { platformDatabaseMigrations } from '../migrations';
import { dataSourceOptions } from './data-source-options';
import { runPendingMigrations } from './migrate';
import { SqlMigration } from './sql-migration';

/** A migration that fails if it runs twice: CREATE TABLE without IF NOT EXISTS. */
class RaceProbeTable1763800000001 extends SqlMigration {
  readonly name = 'RaceProbeTable1763800000001';
  protected readonly upSql = 'CREATE TABLE race_probe (id integer PRIMARY KEY)';
  protected readonly downSql = 'DROP TABLE race_probe';
}

class RaceProbeRow1763800000002 extends SqlMigration {
  readonly name = 'RaceProbeRow1763800000002';
  protected readonly upSql = 'INSERT INTO race_probe (id) VALUES (1)';
  protected readonly downSql = 'DELETE FROM race_probe WHERE id = 1';
}

const MIGRATIONS = [...platformDatabaseMigrations, RaceProbeTable1763800000001, RaceProbeRow1763800000002];

describe('two processes migrating one database at once', () => {
  let database: TestDatabase;
  const processes: DataSource[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    for (let index = 0; index < 2; index++) {
      const dataSource = new DataSource(dataSourceOptions({ url: database.url, migrations: MIGRATIONS }));
      await dataSource.initialize();
      processes.push(dataSource);
    }
  });

  afterAll(async () => {
    for (const dataSource of processes) await dataSource.destroy();
    await database?.drop();
  });

  it('should apply each migration exactly once, one process after the other, and both end current', async () => {
    const applied = await Promise.all(processes.map((dataSource) => runPendingMigrations(dataSource)));

    // The advisory lock makes one wait for the other, which then finds nothing left to do.
    expect([...applied].sort((a, b) => b.length - a.length)).toEqual([MIGRATIONS.map((m) => new m().name), []]);
    const recorded: { name: string }[] = await database.dataSource.query(
      'SELECT name FROM typeorm_migrations ORDER BY id',
    );
    expect(recorded.map((row) => row.name)).toEqual(MIGRATIONS.map((m) => new m().name));
    expect(await database.dataSource.query('SELECT id FROM race_probe')).toEqual([{ id: 1 }]);
    for (const dataSource of processes) expect(await dataSource.showMigrations()).toBe(false);
  });
});

import { Column, Entity, PrimaryColumn } from 'typeorm';
import { platformDatabaseMigrations, SqlMigration } from '@keel/platform-database';
import { createTestDatabase, testAdminUrl } from '@keel/platform-testing';
import { checkSchemaDrift } from './database-commands';
import type { KeelApplication } from './keel-application';

@Entity()
class DriftProbe {
  @PrimaryColumn('uuid')
  id: string;

  @Column('text')
  displayName: string;

  @Column('timestamptz')
  createdAt: Date;
}

class CreateDriftProbe1763800000001 extends SqlMigration {
  readonly name = 'CreateDriftProbe1763800000001';
  protected readonly upSql = `
    CREATE TABLE drift_probe (
      id uuid NOT NULL PRIMARY KEY,
      display_name text NOT NULL,
      created_at timestamptz NOT NULL
    )`;
  protected readonly downSql = 'DROP TABLE drift_probe';
}

function application(migrations: KeelApplication['migrations']): KeelApplication {
  return {
    name: 'drift-probe',
    version: '0.0.0',
    rootModule: () => ({ module: class {} }),
    entities: [DriftProbe],
    migrations: [...platformDatabaseMigrations, ...migrations],
  };
}

describe('the entities/migrations drift check', () => {
  it('should report the SQL a generated migration would run when an entity has no migration', async () => {
    const changes = await checkSchemaDrift(application([]), testAdminUrl());
    expect(changes.join('\n')).toMatch(/CREATE TABLE "drift_probe"/);
  });

  it('should report nothing when the migrations build exactly what the entities describe', async () => {
    expect(await checkSchemaDrift(application([CreateDriftProbe1763800000001]), testAdminUrl())).toEqual([]);
  });
});

describe('a migration written as SqlMigration', () => {
  it('should create tables owned by keel_owner that keel_app may read and write', async () => {
    const database = await createTestDatabase({
      migrations: [...platformDatabaseMigrations, CreateDriftProbe1763800000001],
    });
    try {
      const [table] = await database.dataSource.query(
        `SELECT tableowner,
                has_table_privilege('keel_app', 'drift_probe', 'SELECT, INSERT, UPDATE, DELETE') AS app_may_write
           FROM pg_tables WHERE tablename = 'drift_probe'`,
      );
      expect(table).toEqual({ tableowner: 'keel_owner', app_may_write: true });
      const recorded = await database.dataSource.query('SELECT name FROM typeorm_migrations ORDER BY id');
      expect(recorded.map((row: { name: string }) => row.name)).toEqual([
        'DatabaseRoles1763800000000',
        'CreateDriftProbe1763800000001',
      ]);
    } finally {
      await database.drop();
    }
  });
});

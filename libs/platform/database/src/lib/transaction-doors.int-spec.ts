import { DataSource } from 'typeorm';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { createApplicationLogin, createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { dataSourceOptions } from './data-source-options';
import { newId } from './new-id';
import { runInOwnTransaction } from './safe-typeorm-transactional.adapter';
import { runInRestrictedScope, runInTenantTransaction } from './transaction-doors';
import { tenantIsolationSql } from './tenant-table-sql';
import { platformDatabaseMigrations } from '../migrations';

const workspaceA = newId();
const workspaceB = newId();

// A throwaway tenant table shaped the way DESIGN.md requires of every tenant table.
const PROBE_TABLE = `
  SET ROLE keel_owner;
  CREATE TABLE rls_probe (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    label text NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  ${tenantIsolationSql('rls_probe')}
  RESET ROLE;
`;

async function labelsSeenBy(dataSource: DataSource, workspaceId: string): Promise<string[]> {
  return runInTenantTransaction(dataSource, workspaceId, async (manager) => {
    const rows: { label: string }[] = await manager.query('SELECT label FROM rls_probe ORDER BY label');
    return rows.map((row) => row.label);
  });
}

async function backendPid(dataSource: DataSource): Promise<number> {
  const [row] = await dataSource.query('SELECT pg_backend_pid() AS pid');
  return row.pid;
}

describe('tenant transactions on a row-level-security table', () => {
  let database: TestDatabase;
  let superuserPool: DataSource;
  let applicationPool: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase({ migrations: platformDatabaseMigrations });
    await database.dataSource.query(PROBE_TABLE);
    const login = await createApplicationLogin(database);
    // One connection per pool: every transaction below reuses the same pooled connection.
    superuserPool = new DataSource(dataSourceOptions({ url: database.url, poolMax: 1 }));
    applicationPool = new DataSource(dataSourceOptions({ url: login.url, poolMax: 1 }));
    await superuserPool.initialize();
    await applicationPool.initialize();

    const [{ rolsuper }] = await superuserPool.query('SELECT rolsuper FROM pg_roles WHERE rolname = current_user');
    expect(rolsuper).toBe(true);

    await runInTenantTransaction(superuserPool, workspaceA, (manager) =>
      manager.query(`INSERT INTO rls_probe VALUES ($1, $2, 'a-1'), ($1, $3, 'a-2')`, [workspaceA, newId(), newId()]),
    );
    await runInTenantTransaction(applicationPool, workspaceB, (manager) =>
      manager.query(`INSERT INTO rls_probe VALUES ($1, $2, 'b-1')`, [workspaceB, newId()]),
    );
  });

  afterAll(async () => {
    await superuserPool?.destroy();
    await applicationPool?.destroy();
    await database?.drop();
  });

  describe.each([
    ['a login without superuser', () => applicationPool],
    ['a superuser login', () => superuserPool],
  ])('when the pool connects as %s', (_label, pool) => {
    it('should show a workspace only its own rows', async () => {
      expect(await labelsSeenBy(pool(), workspaceA)).toEqual(['a-1', 'a-2']);
      expect(await labelsSeenBy(pool(), workspaceB)).toEqual(['b-1']);
    });

    it('should not let a workspace write a row into another workspace', async () => {
      await expect(
        runInTenantTransaction(pool(), workspaceA, (manager) =>
          manager.query(`INSERT INTO rls_probe VALUES ($1, $2, 'intruder')`, [workspaceB, newId()]),
        ),
      ).rejects.toThrow(/row-level security/);
      expect(await labelsSeenBy(pool(), workspaceB)).toEqual(['b-1']);
    });

    it('should not carry the workspace or the role into the next transaction on the same connection', async () => {
      const pid = await backendPid(pool());
      await labelsSeenBy(pool(), workspaceA);
      const [after] = await pool().query(
        `SELECT pg_backend_pid() AS pid, current_user AS role, current_setting('app.workspace_id', true) AS workspace`,
      );
      expect(after.pid).toBe(pid);
      expect(after.role).not.toBe('keel_app');
      expect(after.workspace ?? '').toBe('');
      // Without the tenant setting, a tenant-role query fails closed instead of seeing every row.
      await expect(
        pool().transaction(async (manager) => {
          await manager.query('SET LOCAL ROLE keel_app');
          return manager.query('SELECT label FROM rls_probe');
        }),
      ).rejects.toThrow(/app\.workspace_id|invalid input syntax for type uuid/);
    });
  });

  it('should give a restricted scope’s settings to the database exactly as written, quotes and backslashes included', async () => {
    const awkward = "o'brien\\x'; SELECT 1; --";
    const [seen] = await runInRestrictedScope(applicationPool, { user_id: awkward }, (manager) =>
      manager.query(
        `SELECT current_setting('app.user_id') AS value, current_user AS role, current_setting('app.workspace_id') AS workspace`,
      ),
    );
    expect(seen).toEqual({ value: awkward, role: 'keel_app', workspace: '00000000-0000-0000-0000-000000000000' });
  });

  it('should roll back a transaction whose opening fails, and hand its connection back clean', async () => {
    const pid = await backendPid(applicationPool);
    // The opening fails after START TRANSACTION, in the same round trip.
    await expect(
      runInOwnTransaction(applicationPool, undefined, async () => 1, `SELECT set_config('role', 'no_such_role', true)`),
    ).rejects.toThrow(/no_such_role/);
    const [after] = await applicationPool.query(`SELECT pg_backend_pid() AS pid, now() = statement_timestamp() AS fresh`);
    expect(after).toEqual({ pid, fresh: true });
  });

  it('should refuse a workspace id that is not a uuid', async () => {
    await expect(
      runInTenantTransaction(applicationPool, "x'; DROP TABLE rls_probe; --", async () => 1),
    ).rejects.toThrow(/workspace id/);
  });
});

describe('a transaction whose ROLLBACK fails', () => {
  let database: TestDatabase;
  let pool: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    pool = new DataSource(dataSourceOptions({ url: database.url, poolMax: 1 }));
    await pool.initialize();
  });

  afterAll(async () => {
    await pool?.destroy();
    await database?.drop();
  });

  afterEach(() => jest.restoreAllMocks());

  async function failingTransaction(): Promise<number> {
    let pid = 0;
    await expect(
      runInOwnTransaction(pool, undefined, async (manager) => {
        [{ pid }] = await manager.query('SELECT pg_backend_pid() AS pid');
        throw new Error('work failed');
      }),
    ).rejects.toThrow('work failed');
    return pid;
  }

  it('should return a connection to the pool when the rollback succeeds', async () => {
    const pid = await failingTransaction();
    expect(await backendPid(pool)).toBe(pid);
  });

  it('should destroy the connection instead of returning it to the pool', async () => {
    jest
      .spyOn(PostgresQueryRunner.prototype, 'rollbackTransaction')
      .mockRejectedValueOnce(new Error('connection lost during ROLLBACK'));
    const pid = await failingTransaction();
    expect(await backendPid(pool)).not.toBe(pid);
  });
});

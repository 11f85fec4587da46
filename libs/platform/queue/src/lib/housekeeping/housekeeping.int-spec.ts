import { Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import {
  dataSourceOptions,
  housekeepingPolicySql,
  PgNotifications,
  platformDatabaseMigrations,
  tenantIsolationSql,
} from '@keel/platform-database';
import { createApplicationLogin, createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { JobQueue } from '../job-queue';
import { QueueOptions } from '../queue-options';
import { ExpiringTables } from './expiring-tables';
import { HousekeepingJob } from './housekeeping.job';

/** More expired rows than one DELETE batch (1000) takes, so the job has to loop. */
const EXPIRED_ROWS = 2_345;
const CRON = '*/10 * * * *';

// Throwaway tables made the way migrations make tables: owned by keel_owner.
const TABLES = `
  CREATE SCHEMA audit AUTHORIZATION keel_owner;
  SET ROLE keel_owner;
  CREATE TABLE expiring_probe (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    label text NOT NULL,
    expires_at timestamptz NOT NULL
  );
  CREATE TABLE audit.session_probe (
    id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    label text NOT NULL,
    valid_until timestamptz NOT NULL
  );
  -- Shaped like every tenant table in DESIGN.md (idempotency records, invites, ...): forced row-level security.
  CREATE TABLE tenant_expiring_probe (
    workspace_id uuid NOT NULL,
    id uuid NOT NULL,
    label text NOT NULL,
    expires_at timestamptz NOT NULL,
    PRIMARY KEY (workspace_id, id)
  );
  ${tenantIsolationSql('tenant_expiring_probe')}
  -- What a tenant table whose rows expire declares for housekeeping: the owner sees expired rows only.
  ${housekeepingPolicySql('tenant_expiring_probe', 'expires_at')}
  RESET ROLE;
`;

async function seed(dataSource: DataSource): Promise<void> {
  await dataSource.query('TRUNCATE expiring_probe, audit.session_probe, tenant_expiring_probe');
  await dataSource.query(
    `INSERT INTO expiring_probe (label, expires_at)
       SELECT 'expired-' || g, now() - interval '1 minute' - g * interval '1 second' FROM generate_series(1, $1) g`,
    [EXPIRED_ROWS],
  );
  await dataSource.query(
    `INSERT INTO expiring_probe (label, expires_at)
       VALUES ('fresh-1', now() + interval '1 minute'), ('fresh-2', now() + interval '1 day'), ('fresh-3', 'infinity')`,
  );
  await dataSource.query(
    `INSERT INTO audit.session_probe (label, valid_until)
       VALUES ('ended', now() - interval '1 hour'), ('active', now() + interval '1 hour')`,
  );
  // Seeded by the superuser, which row-level security does not apply to; two workspaces.
  await dataSource.query(
    `INSERT INTO tenant_expiring_probe (workspace_id, id, label, expires_at)
       SELECT w, gen_random_uuid(), 'expired', now() - interval '1 hour'
         FROM unnest(ARRAY[gen_random_uuid(), gen_random_uuid()]) w
       UNION ALL
       SELECT gen_random_uuid(), gen_random_uuid(), 'fresh', now() + interval '1 hour'`,
  );
}

async function labels(dataSource: DataSource, table: string): Promise<string[]> {
  const rows: { label: string }[] = await dataSource.query(`SELECT label FROM ${table} ORDER BY label`);
  return rows.map((row) => row.label);
}

async function expiredCount(dataSource: DataSource): Promise<number> {
  const [{ count }]: { count: string }[] = await dataSource.query(
    'SELECT count(*) FROM expiring_probe WHERE expires_at < now()',
  );
  return Number(count);
}

describe('housekeeping of expired rows', () => {
  let database: TestDatabase;
  /** The pool as a production deployment has it: a login that is neither superuser nor BYPASSRLS. */
  let pool: DataSource;
  let loginUrl: string;

  function queueOptions(runWorkers: boolean): QueueOptions {
    return { url: loginUrl, schema: 'pgboss', runWorkers, shutdownGraceMs: 5_000 };
  }

  /** Every listener connection a queue opened, closed after the suite. */
  const listeners: PgNotifications[] = [];

  function newQueue(runWorkers: boolean): JobQueue {
    const notifications = new PgNotifications(loginUrl);
    listeners.push(notifications);
    return new JobQueue(queueOptions(runWorkers), notifications);
  }

  function housekeeping(queue: JobQueue, tables: ExpiringTables): HousekeepingJob {
    return new HousekeepingJob(CRON, tables, queue, pool);
  }

  function registeredTables(): ExpiringTables {
    const tables = new ExpiringTables();
    tables.register({ table: 'expiring_probe', expiresAtColumn: 'expires_at' });
    tables.register({ table: 'audit.session_probe', expiresAtColumn: 'valid_until' });
    return tables;
  }

  beforeAll(async () => {
    // The job and the queue log through Nest's logger; keep the test output to the test results.
    Logger.overrideLogger(false);
    database = await createTestDatabase({ migrations: platformDatabaseMigrations });
    await database.dataSource.query(TABLES);
    const login = await createApplicationLogin(database);
    // pg-boss creates its own schema on first start, as it would on a database the login owns.
    await database.dataSource.query(`GRANT CREATE ON DATABASE ${database.name} TO ${login.user}`);
    loginUrl = login.url;
    pool = new DataSource(dataSourceOptions({ url: loginUrl, poolMax: 2 }));
    await pool.initialize();
  });

  afterAll(async () => {
    await Promise.all(listeners.map((listener) => listener.onApplicationShutdown()));
    await pool?.destroy();
    await database?.drop();
  });

  beforeEach(() => seed(database.dataSource));

  describe('run()', () => {
    it('should delete every expired row, over several batches, and keep the rows that have not expired', async () => {
      const job = housekeeping(newQueue(false), registeredTables());

      await job.run();

      expect(await labels(pool, 'expiring_probe')).toEqual(['fresh-1', 'fresh-2', 'fresh-3']);
    });

    it('should purge every registered table, schema-qualified ones and their own column names included', async () => {
      const job = housekeeping(newQueue(false), registeredTables());

      await job.run();

      expect(await labels(pool, 'audit.session_probe')).toEqual(['active']);
    });

    it('should purge expired rows of a tenant table under forced row-level security, in every workspace', async () => {
      const tables = new ExpiringTables();
      tables.register({ table: 'tenant_expiring_probe', expiresAtColumn: 'expires_at' });

      await housekeeping(newQueue(false), tables).run();

      expect(await labels(database.dataSource, 'tenant_expiring_probe')).toEqual(['fresh']);
    });

    it('should leave tables that are not registered alone', async () => {
      const tables = new ExpiringTables();
      tables.register({ table: 'audit.session_probe', expiresAtColumn: 'valid_until' });

      await housekeeping(newQueue(false), tables).run();

      expect(await expiredCount(pool)).toBe(EXPIRED_ROWS);
    });

    it('should change nothing a second time', async () => {
      const job = housekeeping(newQueue(false), registeredTables());
      await job.run();

      await job.run();

      expect(await labels(pool, 'expiring_probe')).toEqual(['fresh-1', 'fresh-2', 'fresh-3']);
      expect(await labels(pool, 'audit.session_probe')).toEqual(['active']);
    });
  });

  describe('on the pg-boss schedule', () => {
    let queue: JobQueue;

    beforeAll(async () => {
      queue = newQueue(true);
      // What Nest does with the providers: the job registers on init, the queue starts on bootstrap.
      housekeeping(queue, registeredTables()).onModuleInit();
      await queue.onApplicationBootstrap();
    });

    afterAll(async () => {
      await queue?.beforeApplicationShutdown();
    });

    it('should report the queue running, for readiness', () => {
      expect(queue.running).toBe(true);
    });

    it('should keep the housekeeping schedule in PostgreSQL, in UTC', async () => {
      const schedules = await queue.pgBoss.getSchedules();

      expect(schedules).toEqual([
        expect.objectContaining({ name: 'platform.housekeeping', cron: CRON, timezone: 'UTC' }),
      ]);
    });

    it('should purge expired rows when the job is triggered, through a worker', async () => {
      const jobId = await queue.trigger('platform.housekeeping');
      expect(jobId).toEqual(expect.any(String));
      if (!jobId) return;

      let state: string | undefined;
      while (state !== 'completed' && state !== 'failed') {
        await new Promise((resolve) => setTimeout(resolve, 200));
        state = (await queue.pgBoss.getJobById('platform.housekeeping', jobId))?.state;
      }

      expect(state).toBe('completed');
      expect(await labels(pool, 'expiring_probe')).toEqual(['fresh-1', 'fresh-2', 'fresh-3']);
      expect(await labels(pool, 'audit.session_probe')).toEqual(['active']);
    });

    it('should start a second worker on the same database beside the first', async () => {
      const second = newQueue(true);
      housekeeping(second, registeredTables()).onModuleInit();
      try {
        await second.onApplicationBootstrap();

        expect(second.running).toBe(true);
        expect(await queue.pgBoss.getSchedules()).toHaveLength(1);
      } finally {
        await second.beforeApplicationShutdown();
      }
      expect(second.running).toBe(false);
      expect(queue.running).toBe(true);
    });
  });

  it('should report a stopped queue as not running', async () => {
    const queue = newQueue(true);
    await queue.onApplicationBootstrap();

    await queue.beforeApplicationShutdown();

    expect(queue.running).toBe(false);
  });
});

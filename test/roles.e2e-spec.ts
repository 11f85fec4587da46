import { KeelProcess, startKeelProcess, TestDatabase } from '@keel/platform-testing';
import { createKeelClient } from '@keel/sdk';
import { createKeelTestDatabase } from './support/keel-on-test-database';

async function scheduleNames(database: TestDatabase): Promise<string[]> {
  const [{ exists }] = await database.dataSource.query(`SELECT to_regclass('pgboss.schedule') IS NOT NULL AS exists`);
  if (!exists) return [];
  const rows: { name: string }[] = await database.dataSource.query('SELECT name FROM pgboss.schedule ORDER BY name');
  return rows.map((row) => row.name);
}

async function readiness(keel: KeelProcess): Promise<{ status: number; body: unknown }> {
  const { data, error, response } = await createKeelClient({ baseUrl: keel.url }).GET('/health/ready');
  return { status: response.status, body: data ?? error };
}

describe('process roles', () => {
  let database: TestDatabase;
  let databaseUrl: string;
  const running: KeelProcess[] = [];

  beforeAll(async () => {
    ({
      database,
      login: { url: databaseUrl },
    } = await createKeelTestDatabase());
  });

  afterAll(async () => {
    await Promise.all(running.map((keel) => keel.stop()));
    await database?.drop();
  });

  it('should serve the API without keeping schedules when KEEL_ROLE is api', async () => {
    const api = await startKeelProcess({ env: { DATABASE_URL: databaseUrl, KEEL_ROLE: 'api', LOG_LEVEL: 'warn' } });
    running.push(api);

    expect(await readiness(api)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await scheduleNames(database)).not.toContain('platform.housekeeping');
  });

  it('should keep the housekeeping schedule in the worker app, which reports ready beside the API', async () => {
    const worker = await startKeelProcess({
      entry: 'dist/apps/worker/main.js',
      env: { DATABASE_URL: databaseUrl, LOG_LEVEL: 'warn' },
    });
    running.push(worker);

    expect(await readiness(worker)).toMatchObject({ status: 200, body: { status: 'ok' } });
    expect(await scheduleNames(database)).toContain('platform.housekeeping');
    const [schedule] = await database.dataSource.query(
      `SELECT cron, timezone FROM pgboss.schedule WHERE name = 'platform.housekeeping'`,
    );
    expect(schedule).toEqual({ cron: '*/10 * * * *', timezone: 'UTC' });
  });

  it('should refuse an unknown role at start-up', async () => {
    await expect(
      startKeelProcess({ env: { DATABASE_URL: databaseUrl, KEEL_ROLE: 'scheduler' }, startTimeoutMs: 20_000 }),
    ).rejects.toThrow(/CONFIG_INVALID[\s\S]*KEEL_ROLE/);
  });
});

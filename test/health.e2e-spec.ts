import { KeelProcess, startKeelProcess } from '@keel/platform-testing';
import { httpRequest, HttpResult, jsonObject } from './support/http';
import { pollUntil } from './support/poll';
import { RestartablePostgres } from './support/restartable-postgres';

/** Driver and network details a readiness body must not carry. */
const DRIVER_TEXT =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|127\.0\.0\.1|localhost|postgres:\/\/|password|terminating connection|\bat \S+:\d+/i;

const EVERY_CHECK_UP = {
  status: 'ok',
  details: { database: { status: 'up' }, migrations: { status: 'up' }, queue: { status: 'up' } },
};

describe('health', () => {
  let postgres: RestartablePostgres;
  let keel: KeelProcess;

  const ready = (): Promise<HttpResult> => httpRequest(`${keel.url}/health/ready`);

  beforeAll(async () => {
    postgres = await RestartablePostgres.start();
    keel = await startKeelProcess({ env: { DATABASE_URL: postgres.url, LOG_LEVEL: 'info' } });
  });

  afterAll(async () => {
    await keel?.stop();
    await postgres?.destroy();
  });

  it('should answer GET /health/live with 200', async () => {
    const result = await httpRequest(`${keel.url}/health/live`);

    expect(result.status).toBe(200);
    expect(jsonObject(result)).toEqual({ status: 'ok' });
  });

  it('should answer GET /health/ready with 200 and database, migrations and queue up', async () => {
    const result = await ready();

    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(jsonObject(result)).toMatchObject(EVERY_CHECK_UP);
  });

  describe('while PostgreSQL is stopped', () => {
    let outage: HttpResult;

    beforeAll(async () => {
      await postgres.stop();
      outage = await pollUntil('GET /health/ready answering 503', ready, (result) => result.status === 503);
    });

    it('should answer 503 naming the database as down', () => {
      const body = jsonObject(outage);

      expect(body['status']).toBe('error');
      expect(body).toMatchObject({
        error: { database: { status: 'down' } },
        details: { database: { status: 'down' } },
      });
    });

    it('should keep driver errors, addresses and credentials out of the body', () => {
      expect(outage.text).not.toMatch(DRIVER_TEXT);
    });

    it('should still answer GET /health/live with 200: the process itself is fine', async () => {
      const result = await httpRequest(`${keel.url}/health/live`);

      expect(result.status).toBe(200);
    });

    it('should go on answering 503 rather than hanging or crashing', async () => {
      const again = await ready();

      expect(again.status).toBe(503);
      expect(keel.child.exitCode).toBeNull();
    });
  });

  describe('once PostgreSQL is back', () => {
    beforeAll(async () => {
      await postgres.restart();
    });

    it('should answer GET /health/ready with 200 again by itself, without a restart', async () => {
      const recovered = await pollUntil('GET /health/ready answering 200', ready, (result) => result.status === 200, {
        timeoutMs: 30_000,
      });

      expect(jsonObject(recovered)).toMatchObject(EVERY_CHECK_UP);
      expect(keel.child.exitCode).toBeNull();
    });
  });
});

import { KeelProcess, startKeelProcess } from '@keel/platform-testing';
import { createKeelClient, KeelClient } from '@keel/sdk';
import { pollUntil } from './support/poll';
import { RestartablePostgres } from './support/restartable-postgres';

/** Driver and network details a readiness body must not carry. */
const DRIVER_TEXT =
  /ECONNREFUSED|ECONNRESET|ETIMEDOUT|127\.0\.0\.1|localhost|postgres:\/\/|password|terminating connection|\bat \S+:\d+/i;

const EVERY_CHECK_UP = {
  status: 'ok',
  details: { database: { status: 'up' }, migrations: { status: 'up' }, queue: { status: 'up' } },
};

/** What a caller of GET /health/ready sees, through the SDK: the status and the body, 200 or 503. */
interface Readiness {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

describe('health', () => {
  let postgres: RestartablePostgres;
  let keel: KeelProcess;
  let client: KeelClient;

  const ready = async (): Promise<Readiness> => {
    const { data, error, response } = await client.GET('/health/ready');
    return { status: response.status, headers: response.headers, body: { ...(data ?? error) } };
  };

  beforeAll(async () => {
    postgres = await RestartablePostgres.start();
    keel = await startKeelProcess({ env: { DATABASE_URL: postgres.url, LOG_LEVEL: 'info' } });
    client = createKeelClient({ baseUrl: keel.url });
  });

  afterAll(async () => {
    await keel?.stop();
    await postgres?.destroy();
  });

  it('should answer GET /health/live with 200', async () => {
    const { data, response } = await client.GET('/health/live');

    expect(response.status).toBe(200);
    expect(data).toEqual({ status: 'ok' });
  });

  it('should answer GET /health/ready with 200 and database, migrations and queue up', async () => {
    const result = await ready();

    expect(result.status).toBe(200);
    expect(result.headers.get('cache-control')).toBe('no-store');
    expect(result.body).toMatchObject(EVERY_CHECK_UP);
  });

  describe('while PostgreSQL is stopped', () => {
    let outage: Readiness;

    beforeAll(async () => {
      await postgres.stop();
      outage = await pollUntil('GET /health/ready answering 503', ready, (result) => result.status === 503);
    });

    it('should answer 503 naming the database as down', () => {
      expect(outage.body['status']).toBe('error');
      expect(outage.body).toMatchObject({
        error: { database: { status: 'down' } },
        details: { database: { status: 'down' } },
      });
    });

    it('should keep driver errors, addresses and credentials out of the body', () => {
      expect(JSON.stringify(outage.body)).not.toMatch(DRIVER_TEXT);
    });

    it('should still answer GET /health/live with 200: the process itself is fine', async () => {
      const { response } = await client.GET('/health/live');

      expect(response.status).toBe(200);
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

      expect(recovered.body).toMatchObject(EVERY_CHECK_UP);
      expect(keel.child.exitCode).toBeNull();
    });
  });
});

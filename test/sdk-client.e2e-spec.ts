/**
 * The SDK's client (libs/sdk) against a running Keel, not a fake of it: the
 * typed bodies, the bearer token, problem details, a route's own error body,
 * and the fetch it is given, all as Keel really answers them.
 */
import { createKeelClient, isProblemDetails } from '@keel/sdk';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { strongPassword, uniqueEmail } from './support/keel-people';

describe('the SDK client against Keel', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  /** The migration the database is told it has not run yet, until the test puts it back. */
  let withheld: { id: number; timestamp: string; name: string };

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ DB_MIGRATE_ON_START: 'false', LOG_LEVEL: 'warn' });
    baseUrl = keel.keel.url;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  it("should keep /health/ready's own 503 body apart from problem details while a migration is pending, and types its 200 once it is applied", async () => {
    // A build that knows one migration more than the database: as after deploying before `db:migrate`.
    [withheld] = await keel.database.dataSource.query(
      `SELECT id, timestamp::text, name FROM typeorm_migrations ORDER BY id DESC LIMIT 1`,
    );
    await keel.database.dataSource.query(`DELETE FROM typeorm_migrations WHERE id = $1`, [withheld.id]);
    const client = createKeelClient({ baseUrl });

    const pending = await client.GET('/health/ready');

    expect(pending.response.status).toBe(503);
    if (pending.error === undefined || isProblemDetails(pending.error))
      throw new Error(`expected the readiness body, got ${JSON.stringify(pending.error)}`);
    expect(pending.error.status).toBe('error');
    expect(pending.error.error['migrations']).toEqual({ status: 'down', message: 'migrations are pending' });
    expect(pending.error.details['database']).toEqual({ status: 'up' });

    await keel.database.dataSource.query(`INSERT INTO typeorm_migrations (timestamp, name) VALUES ($1, $2)`, [
      withheld.timestamp,
      withheld.name,
    ]);
    const ready = await client.GET('/health/ready');

    expect(ready.error).toBeUndefined();
    expect(ready.response.status).toBe(200);
    expect(ready.data?.status).toBe('ok');
    expect(ready.data?.details['migrations']).toEqual({ status: 'up' });
  });

  it('should return the typed body of a success, and speaks as the caller whose access token it holds', async () => {
    const email = uniqueEmail('sdk');
    const signedUp = await createKeelClient({ baseUrl }).POST('/v1/auth/signup', {
      body: { email, password: strongPassword(), name: 'SDK e2e' },
    });
    expect(signedUp.response.status).toBe(201);
    const accessToken = signedUp.data?.accessToken ?? '';

    const me = await createKeelClient({ baseUrl, accessToken }).GET('/v1/me');

    expect(me.error).toBeUndefined();
    expect(me.data).toMatchObject({ id: signedUp.data?.user.id, email });
  });

  it('should send no Authorization header without a token: Keel answers 401 as problem details', async () => {
    const { data, error, response } = await createKeelClient({ baseUrl }).GET('/v1/me');

    expect(data).toBeUndefined();
    expect(response.status).toBe(401);
    expect(isProblemDetails(error)).toBe(true);
  });

  it('should expose a problem+json error body as ProblemDetails, typed without a guard', async () => {
    const { data, error, response } = await createKeelClient({ baseUrl }).POST('/v1/auth/signup', {
      body: { email: 'not an address', password: strongPassword(), name: 'SDK e2e' },
    });

    expect(data).toBeUndefined();
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    // Every operation of the document declares problem details as its default response.
    expect(error?.code).toBe('VALIDATION_FAILED');
    if (!isProblemDetails(error)) throw new Error(`expected problem details, got ${JSON.stringify(error)}`);
    expect(error.requestId).toBe(response.headers.get('x-request-id'));
    expect(error.errors).toEqual([expect.objectContaining({ field: 'email' })]);
  });

  it('should send its requests through the fetch it is given', async () => {
    const seen: string[] = [];
    const client = createKeelClient({
      baseUrl,
      fetch: (request) => {
        seen.push(`${request.method} ${new URL(request.url).pathname}`);
        return fetch(request);
      },
    });

    const { data } = await client.GET('/health/live');

    expect(data).toEqual({ status: 'ok' });
    expect(seen).toEqual(['GET /health/live']);
  });
});

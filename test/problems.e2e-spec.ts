import { createTestDatabase, TestDatabase } from '@keel/platform-testing';
import { HttpResult, httpRequest, jsonObject, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { parseLogLines } from './support/log-lines';
import { expectProblem } from './support/problem-details';
import { LEAKY_ERROR_MESSAGE, RunningProbeApp, startProbeApp } from './support/probe-app';

const BODY_LIMIT_BYTES = 1024;

/** The `err` of the line logged for an unexpected failure of the request `requestId`. */
function errorLogged(logs: string, requestId: string): Record<string, unknown> | undefined {
  const line = parseLogLines(logs).find(
    (entry) => entry['requestId'] === requestId && entry['level'] === 'error' && typeof entry['err'] === 'object',
  );
  return line?.['err'] as Record<string, unknown> | undefined;
}

describe('problem details from the built API', () => {
  let keel: KeelOnTestDatabase;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ BODY_LIMIT_BYTES: String(BODY_LIMIT_BYTES) });
  });

  afterAll(async () => {
    await keel?.stop();
  });

  it('should answer 404 NOT_FOUND for a route that does not exist', async () => {
    const result = await httpRequest(`${keel.keel.url}/v1/no-such-thing/42`);

    const problem = expectProblem(result, { status: 404, code: 'NOT_FOUND' });
    expect(problem.title).toBe('Not found');
  });

  it('should answer 400 BAD_REQUEST, with its request id, for a URL that is not valid percent-encoding', async () => {
    const result = await httpRequest(`${keel.keel.url}/v1/things/%E0%A4%A`);

    const problem = expectProblem(result, { status: 400, code: 'BAD_REQUEST' });
    expect(problem.detail).toBe('The request URL is malformed.');
    expect(result.headers.get('traceparent')).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-01$/);
  });

  it('should answer 400 MALFORMED_JSON for a body that is not JSON', async () => {
    const result = await httpRequest(`${keel.keel.url}/v1/things`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": "unterminated',
    });

    expectProblem(result, { status: 400, code: 'MALFORMED_JSON' });
  });

  it('should answer 413 PAYLOAD_TOO_LARGE for a body over BODY_LIMIT_BYTES', async () => {
    const result = await postJson(`${keel.keel.url}/v1/things`, { name: 'x'.repeat(BODY_LIMIT_BYTES * 2) });

    expectProblem(result, { status: 413, code: 'PAYLOAD_TOO_LARGE' });
  });

  it('should not answer 413 for a body just under BODY_LIMIT_BYTES', async () => {
    const result = await postJson(`${keel.keel.url}/v1/things`, { name: 'x'.repeat(BODY_LIMIT_BYTES - 100) });

    expectProblem(result, { status: 404, code: 'NOT_FOUND' });
  });
});

describe('problem details from routes with bodies, validation and failures', () => {
  let database: TestDatabase;
  let probe: RunningProbeApp;

  beforeAll(async () => {
    database = await createTestDatabase();
    probe = await startProbeApp(database.url);
  });

  afterAll(async () => {
    await probe?.close();
    await database?.drop();
  });

  const validItem = { name: 'anvil', quantity: 3, ownerEmail: 'ada@example.com' };

  it('should accept a valid body (the probe route itself works)', async () => {
    const result = await postJson(`${probe.url}/v1/probe/items`, validItem);

    expect(result.status).toBe(201);
    expect(jsonObject(result)).toEqual({ name: 'anvil', quantity: 3 });
  });

  it('should answer 415 UNSUPPORTED_MEDIA_TYPE for a text/plain body', async () => {
    const result = await httpRequest(`${probe.url}/v1/probe/items`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: 'name=anvil',
    });

    expectProblem(result, { status: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
  });

  it('should answer 422 VALIDATION_FAILED listing every invalid field with its rule and JSON path', async () => {
    const result = await postJson(`${probe.url}/v1/probe/items`, {
      name: 'x',
      quantity: 0,
      ownerEmail: 'not-an-email',
    });

    const problem = expectProblem(result, { status: 422, code: 'VALIDATION_FAILED' });
    expect(problem.errors).toEqual(
      expect.arrayContaining([
        { field: 'name', path: '$.name', rule: 'minLength', message: expect.stringContaining('name') },
        { field: 'quantity', path: '$.quantity', rule: 'min', message: expect.stringContaining('quantity') },
        { field: 'ownerEmail', path: '$.ownerEmail', rule: 'isEmail', message: expect.stringContaining('ownerEmail') },
      ]),
    );
    expect(problem.errors).toHaveLength(3);
  });

  it('should answer 422 naming a field the route does not accept', async () => {
    const result = await postJson(`${probe.url}/v1/probe/items`, { ...validItem, isAdmin: true });

    const problem = expectProblem(result, { status: 422, code: 'VALIDATION_FAILED' });
    expect(problem.errors).toEqual([
      { field: 'isAdmin', path: '$.isAdmin', rule: 'whitelistValidation', message: expect.stringContaining('isAdmin') },
    ]);
  });

  it('should answer 422 for a missing required field, saying it is required', async () => {
    const result = await postJson(`${probe.url}/v1/probe/items`, { name: 'anvil', quantity: 2 });

    const problem = expectProblem(result, { status: 422, code: 'VALIDATION_FAILED' });
    expect(problem.errors).toEqual([
      { field: 'ownerEmail', path: '$.ownerEmail', rule: 'isDefined', message: 'ownerEmail is required' },
    ]);
    expect(problem.detail).toBe('1 field failed validation: ownerEmail.');
  });

  describe('when a handler throws an unexpected error', () => {
    let result: HttpResult;

    beforeAll(async () => {
      result = await httpRequest(`${probe.url}/v1/probe/thrown-error`, {
        headers: { 'x-request-id': 'e2e-thrown-error-1' },
      });
    });

    it('should answer 500 INTERNAL carrying only the requestId to quote', () => {
      const problem = expectProblem(result, { status: 500, code: 'INTERNAL' });
      expect(problem.requestId).toBe('e2e-thrown-error-1');
      expect(result.text).not.toContain('secret_table');
    });

    it('should log the whole error, message and stack, under the same requestId', () => {
      const logged = errorLogged(probe.logs(), 'e2e-thrown-error-1');
      expect(logged).toMatchObject({ message: LEAKY_ERROR_MESSAGE, stack: expect.stringContaining('probe-app.ts') });
    });
  });

  describe('when a PostgreSQL query fails', () => {
    let result: HttpResult;

    beforeAll(async () => {
      result = await httpRequest(`${probe.url}/v1/probe/failed-query`, {
        headers: { 'x-request-id': 'e2e-failed-query-1' },
      });
    });

    it('should answer 500 INTERNAL without the SQL or PostgreSQL message', () => {
      expectProblem(result, { status: 500, code: 'INTERNAL' });
      expect(result.text).not.toMatch(/secret_(table|column)|does not exist|42P01/);
    });

    it('should log the PostgreSQL error and the query under the same requestId', () => {
      const logged = errorLogged(probe.logs(), 'e2e-failed-query-1');
      expect(logged).toMatchObject({
        message: 'relation "secret_table" does not exist',
        query: expect.stringContaining('FROM secret_table'),
      });
    });
  });
});

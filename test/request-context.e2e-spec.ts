import { httpRequest, postJson } from './support/http';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { parseLogLines, rawRequestLogLine, requestLogLine, topLevelKeys } from './support/log-lines';
import { pollUntil } from './support/poll';

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const CALLER_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN_ID = '00f067aa0ba902b7';

/** Every secret these tests send is spelled `e2e-<what>-value-<hex>`: find any in the output. */
function secretsIn(output: string): string[] {
  return [...new Set(output.match(/e2e-[a-z-]+-value-[0-9a-f]{4}/g) ?? [])];
}

function traceParts(header: string | null): { traceId: string; spanId: string; flags: string } {
  const match = TRACEPARENT.exec(header ?? '');
  if (!match) throw new Error(`not a W3C traceparent: ${header}`);
  return { traceId: match[1], spanId: match[2], flags: match[3] };
}

describe('request context', () => {
  let keel: KeelOnTestDatabase;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase();
  });

  afterAll(async () => {
    await keel?.stop();
  });

  /** The access-log line of a request, once the process has written it. */
  function logLineOf(requestId: string) {
    return pollUntil(
      `the log line of request ${requestId}`,
      async () => requestLogLine(keel.keel.output(), requestId),
      (line) => line !== undefined,
      { timeoutMs: 5_000, intervalMs: 50 },
    );
  }

  describe('X-Request-Id', () => {
    it.each([
      ['of letters, digits and ._:-', 'client-req.42:abc_DEF'],
      ['of 128 characters', 'a'.repeat(128)],
    ])('should echo a well-formed incoming X-Request-Id %s', async (_kind, incoming) => {
      const result = await httpRequest(`${keel.keel.url}/health/live`, { headers: { 'x-request-id': incoming } });

      expect(result.status).toBe(200);
      expect(result.headers.get('x-request-id')).toBe(incoming);
    });

    it.each([
      ['with spaces', 'not a valid id'],
      ['of 300 characters', 'a'.repeat(300)],
      ['of 129 characters', 'b'.repeat(129)],
      ['with a slash', 'tenant/42'],
    ])('should replace an X-Request-Id %s by a new one', async (_kind, incoming) => {
      const result = await httpRequest(`${keel.keel.url}/health/live`, { headers: { 'x-request-id': incoming } });

      const requestId = result.headers.get('x-request-id');
      expect(requestId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
      expect(requestId).not.toBe(incoming);
    });

    it('should log a request under the id it returned, never under a malformed incoming one', async () => {
      const result = await httpRequest(`${keel.keel.url}/v1/unknown`, {
        headers: { 'x-request-id': 'bad id\twith tab' },
      });
      const requestId = result.headers.get('x-request-id') ?? '';

      expect(requestId).not.toContain('bad id');
      expect(await logLineOf(requestId)).toMatchObject({ requestId, statusCode: 404 });
    });

    it('should give every request its own id when none is sent', async () => {
      const first = await httpRequest(`${keel.keel.url}/health/live`);
      const second = await httpRequest(`${keel.keel.url}/health/live`);

      expect(first.headers.get('x-request-id')).toBeTruthy();
      expect(second.headers.get('x-request-id')).toBeTruthy();
      expect(first.headers.get('x-request-id')).not.toBe(second.headers.get('x-request-id'));
    });

    it.each([
      [
        'a successful request',
        () => httpRequest(`${keel.keel.url}/health/live`, { headers: { 'x-request-id': 'every-1' } }),
      ],
      [
        'an unknown route',
        () => httpRequest(`${keel.keel.url}/v1/unknown`, { headers: { 'x-request-id': 'every-2' } }),
      ],
      [
        'a malformed JSON body',
        () =>
          httpRequest(`${keel.keel.url}/v1/things`, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-request-id': 'every-3' },
            body: '{',
          }),
      ],
      ['the metrics scrape', () => httpRequest(`${keel.keel.url}/metrics`, { headers: { 'x-request-id': 'every-4' } })],
    ])('should carry X-Request-Id on %s', async (_kind, send) => {
      const result = await send();

      expect(result.headers.get('x-request-id')).toMatch(/^every-\d$/);
    });
  });

  describe('traceparent', () => {
    it('should continue a valid incoming trace with a new span of its own', async () => {
      const result = await httpRequest(`${keel.keel.url}/health/live`, {
        headers: { traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01` },
      });

      const returned = traceParts(result.headers.get('traceparent'));
      expect(returned.traceId).toBe(CALLER_TRACE_ID);
      expect(returned.spanId).not.toBe(CALLER_SPAN_ID);
      expect(returned.flags).toBe('01');
      expect(result.headers.get('traceresponse')).toBe(result.headers.get('traceparent'));
    });

    it.each([
      ['no traceparent', undefined],
      ['an all-zero trace id', `00-${'0'.repeat(32)}-${CALLER_SPAN_ID}-01`],
      ['a malformed traceparent', 'not-a-trace'],
    ])('should start a new trace for %s', async (_kind, traceparent) => {
      const result = await httpRequest(`${keel.keel.url}/health/live`, {
        headers: traceparent === undefined ? {} : { traceparent },
      });

      const returned = traceParts(result.headers.get('traceparent'));
      expect(returned.traceId).not.toBe(CALLER_TRACE_ID);
      expect(returned.traceId).not.toBe('0'.repeat(32));
      expect(result.headers.get('traceresponse')).toBe(result.headers.get('traceparent'));
    });

    it('should return the trace context on error responses too', async () => {
      const result = await httpRequest(`${keel.keel.url}/v1/unknown`, {
        headers: { traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01` },
      });

      expect(result.status).toBe(404);
      expect(traceParts(result.headers.get('traceparent')).traceId).toBe(CALLER_TRACE_ID);
    });
  });

  describe('the log line of each request', () => {
    it('should name the route template, status, duration, request id and trace id', async () => {
      const result = await httpRequest(`${keel.keel.url}/health/live`, {
        headers: { 'x-request-id': 'log-line-live', traceparent: `00-${CALLER_TRACE_ID}-${CALLER_SPAN_ID}-01` },
      });
      expect(result.status).toBe(200);

      const line = await logLineOf('log-line-live');
      expect(line).toMatchObject({
        method: 'GET',
        route: '/health/live',
        statusCode: 200,
        durationMs: expect.any(Number),
        requestId: 'log-line-live',
        traceId: CALLER_TRACE_ID,
      });
    });

    it('should write each field once: log stores such as Elasticsearch reject a line with duplicate keys', async () => {
      await httpRequest(`${keel.keel.url}/health/live`, { headers: { 'x-request-id': 'log-line-keys' } });
      await logLineOf('log-line-keys');

      const keys = topLevelKeys(rawRequestLogLine(keel.keel.output(), 'log-line-keys') ?? '{}');
      expect(keys).toEqual(expect.arrayContaining(['requestId', 'traceId', 'route']));
      expect(keys.filter((key, index) => keys.indexOf(key) !== index)).toEqual([]);
    });

    it('should name an unknown route "unmatched", not its raw URL', async () => {
      await httpRequest(`${keel.keel.url}/v1/unknown/123`, { headers: { 'x-request-id': 'log-line-unknown' } });

      const line = await logLineOf('log-line-unknown');
      expect(line).toMatchObject({ method: 'GET', route: 'unmatched', statusCode: 404, requestId: 'log-line-unknown' });
    });

    it('should never write authorization, cookie or API key header values', async () => {
      const logged = keel.keel.output().length;
      await httpRequest(`${keel.keel.url}/health/live`, {
        headers: {
          authorization: 'Bearer e2e-authorization-value-7f3a',
          'proxy-authorization': 'Basic e2e-proxy-authorization-value-12ef',
          cookie: 'session=e2e-cookie-value-91bc',
          'x-api-key': 'e2e-api-key-value-55d0',
          'x-request-id': 'log-line-secret-headers',
        },
      });
      await logLineOf('log-line-secret-headers');

      expect(secretsIn(keel.keel.output().slice(logged))).toEqual([]);
    });

    it('should never write a token sent in the query string', async () => {
      const logged = keel.keel.output().length;
      await httpRequest(`${keel.keel.url}/v1/invites/accept?token=e2e-query-token-value-0a9d`, {
        headers: { 'x-request-id': 'log-line-secret-query' },
      });
      await logLineOf('log-line-secret-query');

      expect(secretsIn(keel.keel.output().slice(logged))).toEqual([]);
    });

    it('should never write password or token fields of a body', async () => {
      const logged = keel.keel.output().length;
      await postJson(
        `${keel.keel.url}/v1/sessions`,
        { email: 'ada@example.com', password: 'e2e-password-value-c4e2', refreshToken: 'e2e-refresh-token-value-77aa' },
        { 'x-request-id': 'log-line-secret-body' },
      );
      await logLineOf('log-line-secret-body');

      expect(secretsIn(keel.keel.output().slice(logged))).toEqual([]);
    });

    it('should write every line as JSON', () => {
      const lines = keel.keel
        .output()
        .split('\n')
        .filter((line) => line.trim() !== '');

      expect(parseLogLines(keel.keel.output())).toHaveLength(lines.length);
    });
  });
});

import { createServer, IncomingHttpHeaders, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createKeelClient } from './keel-client';
import { isProblemDetails, ProblemDetails } from './problem-details';

/** What the fake Keel saw of one request. */
interface ReceivedRequest {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
}

type Reply = (response: ServerResponse) => void;

function json(status: number, body: unknown, contentType = 'application/json; charset=utf-8'): Reply {
  return (response) => {
    const text = JSON.stringify(body);
    response.writeHead(status, {
      'content-type': contentType,
      'content-length': Buffer.byteLength(text),
      'x-request-id': '01a202f0-ccf7-7678-adc1-2030219d17c3',
    });
    response.end(text);
  };
}

function problem(body: ProblemDetails): Reply {
  return json(body.status, body, 'application/problem+json; charset=utf-8');
}

function expectProblem(body: unknown): ProblemDetails {
  if (!isProblemDetails(body)) throw new Error(`expected problem details, got ${JSON.stringify(body)}`);
  return body;
}

const READY = {
  status: 'ok',
  info: { database: { status: 'up' }, migrations: { status: 'up' }, queue: { status: 'up' } },
  error: {},
  details: { database: { status: 'up' }, migrations: { status: 'up' }, queue: { status: 'up' } },
};

describe('createKeelClient', () => {
  let server: Server;
  let baseUrl: string;
  let received: ReceivedRequest[];
  let reply: Reply;

  beforeAll(async () => {
    // A real HTTP server speaking Keel's wire format, so the client is tested
    // through real fetch, headers and body parsing rather than a mock.
    server = createServer((request, response) => {
      received.push({ method: request.method, url: request.url, headers: request.headers });
      request.resume().on('end', () => reply(response));
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((closed) => server.close(closed));
  });

  beforeEach(() => {
    received = [];
    reply = json(200, { status: 'ok' });
  });

  it('returns the typed body of a success and sends the access token as a bearer token', async () => {
    reply = json(200, READY);
    const client = createKeelClient({ baseUrl, accessToken: 'token-123' });

    const { data, error, response } = await client.GET('/health/ready');

    expect(error).toBeUndefined();
    expect(response.status).toBe(200);
    expect(data?.status).toBe('ok');
    expect(data?.details['database']).toEqual({ status: 'up' });
    expect(received).toEqual([
      expect.objectContaining({
        method: 'GET',
        url: '/health/ready',
        headers: expect.objectContaining({ authorization: 'Bearer token-123' }),
      }),
    ]);
  });

  it('sends no Authorization header without a token', async () => {
    const client = createKeelClient({ baseUrl });

    const { data } = await client.GET('/health/live');

    expect(data).toEqual({ status: 'ok' });
    expect(received[0]?.headers.authorization).toBeUndefined();
  });

  it('exposes a problem+json error body as ProblemDetails', async () => {
    reply = problem({
      type: 'https://keel.dev/problems/validation-failed',
      title: 'Validation failed',
      status: 422,
      detail: 'The request has invalid fields.',
      code: 'VALIDATION_FAILED',
      requestId: '01a202f0-ccf7-7678-adc1-2030219d17c3',
      errors: [{ field: 'email', message: 'email must be an email', rule: 'isEmail' }],
    });
    const client = createKeelClient({ baseUrl });

    const { data, error, response } = await client.GET('/health/live');

    expect(data).toBeUndefined();
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    // Typed without a guard: every operation of the document declares problem details as its default response.
    expect(error?.code).toBe('VALIDATION_FAILED');
    const details = expectProblem(error);
    expect(details.code).toBe('VALIDATION_FAILED');
    expect(details.requestId).toBe(response.headers.get('x-request-id'));
    expect(details.errors).toEqual([{ field: 'email', message: 'email must be an email', rule: 'isEmail' }]);
  });

  it("keeps a route's own error body apart from problem details", async () => {
    reply = json(503, {
      status: 'error',
      info: { migrations: { status: 'up' }, queue: { status: 'up' } },
      error: { database: { status: 'down', message: 'PostgreSQL is unreachable' } },
      details: {
        database: { status: 'down', message: 'PostgreSQL is unreachable' },
        migrations: { status: 'up' },
        queue: { status: 'up' },
      },
    });
    const client = createKeelClient({ baseUrl });

    const { error, response } = await client.GET('/health/ready');

    expect(response.status).toBe(503);
    if (error === undefined || isProblemDetails(error))
      throw new Error(`expected the readiness body, got ${JSON.stringify(error)}`);
    expect(error.status).toBe('error');
    expect(error.error['database']?.message).toBe('PostgreSQL is unreachable');
  });

  it('sends its requests through the fetch it is given', async () => {
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

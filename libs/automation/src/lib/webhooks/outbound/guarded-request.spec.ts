import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sendGuardedRequest } from './guarded-request';

interface Received {
  method: string | undefined;
  url: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

describe('sendGuardedRequest', () => {
  let server: Server;
  let base: string;
  let answer: string;
  const received: Received[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => {
        received.push({
          method: req.method,
          url: req.url,
          headers: req.headers,
          body: Buffer.concat(chunks).toString(),
        });
        res.writeHead(200, { 'content-type': 'application/json' }).end(answer);
      });
    });
    await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((closed) => server.close(() => closed()));
  });

  beforeEach(() => {
    received.length = 0;
    answer = '{"ok":true}';
  });

  it('should send the method, headers and body it is given and answer the whole body', async () => {
    const outcome = await sendGuardedRequest(
      { url: `${base}/things/7?x=1`, method: 'PUT', headers: { 'x-token': 'abc' }, body: '{"a":1}' },
      { allowPrivate: true, timeoutMs: 5000, keepBytes: 1024 },
    );

    expect(outcome).toMatchObject({ kind: 'response', status: 200, complete: true });
    expect(outcome.kind === 'response' && outcome.body.toString()).toBe('{"ok":true}');
    expect(outcome.kind === 'response' && outcome.headers['content-type']).toBe('application/json');
    expect(received).toEqual([expect.objectContaining({ method: 'PUT', url: '/things/7?x=1', body: '{"a":1}' })]);
    expect(received[0]?.headers['x-token']).toBe('abc');
  });

  it('should say the body was cut when it is longer than the bytes it may read', async () => {
    answer = 'y'.repeat(5000);

    const outcome = await sendGuardedRequest(
      { url: base, method: 'GET', headers: {} },
      { allowPrivate: true, timeoutMs: 5000, keepBytes: 1000 },
    );

    expect(outcome).toMatchObject({ kind: 'response', complete: false });
    expect(outcome.kind === 'response' && outcome.body.length).toBe(1000);
  });

  it('should call a body exactly as long as the limit complete', async () => {
    answer = 'y'.repeat(1000);

    const outcome = await sendGuardedRequest(
      { url: base, method: 'GET', headers: {} },
      { allowPrivate: true, timeoutMs: 5000, keepBytes: 1000 },
    );

    expect(outcome).toMatchObject({ kind: 'response', complete: true });
  });

  it('should refuse loopback without allowPrivate, sending nothing', async () => {
    const outcome = await sendGuardedRequest(
      { url: `${base}/private`, method: 'GET', headers: {} },
      { allowPrivate: false, timeoutMs: 5000, keepBytes: 1000 },
    );

    expect(outcome).toMatchObject({ kind: 'refused', error: expect.stringContaining('loopback') });
    expect(received).toEqual([]);
  });
});

import { createServer, type IncomingHttpHeaders, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { generateWebhookSecret } from './webhook-secret';
import { sendWebhook, type WebhookDeliveryRequest } from './webhook-sender';
import { signWebhook } from './webhook-signature';

interface Received {
  method: string | undefined;
  headers: IncomingHttpHeaders;
  body: string;
}

interface Receiver {
  readonly url: string;
  readonly port: number;
  /** Every request that reached the handler, with its full body. */
  readonly received: Received[];
  /** Every TCP connection accepted, whether a request followed or not. */
  connections: number;
  close(): Promise<void>;
}

/** A real HTTP server on loopback, on a port the OS picks. */
async function startReceiver(respond: (req: Received, res: Parameters<RequestListener>[1]) => void): Promise<Receiver> {
  const received: Received[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const entry = { method: req.method, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(entry);
      respond(entry, res);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  const receiver: Receiver = {
    url: `http://127.0.0.1:${port}/hooks`,
    port,
    received,
    connections: 0,
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
  server.on('connection', () => (receiver.connections += 1));
  return receiver;
}

describe('sendWebhook', () => {
  const secret = generateWebhookSecret();
  const body = JSON.stringify({ id: 'evt_1', type: 'project.created', data: { name: 'Keel' } });
  const receivers: Receiver[] = [];

  function delivery(url: string): WebhookDeliveryRequest {
    return { url, body, headers: signWebhook({ secrets: [secret], messageId: 'evt_1', timestamp: new Date(), body }) };
  }

  async function receiver(respond: Parameters<typeof startReceiver>[0]): Promise<Receiver> {
    const started = await startReceiver(respond);
    receivers.push(started);
    return started;
  }

  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((r) => r.close()));
  });

  it('should deliver a signed POST the receiver verifies with the Standard Webhooks library', async () => {
    let verified: unknown;
    const target = await receiver((req, res) => {
      verified = new Webhook(secret).verify(req.body, req.headers as Record<string, string>);
      res.writeHead(200, { 'content-type': 'text/plain' }).end('thanks');
    });

    const outcome = await sendWebhook(delivery(target.url), { allowPrivate: true, timeoutMs: 5000 });

    expect(outcome).toMatchObject({ kind: 'response', status: 200, success: true, bodyExcerpt: 'thanks' });
    expect(outcome.latencyMs).toBeGreaterThanOrEqual(0);
    expect(verified).toEqual(JSON.parse(body));
    expect(target.received).toHaveLength(1);
    expect(target.received[0]).toMatchObject({
      method: 'POST',
      body,
      headers: expect.objectContaining({
        'content-type': 'application/json',
        'user-agent': 'Keel-Webhooks/1',
        'webhook-id': 'evt_1',
      }),
    });
  });

  it('should refuse 127.0.0.1 without allowPrivate, before any connection is made', async () => {
    const target = await receiver((_req, res) => res.end());

    const outcome = await sendWebhook(delivery(target.url), { allowPrivate: false, timeoutMs: 5000 });

    expect(outcome).toMatchObject({ kind: 'refused', error: expect.stringContaining('127.0.0.1') });
    expect(target.connections).toBe(0);
  });

  it.each(['http', 'https'])(
    'should refuse a name that resolves to loopback (%s://localhost) without allowPrivate',
    async (scheme) => {
      const target = await receiver((_req, res) => res.end());

      const outcome = await sendWebhook(delivery(`${scheme}://localhost:${target.port}/hooks`), {
        allowPrivate: false,
        timeoutMs: 5000,
      });

      expect(outcome).toMatchObject({ kind: 'refused', error: expect.stringContaining('localhost (') });
      expect(target.connections).toBe(0);
    },
  );

  it.each([
    'http://[::1]:9/hooks',
    'http://[::ffff:127.0.0.1]:9/hooks',
    'http://169.254.169.254/latest/meta-data/',
    'http://10.0.0.1/hooks',
    'https://192.168.0.1/hooks',
    'http://100.64.0.1/hooks',
    'http://[fd00::1]/hooks',
    'http://[fe80::1]/hooks',
    'http://0.0.0.0:9/hooks',
    // WHATWG URL turns these spellings into 127.0.0.1 before anything connects
    'http://2130706433:9/hooks',
    'http://0x7f.1:9/hooks',
  ])('should refuse the internal address %s without allowPrivate', async (url) => {
    const outcome = await sendWebhook(delivery(url), { allowPrivate: false, timeoutMs: 5000 });

    expect(outcome.kind).toBe('refused');
  });

  it.each(['ftp://example.com/hooks', 'file:///etc/passwd', 'not a url', '/relative/path'])(
    'should refuse %s, which is no http(s) URL',
    async (url) => {
      const outcome = await sendWebhook(delivery(url), { allowPrivate: true, timeoutMs: 5000 });

      expect(outcome.kind).toBe('refused');
    },
  );

  it('should record a redirect as a failed response and not follow it', async () => {
    const elsewhere = await receiver((_req, res) => res.end('followed'));
    const target = await receiver((_req, res) => res.writeHead(302, { location: elsewhere.url }).end());

    const outcome = await sendWebhook(delivery(target.url), { allowPrivate: true, timeoutMs: 5000 });

    expect(outcome).toMatchObject({ kind: 'response', status: 302, success: false });
    expect(target.received).toHaveLength(1);
    expect(elsewhere.connections).toBe(0);
  });

  it('should time out a receiver that never answers', async () => {
    const target = await receiver(() => undefined);

    const outcome = await sendWebhook(delivery(target.url), { allowPrivate: true, timeoutMs: 300 });

    expect(outcome.kind).toBe('timeout');
  });

  it('should time out a receiver that sends headers and then stalls the body', async () => {
    const target = await receiver((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('partial');
    });

    const outcome = await sendWebhook(delivery(target.url), { allowPrivate: true, timeoutMs: 300 });

    expect(outcome.kind).toBe('timeout');
  });

  it('should keep 1 KiB of an endless body and return without reading the rest', async () => {
    let stopped = false;
    const target = await receiver((_req, res) => {
      const chunk = Buffer.alloc(16 * 1024, 'z');
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.on('close', () => (stopped = true));
      const pump = (): void => {
        while (!stopped && res.write(chunk)) {
          // keep writing until the socket pushes back
        }
        if (!stopped) res.once('drain', pump);
      };
      pump();
    });

    const outcome = await sendWebhook(delivery(target.url), { allowPrivate: true, timeoutMs: 10_000 });

    expect(outcome.kind).toBe('response');
    expect(outcome.kind === 'response' && outcome.bodyExcerpt).toBe('z'.repeat(1024));
  });

  it('should keep as many bytes as maxResponseBytes asks', async () => {
    const target = await receiver((_req, res) => res.end('0123456789abcdef'));

    const outcome = await sendWebhook(delivery(target.url), {
      allowPrivate: true,
      timeoutMs: 5000,
      maxResponseBytes: 10,
    });

    expect(outcome).toMatchObject({ kind: 'response', bodyExcerpt: '0123456789' });
  });

  it('should record a 500 as a failed response with its status and body', async () => {
    const target = await receiver((_req, res) => res.writeHead(500).end('boom'));

    const outcome = await sendWebhook(delivery(target.url), { allowPrivate: true, timeoutMs: 5000 });

    expect(outcome).toMatchObject({ kind: 'response', status: 500, success: false, bodyExcerpt: 'boom' });
  });

  it('should report a refused connection as a network error', async () => {
    const closed = await startReceiver((_req, res) => res.end());
    await closed.close();

    const outcome = await sendWebhook(delivery(closed.url), { allowPrivate: true, timeoutMs: 5000 });

    expect(outcome).toMatchObject({ kind: 'network-error', error: expect.stringContaining('ECONNREFUSED') });
  });

  it('should throw for options that are the caller’s bug', async () => {
    await expect(sendWebhook(delivery('http://example.com'), { allowPrivate: false, timeoutMs: 0 })).rejects.toThrow(
      RangeError,
    );
    await expect(
      sendWebhook(delivery('http://example.com'), { allowPrivate: false, timeoutMs: 100, maxResponseBytes: -1 }),
    ).rejects.toThrow(RangeError);
  });
});

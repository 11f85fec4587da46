import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Webhook } from 'standardwebhooks';
import { pollUntil } from './poll';

/** One request that reached the receiver, and what it made of it. */
export interface ReceivedWebhook {
  path: string;
  headers: IncomingHttpHeaders;
  /** The raw body, exactly as sent (what the signature covers). */
  body: string;
  /** Whether `standardwebhooks` verified the signature with the secret registered for the path. */
  verified: boolean;
  /** The parsed body, when it verified. */
  payload: Record<string, unknown> | undefined;
  /** The status the receiver answered with. */
  answeredWith: number;
}

interface Answer {
  status: number;
  body: string;
}

/**
 * A real HTTP receiver on loopback that checks every webhook the way a
 * customer's would, with the Standard Webhooks library: a request to a path
 * with no registered secret, or whose signature or timestamp does not verify,
 * is answered 401. A verified one gets the path's answer (200 `ok` unless told).
 */
export interface WebhookReceiver {
  url(path: string): string;
  /** The secret of the endpoint whose URL is `path`. */
  expectSecret(path: string, secret: string): void;
  /** How verified requests to `path` are answered from now on. */
  answer(path: string, status: number, body?: string): void;
  received(path: string): ReceivedWebhook[];
  /** Polls until `accept` holds for the requests to `path` (within 30 s), and returns them. */
  waitFor(
    path: string,
    description: string,
    accept: (received: ReceivedWebhook[]) => boolean,
  ): Promise<ReceivedWebhook[]>;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const secrets = new Map<string, string>();
  const answers = new Map<string, Answer>();
  const log: ReceivedWebhook[] = [];

  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const path = new URL(request.url ?? '/', 'http://receiver').pathname;
      const body = Buffer.concat(chunks).toString('utf8');
      const secret = secrets.get(path);
      let payload: Record<string, unknown> | undefined;
      if (secret) {
        try {
          payload = new Webhook(secret).verify(body, headerRecord(request.headers)) as Record<string, unknown>;
        } catch {
          payload = undefined;
        }
      }
      const answer = payload
        ? (answers.get(path) ?? { status: 200, body: 'ok' })
        : { status: 401, body: 'bad signature' };
      log.push({
        path,
        headers: request.headers,
        body,
        verified: payload !== undefined,
        payload,
        answeredWith: answer.status,
      });
      response.writeHead(answer.status, { 'content-type': 'text/plain' }).end(answer.body);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  const received = (path: string): ReceivedWebhook[] => log.filter((entry) => entry.path === path);

  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    expectSecret: (path, secret) => void secrets.set(path, secret),
    answer: (path, status, body = '') => void answers.set(path, { status, body }),
    received,
    waitFor: (path, description, accept) =>
      pollUntil(`${description} (at ${path})`, async () => received(path), accept, { timeoutMs: 30_000 }),
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}

/** The headers as the verifier takes them: one string per name. */
function headerRecord(headers: IncomingHttpHeaders): Record<string, string> {
  const record: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) record[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return record;
}

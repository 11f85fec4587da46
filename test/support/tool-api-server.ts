import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request that reached the outside API. */
export interface ToolApiRequest {
  method: string;
  /** Path and query, as sent. */
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface ToolApiAnswer {
  status: number;
  /** JSON unless `contentType` says otherwise. */
  body: unknown;
  contentType?: string;
}

/**
 * A real HTTP server on loopback standing for an outside API that a
 * workspace's HTTP tool calls: it records every request and answers what
 * `respond` says (by default 200 with JSON echoing what it received, the
 * authorization header included, as a careless API might).
 */
export interface ToolApiServer {
  url(path: string): string;
  readonly port: number;
  received(): ToolApiRequest[];
  respond(answer: (request: ToolApiRequest) => ToolApiAnswer): void;
  close(): Promise<void>;
}

const echo = (request: ToolApiRequest): ToolApiAnswer => ({
  status: 200,
  body: { method: request.method, url: request.url, authorization: request.headers.authorization ?? null },
});

export async function startToolApiServer(): Promise<ToolApiServer> {
  const log: ToolApiRequest[] = [];
  let answer = echo;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request: ToolApiRequest = {
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      log.push(request);
      const reply = answer(request);
      const contentType = reply.contentType ?? 'application/json';
      const text = contentType.includes('json') ? JSON.stringify(reply.body) : String(reply.body);
      res.writeHead(reply.status, { 'content-type': contentType }).end(text);
    });
  });
  await new Promise<void>((listening) => server.listen(0, '127.0.0.1', listening));
  const { port } = server.address() as AddressInfo;
  return {
    url: (path) => `http://127.0.0.1:${port}${path}`,
    port,
    received: () => [...log],
    respond: (next) => (answer = next),
    close: () =>
      new Promise<void>((closed) => {
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}

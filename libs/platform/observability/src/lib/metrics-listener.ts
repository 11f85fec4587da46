import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolveRequestId } from '@keel/platform-context';
import { DomainError, ErrorCode, PROBLEM_CONTENT_TYPE, toProblem } from '@keel/platform-errors';
import type { MetricsRegistry } from './metrics-registry';
import { carriesMetricsToken, METRICS_TOKEN_REQUIRED } from './metrics-token';

export interface MetricsListener {
  url: string;
  close(): Promise<void>;
}

function sendProblem(response: ServerResponse, code: ErrorCode, detail: string, headers: Record<string, string> = {}) {
  const requestId = resolveRequestId(undefined);
  const { problem } = toProblem(new DomainError(code, detail), requestId);
  response.writeHead(problem.status, { 'content-type': PROBLEM_CONTENT_TYPE, 'x-request-id': requestId, ...headers });
  response.end(JSON.stringify(problem));
}

async function answer(request: IncomingMessage, response: ServerResponse, metrics: MetricsRegistry, token?: string) {
  const path = (request.url ?? '/').split('?')[0];
  if (path !== '/metrics') return sendProblem(response, 'NOT_FOUND', 'This listener serves GET /metrics only.');
  if (request.method !== 'GET' && request.method !== 'HEAD') {
    return sendProblem(response, 'METHOD_NOT_ALLOWED', 'This listener serves GET /metrics only.', {
      allow: 'GET, HEAD',
    });
  }
  if (token !== undefined && !carriesMetricsToken(request.headers.authorization, token)) {
    return sendProblem(response, 'UNAUTHENTICATED', METRICS_TOKEN_REQUIRED, { 'www-authenticate': 'Bearer' });
  }
  const body = await metrics.render();
  response.writeHead(200, { 'content-type': metrics.contentType, 'cache-control': 'no-store' });
  response.end(request.method === 'HEAD' ? undefined : body);
}

/**
 * /metrics on a port of its own (see metricsExposure): a bare HTTP server, apart from the API's
 * routes, guards and request log, so the scraper's address can stay private.
 */
export function startMetricsListener(
  metrics: MetricsRegistry,
  options: { host: string; port: number; token?: string },
): Promise<MetricsListener> {
  const server: Server = createServer((request, response) => {
    answer(request, response, metrics, options.token).catch(() => {
      if (!response.headersSent) sendProblem(response, 'INTERNAL', 'The metrics could not be collected.');
      else response.destroy();
    });
  });
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      const where = `${options.host}:${options.port}`;
      reject(
        new Error(
          error.code === 'EADDRINUSE'
            ? `The metrics listener cannot bind ${where}: the port is in use (another Keel on this machine?). Give this process another METRICS_PORT (0 picks a free one).`
            : `The metrics listener cannot bind ${where}: ${error.message}. Check METRICS_HOST and METRICS_PORT.`,
        ),
      );
    });
    server.listen(options.port, options.host, () => {
      const { port } = server.address() as AddressInfo;
      const host = options.host.includes(':') ? `[${options.host}]` : options.host;
      resolve({
        url: `http://${host}:${port}/metrics`,
        close: () =>
          new Promise<void>((closed) => {
            server.close(() => closed());
            server.closeAllConnections();
          }),
      });
    });
  });
}

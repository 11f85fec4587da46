import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { DomainError, PROBLEM_CONTENT_TYPE, toProblem } from '@keel/platform-errors';
import { requestIdentityHeaders } from '@keel/platform-runtime';

/**
 * The worker loads the context modules for their consumers and jobs, and
 * with them their controllers; over HTTP it answers only /health and
 * /metrics, so a worker is never a second, unplanned API. Middleware runs on
 * the raw response, before Nest's exception filter can, so the problem and
 * the identity headers (which Fastify would only write when it sends the
 * reply) are written here.
 */
@Injectable()
export class WorkerRoutesMiddleware implements NestMiddleware {
  use(request: IncomingMessage, response: ServerResponse): void {
    const headers = requestIdentityHeaders(request);
    const { problem } = toProblem(
      new DomainError('NOT_FOUND', 'A worker serves /health and /metrics only.'),
      headers['x-request-id'],
    );
    response.statusCode = 404;
    for (const [name, value] of Object.entries(headers)) response.setHeader(name, value);
    response.setHeader('content-type', PROBLEM_CONTENT_TYPE);
    response.end(JSON.stringify(problem));
  }
}

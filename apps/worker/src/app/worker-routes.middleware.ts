import { Injectable, NestMiddleware } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { ERROR_CODES, PROBLEM_CONTENT_TYPE, problemType } from '@keel/platform-errors';

/**
 * The worker loads the context modules for their consumers and jobs, and
 * with them their controllers; over HTTP it answers only /health and
 * /metrics, so a worker is never a second, unplanned API. Middleware runs on
 * the raw response, before Nest's exception filter can, so the problem is
 * written here.
 */
@Injectable()
export class WorkerRoutesMiddleware implements NestMiddleware {
  use(_request: IncomingMessage, response: ServerResponse): void {
    const requestId = response.getHeader('x-request-id');
    response.statusCode = 404;
    response.setHeader('content-type', PROBLEM_CONTENT_TYPE);
    response.end(
      JSON.stringify({
        type: problemType('NOT_FOUND'),
        title: ERROR_CODES.NOT_FOUND.title,
        status: 404,
        detail: 'A worker serves /health and /metrics only.',
        code: 'NOT_FOUND',
        ...(typeof requestId === 'string' ? { requestId } : {}),
      }),
    );
  }
}

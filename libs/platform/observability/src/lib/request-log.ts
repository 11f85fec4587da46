import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { identifyIncomingRequest } from '@keel/platform-context';
import { UNMATCHED_ROUTE } from './http-metrics';

/** One line per request: what was asked, how it ended (with the problem code), for whom and by whom. */
export function requestLine(req: IncomingMessage, res: ServerResponse, durationMs: number): Record<string, unknown> {
  const identity = identifyIncomingRequest(req);
  return {
    requestId: identity.requestId,
    method: req.method,
    route: identity.route ?? UNMATCHED_ROUTE,
    statusCode: res.statusCode,
    ...(res.statusCode >= 400 && identity.problemCode ? { code: identity.problemCode } : {}),
    durationMs: Math.round(durationMs * 1000) / 1000,
    ...(identity.workspaceId ? { workspaceId: identity.workspaceId } : {}),
    ...(identity.actorType ? { actorType: identity.actorType, actorId: identity.actorId } : {}),
    traceId: identity.trace.traceId,
  };
}

/**
 * Writes the request's line once its response is over: `request completed`
 * at info, or `request failed` at error for a 5xx. On the process logger, the
 * request id a field of the line: no logger is made per request.
 */
export function logRequest(logger: Logger, req: IncomingMessage, res: ServerResponse, durationMs: number): void {
  if (res.statusCode >= 500) {
    if (logger.isLevelEnabled('error')) logger.error(requestLine(req, res, durationMs), 'request failed');
  } else if (logger.isLevelEnabled('info')) {
    logger.info(requestLine(req, res, durationMs), 'request completed');
  }
}

import type { LoggerService } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { identifyIncomingRequest } from '@keel/platform-context';
import { DomainError } from './domain-error';
import { methodNotAllowed } from './method-not-allowed';
import { PROBLEM_CONTENT_TYPE } from './problem';
import { toProblem } from './to-problem';

/** Shared by the Nest filter and Fastify's own error handler (errors raised before routing). */
export function sendProblem(
  thrown: unknown,
  request: FastifyRequest,
  reply: FastifyReply,
  logger: LoggerService,
): void {
  const answer = toProblem(thrown, String(request.id));
  // No route matched, but the path exists with other methods: 405 with Allow, not 404 (converted once more only then).
  const notAllowed = answer.problem.code === 'NOT_FOUND' ? methodNotAllowed(request) : undefined;
  const error = notAllowed ?? thrown;
  const { problem, unexpected } = notAllowed ? toProblem(notAllowed, String(request.id)) : answer;
  // For the request's log line, which is written once the response is finished.
  identifyIncomingRequest(request.raw).problemCode = problem.code;
  if (unexpected) {
    logger.error({ err: error, requestId: problem.requestId, msg: 'request failed unexpectedly' });
  } else if (problem.code === 'SERVICE_UNAVAILABLE' && !(error instanceof DomainError)) {
    logger.warn({ requestId: problem.requestId, msg: 'request refused: the database is unavailable' });
  }
  if (reply.sent) return;
  if (error instanceof DomainError && error.options.headers) void reply.headers(error.options.headers);
  // A problem that says when to come back (a DomainError's own Retry-After) keeps it.
  if (problem.code === 'SERVICE_UNAVAILABLE' && !reply.hasHeader('retry-after')) void reply.header('retry-after', '1');
  void reply.status(problem.status).header('content-type', PROBLEM_CONTENT_TYPE).send(problem);
}

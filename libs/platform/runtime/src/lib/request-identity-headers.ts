import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatTraceparent, identifyIncomingRequest } from '@keel/platform-context';

/** X-Request-Id, traceparent and traceresponse on a reply: every response carries them, errors included. */
export function sendRequestIdentityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  const identity = identifyIncomingRequest(request.raw);
  const traceparent = formatTraceparent(identity.trace);
  void reply.header('x-request-id', identity.requestId);
  void reply.header('traceparent', traceparent);
  void reply.header('traceresponse', traceparent);
}

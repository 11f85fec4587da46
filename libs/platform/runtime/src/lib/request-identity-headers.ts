import type { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { formatTraceparent, identifyIncomingRequest } from '@keel/platform-context';

/** X-Request-Id, traceparent and traceresponse of a request: every response carries them, errors included. */
export function requestIdentityHeaders(
  raw: IncomingMessage,
): Record<'x-request-id' | 'traceparent' | 'traceresponse', string> {
  const identity = identifyIncomingRequest(raw);
  const traceparent = formatTraceparent(identity.trace);
  return { 'x-request-id': identity.requestId, traceparent, traceresponse: traceparent };
}

/** The identity headers on a Fastify reply. */
export function sendRequestIdentityHeaders(request: FastifyRequest, reply: FastifyReply): void {
  void reply.headers(requestIdentityHeaders(request.raw));
}

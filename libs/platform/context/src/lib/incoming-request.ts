import type { IncomingMessage } from 'node:http';
import { resolveRequestId } from './request-id';
import { continueOrStartTrace, TraceContext } from './trace-context';

export interface IncomingRequestIdentity {
  requestId: string;
  trace: TraceContext;
  /** The matched route's template (`/v1/things/:id`), once routing has happened; never the raw URL. */
  route?: string;
  /** What serving it established, for its log line (see RequestContext.describe). */
  workspaceId?: string;
  actorType?: string;
  actorId?: string;
  /** The problem `code` it was answered with, when it failed. */
  problemCode?: string;
}

/**
 * Fastify's request, Nest's middleware (raw request) and the error handler all
 * need the same identity for one request; it is computed once, when Fastify
 * creates the request, and looked up by the raw request afterwards.
 */
const identities = new WeakMap<IncomingMessage, IncomingRequestIdentity>();

export function identifyIncomingRequest(raw: IncomingMessage): IncomingRequestIdentity {
  let identity = identities.get(raw);
  if (!identity) {
    identity = {
      requestId: resolveRequestId(raw.headers['x-request-id']),
      trace: continueOrStartTrace(raw.headers['traceparent']),
    };
    identities.set(raw, identity);
  }
  return identity;
}

import type { FastifyRequest } from 'fastify';
import { DomainError } from './domain-error';

/** OPTIONS is left out: CORS answers it for every path, so it says nothing about the resource. */
const METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE'];

/**
 * For a request no route matched: when the path exists with other methods,
 * 405 METHOD_NOT_ALLOWED with the `Allow` header (RFC 9110 §15.5.6) instead
 * of a 404 that says the resource is not there. Undefined when no method has
 * the path, or a route did match (a handler's own 404).
 */
export function methodNotAllowed(request: FastifyRequest): DomainError | undefined {
  if (!request.is404) return undefined;
  const path = request.url.split('?', 1)[0];
  const allowed = METHODS.filter(
    (method) => method !== request.method && request.server.findRoute({ method, url: path }) !== null,
  );
  if (allowed.length === 0) return undefined;
  const allow = allowed.join(', ');
  return new DomainError('METHOD_NOT_ALLOWED', `${request.method} is not allowed here; this path allows ${allow}.`, {
    headers: { allow },
  });
}

import type { components } from '../generated/openapi';

/**
 * RFC 9457 problem details as Keel sends them (application/problem+json):
 * `type`, `title`, `status`, `detail`, the stable `code`, field `errors` and
 * the `requestId` to quote. Taken from the document so it never drifts.
 */
export type ProblemDetails = components['schemas']['ProblemDetails'];

/** One entry of `errors` on a VALIDATION_FAILED problem. */
export type FieldError = components['schemas']['FieldError'];

/**
 * Tells a problem body apart from an error body a route declares itself (a
 * 503 from /health/ready carries the failed checks instead).
 */
export function isProblemDetails(body: unknown): body is ProblemDetails {
  if (typeof body !== 'object' || body === null) return false;
  const { type, title, status, code, requestId } = body as Record<string, unknown>;
  return (
    typeof type === 'string' &&
    typeof title === 'string' &&
    typeof status === 'number' &&
    typeof code === 'string' &&
    typeof requestId === 'string'
  );
}

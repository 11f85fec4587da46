import type { ProblemDetails } from '@keel/sdk';
import { HttpResult, jsonObject } from './http';

/**
 * The members a Keel problem body may have: RFC 9457's, plus `code`, `errors` and `requestId`, and the
 * documented extensions (`permission` on PERMISSION_DENIED, `retryAfterSeconds` on TOO_MANY_ATTEMPTS).
 */
const PROBLEM_MEMBERS = new Set([
  'type',
  'title',
  'status',
  'detail',
  'instance',
  'code',
  'errors',
  'requestId',
  'permission',
  'retryAfterSeconds',
]);

/** Text that only a server's internals would produce: stack frames, SQL, driver and ORM error names. */
const INTERNAL_TEXT = [
  /\n\s+at /,
  /\bat .+\.(js|ts):\d+/,
  /QueryFailedError/,
  /TypeORMError/,
  /\bSELECT\b/i,
  /\brelation\b/i,
];

/**
 * Asserts the response is RFC 9457 problem details for `status`/`code`, that
 * its requestId is the one in the X-Request-Id header, and that nothing but
 * problem members (no stack, no SQL) is in it. Returns the body.
 */
export function expectProblem(result: HttpResult, expected: { status: number; code: string }): ProblemDetails {
  expect(result.status).toBe(expected.status);
  expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
  const body = jsonObject(result);
  expect(Object.keys(body).filter((key) => !PROBLEM_MEMBERS.has(key))).toEqual([]);
  expect(body).toMatchObject({
    type: expect.stringMatching(/^https?:\/\/\S+$/),
    title: expect.any(String),
    status: expected.status,
    detail: expect.any(String),
    code: expected.code,
  });
  const requestId = result.headers.get('x-request-id');
  expect(requestId).toBeTruthy();
  expect(body['requestId']).toBe(requestId);
  for (const pattern of INTERNAL_TEXT) expect(result.text).not.toMatch(pattern);
  return body as unknown as ProblemDetails;
}

import type { ProblemDetails } from '@keel/sdk';
import { HttpResult } from './http';
import { Answer } from './keel-answers';

/** The members a Keel problem body may have: RFC 9457's, plus `code`, `errors` and `requestId`. */
const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'code', 'errors', 'requestId'];

/** The documented extension members, each on its own code only. */
const DOCUMENTED_EXTENSIONS: Partial<Record<ProblemDetails['code'], string[]>> = {
  PERMISSION_DENIED: ['permission'],
  TOO_MANY_ATTEMPTS: ['retryAfterSeconds'],
  RATE_LIMITED: ['retryAfterSeconds', 'limit', 'policy'],
  LAST_OWNER: ['workspaces'],
  EVIDENCE_UNPARSEABLE: ['reason', 'line'],
  EVIDENCE_SUBJECT_MISMATCH: ['subjectDigests'],
  WAIVER_DECIDED: ['waiverStatus'],
  PROMOTION_DENIED: ['promotionId', 'stage', 'unmetGates'],
  ENTITLEMENT_EXCEEDED: ['feature', 'limit', 'usage', 'plan', 'upgradeTo'],
  SUBSCRIPTION_PAST_DUE: ['readOnlyFrom'],
  INVOICE_STATE_CONFLICT: ['status'],
  STEP_UP_REQUIRED: ['stepUp'],
  ACCOUNT_LINK_REQUIRED: ['provider', 'reason'],
};

/** Text that only a server's internals would produce: stack frames, SQL, driver and ORM error names. */
const INTERNAL_TEXT = [
  /\n\s+at /,
  /\bat .+\.(js|ts):\d+/,
  /QueryFailedError/,
  /TypeORMError/,
  /\bSELECT\b/i,
  /\brelation\b/i,
];

export interface ExpectedProblem {
  status: number;
  code: ProblemDetails['code'];
  /** Extension members the problem must carry, with these values (e.g. `permission` on PERMISSION_DENIED). */
  extensions?: Record<string, unknown>;
}

/** The body and its text, from a raw response or from an SDK answer. */
function bodyAndText(result: HttpResult | Answer): { body: unknown; text: string } {
  if ('body' in result) return { body: result.body, text: JSON.stringify(result.body) ?? '' };
  try {
    return { body: JSON.parse(result.text), text: result.text };
  } catch {
    return { body: result.text, text: result.text };
  }
}

/**
 * Asserts the response (raw, or an SDK answer) is RFC 9457 problem details
 * for `status`/`code`, that its requestId is the one in the X-Request-Id
 * header, that it holds nothing but the problem members, the extension
 * documented for its code and the `extensions` expected (with their values),
 * and no internals (no stack, no SQL). Returns the body.
 */
export function expectProblem(result: HttpResult | Answer, expected: ExpectedProblem): ProblemDetails {
  const extensions = expected.extensions ?? {};
  const { body, text } = bodyAndText(result);
  // The body is in the comparison so that a wrong status prints what came with it.
  expect({ status: result.status, body }).toMatchObject({ status: expected.status, body: { code: expected.code } });
  expect(result.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`expected a problem object, got: ${text.slice(0, 500)}`);
  }
  const allowed = new Set([
    ...PROBLEM_MEMBERS,
    ...(DOCUMENTED_EXTENSIONS[expected.code] ?? []),
    ...Object.keys(extensions),
  ]);
  expect(Object.keys(body).filter((key) => !allowed.has(key))).toEqual([]);
  expect(body).toMatchObject({
    type: expect.stringMatching(/^https?:\/\/\S+$/),
    title: expect.any(String),
    status: expected.status,
    detail: expect.any(String),
    code: expected.code,
    ...extensions,
  });
  const requestId = result.headers.get('x-request-id');
  expect(requestId).toBeTruthy();
  expect(body).toHaveProperty('requestId', requestId);
  for (const pattern of INTERNAL_TEXT) expect(text).not.toMatch(pattern);
  return body as ProblemDetails;
}

/**
 * Asserts a 403 PERMISSION_DENIED problem that names the missing permission,
 * in `detail` and in the `permission` extension member (RFC 9457 §3.2).
 */
export function expectPermissionDenied(result: HttpResult | Answer, permission: string): ProblemDetails {
  const problem = expectProblem(result, { status: 403, code: 'PERMISSION_DENIED', extensions: { permission } });
  expect(problem.detail).toContain(permission);
  return problem;
}

import type { ProblemDetails } from '@keel/sdk';

/**
 * What one SDK call gave back, whatever its status: openapi-fetch splits it
 * into `data` (2xx) and `error` (the parsed problem), and both are read here.
 */
export interface Answer {
  status: number;
  headers: Headers;
  /** `data` on 2xx, `error` otherwise; undefined when the response had no body (204, 202). */
  body: unknown;
}

interface SdkResult {
  data?: unknown;
  error?: unknown;
  response: Response;
}

export async function answerOf(call: Promise<SdkResult>): Promise<Answer> {
  const { data, error, response } = await call;
  return { status: response.status, headers: response.headers, body: response.ok ? data : error };
}

/**
 * Asserts the status and returns the body as the shape the contract promises.
 * The SDK cannot type response bodies (docs/openapi.json declares them as
 * empty objects), so callers check the fields they use with toMatchObject.
 */
export function bodyOf<T>(answer: Answer, status: number): T {
  // The body is in the comparison so that a wrong status prints the problem that came with it.
  expect({ status: answer.status, body: answer.body }).toEqual({ status, body: answer.body });
  return answer.body as T;
}

/** The members RFC 9457 and Keel's convention put in every problem. */
const PROBLEM_MEMBERS = ['type', 'title', 'status', 'detail', 'instance', 'code', 'errors', 'requestId'];

/** Text only a server's internals would produce: stack frames, SQL, driver and ORM error names. */
const INTERNAL_TEXT = [/\n\s+at /, /\bat .+\.(js|ts):\d+/, /QueryFailedError/, /TypeORMError/, /\bSELECT\b/i];

/**
 * Asserts a problem-details answer with `status` and `code`, whose requestId
 * is the X-Request-Id header, holding nothing but the problem members and the
 * named extension members (e.g. `permission` on PERMISSION_DENIED), with
 * their values. Returns the body.
 */
export function expectKeelProblem(
  answer: Answer,
  expected: { status: number; code: string; extensions?: Record<string, unknown> },
): ProblemDetails {
  const extensions = expected.extensions ?? {};
  expect({ status: answer.status, body: answer.body }).toMatchObject({
    status: expected.status,
    body: { code: expected.code },
  });
  expect(answer.headers.get('content-type')).toMatch(/^application\/problem\+json\b/);
  const body = answer.body;
  if (typeof body !== 'object' || body === null || Array.isArray(body)) {
    throw new Error(`expected a problem object, got: ${JSON.stringify(body)}`);
  }
  const allowed = new Set([...PROBLEM_MEMBERS, ...Object.keys(extensions)]);
  expect(Object.keys(body).filter((key) => !allowed.has(key))).toEqual([]);
  expect(body).toMatchObject({
    type: expect.stringMatching(/^https?:\/\/\S+$/),
    title: expect.any(String),
    status: expected.status,
    detail: expect.any(String),
    code: expected.code,
    ...extensions,
  });
  const requestId = answer.headers.get('x-request-id');
  expect(requestId).toBeTruthy();
  expect(body).toHaveProperty('requestId', requestId);
  const text = JSON.stringify(body);
  for (const pattern of INTERNAL_TEXT) expect(text).not.toMatch(pattern);
  return body as ProblemDetails;
}

// The shapes issue 3's contract promises. docs/openapi.json has no response schemas yet, so they are written out here.

export interface UserView {
  id: string;
  email: string;
  name: string;
  emailVerified: boolean;
}

export interface TokenPair {
  user: UserView;
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
}

export interface MembershipSummary {
  workspaceId: string;
  workspaceName: string;
  role: string;
}

export interface MeView extends UserView {
  memberships: MembershipSummary[];
}

export interface Page<T> {
  data: T[];
  nextCursor: string | null;
}

export interface WorkspaceView {
  id: string;
  name: string;
  slug: string;
  createdAt: string;
  role: string | null;
}

export interface MemberView {
  userId: string;
  email: string;
  name: string;
  role: string;
  joinedAt: string;
}

export interface InviteView {
  id: string;
  email: string;
  role: string;
  status: 'pending' | 'accepted' | 'revoked' | 'expired';
  expiresAt: string;
  createdAt: string;
}

export interface CreatedInviteView extends InviteView {
  token: string;
}

export interface AcceptedInviteView {
  workspaceId: string;
  role: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  expiresAt: string | null;
  createdAt: string;
  lastUsedAt: string | null;
  revokedAt: string | null;
}

export interface CreatedApiKeyView extends ApiKeyView {
  key: string;
}

export interface RoleView {
  id: string;
  key: string;
  name: string;
  description: string;
  permissions: string[];
  builtIn: boolean;
}

export interface AuditEventView {
  id: string;
  action: string;
  actor: { type: string; id: string } | null;
  target: { type: string; id: string } | null;
  data: Record<string, unknown>;
  clientAddress: string | null;
  userAgent: string | null;
  requestId: string | null;
  occurredAt: string;
}

export interface SessionView {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  expiresAt: string;
  userAgent: string | null;
  clientAddress: string | null;
  current: boolean;
}

export interface PublicJwk {
  kty: string;
  crv: string;
  x: string;
  kid: string;
  alg: string;
  use?: string;
  d?: string;
}

import type { HeaderObject, OperationObject, PathItemObject, ResponseObject } from '@nestjs/swagger';
import { PROBLEM_CONTENT_TYPE, problemType } from '@keel/platform-errors';

const OPERATION_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const;

/** The headers every answer of a rate-limited route carries (draft-ietf-httpapi-ratelimit-headers). */
const RATE_LIMIT_HEADERS: Record<string, HeaderObject> = {
  'RateLimit-Policy': {
    description:
      'The rate limits this request was counted against, as a list of policies: the caller\'s (`"api-key"`, `"user"`, or `"address"` on routes that need no credentials) and, on a workspace route, `"workspace"`. `q` is the requests allowed per window (and at once), `w` the window in seconds.',
    schema: { type: 'string', maxLength: 256 },
    example: '"user";q=1200;w=60, "workspace";q=6000;w=60',
  },
  RateLimit: {
    description:
      'What is left of each policy of RateLimit-Policy: `r` the requests allowed right now, `t` the seconds until the policy is whole again.',
    schema: { type: 'string', maxLength: 256 },
    example: '"user";r=1187;t=10, "workspace";r=5990;t=2',
  },
};

const RETRY_AFTER_HEADER: HeaderObject = {
  description: 'Seconds until a request is allowed again.',
  schema: { type: 'integer', minimum: 1 },
  example: 3,
};

const RATE_LIMIT_HEADER_REFS = {
  'RateLimit-Policy': { $ref: '#/components/headers/RateLimit-Policy' },
  RateLimit: { $ref: '#/components/headers/RateLimit' },
};

const RATE_LIMITED_RESPONSE: ResponseObject = {
  description:
    'RATE_LIMITED: too many requests from this API key, user, client address or workspace. Wait Retry-After seconds.',
  headers: {
    'Retry-After': { $ref: '#/components/headers/Retry-After' },
    ...RATE_LIMIT_HEADER_REFS,
  },
  content: {
    [PROBLEM_CONTENT_TYPE]: {
      schema: { $ref: '#/components/schemas/ProblemDetails' },
      example: {
        type: problemType('RATE_LIMITED'),
        title: 'Too many requests',
        status: 429,
        detail: 'Too many requests from this user (at most 1200 per minute). Try again in 3 seconds.',
        code: 'RATE_LIMITED',
        requestId: '0193a5e2-8d10-7a4c-b0e1-2f3c4d5e6f7a',
        retryAfterSeconds: 3,
        limit: 'requests per minute from this user',
        policy: 'user',
      },
    },
  },
};

function isRateLimited(operation: OperationObject): boolean {
  return (operation as OperationObject & { 'x-keel-rate-limit'?: string })['x-keel-rate-limit'] !== 'none';
}

/**
 * Every route but those marked `@NotRateLimited()` (`x-keel-rate-limit:
 * none`: health, metrics) is rate limited: each declares the 429 (a route's
 * own 429, such as an abuse limit's, keeps its examples and gains the headers)
 * and the RateLimit-Policy and RateLimit headers on each of its responses.
 */
export function addRateLimitResponses(
  paths: Record<string, PathItemObject>,
  components: { headers?: Record<string, unknown>; responses?: Record<string, unknown> },
): void {
  components.headers = {
    ...components.headers,
    'RateLimit-Policy': RATE_LIMIT_HEADERS['RateLimit-Policy'],
    RateLimit: RATE_LIMIT_HEADERS['RateLimit'],
    'Retry-After': RETRY_AFTER_HEADER,
  };
  const problem = components.responses?.['Problem'] as ResponseObject | undefined;
  components.responses = {
    ...components.responses,
    // Problems of a rate-limited route carry the headers too (they are set before the handler runs).
    ...(problem ? { Problem: { ...problem, headers: { ...problem.headers, ...RATE_LIMIT_HEADER_REFS } } } : {}),
    RateLimited: RATE_LIMITED_RESPONSE,
  };
  for (const item of Object.values(paths)) {
    for (const method of OPERATION_METHODS) {
      const operation = item[method];
      if (!operation || !isRateLimited(operation)) continue;
      operation.responses['429'] ??= { $ref: '#/components/responses/RateLimited' };
      for (const [status, response] of Object.entries(operation.responses)) {
        if (!response || '$ref' in response) continue;
        response.headers = {
          ...response.headers,
          ...(status === '429' ? { 'Retry-After': { $ref: '#/components/headers/Retry-After' } } : {}),
          ...RATE_LIMIT_HEADER_REFS,
        };
      }
    }
  }
}

import type { SchemaObject } from '@nestjs/swagger';
import { ERROR_CODES } from './error-codes';

/**
 * The OpenAPI shape of `ProblemDetails` (problem.ts). Written out by
 * hand because that type is an interface (the swagger plugin only sees
 * classes); `code` lists the registry so clients get the codes as a union, and
 * adding a code shows up in the committed document's diff.
 */
export const PROBLEM_DETAILS_SCHEMA: SchemaObject = {
  type: 'object',
  description: 'RFC 9457 problem details, with the stable `code`, field `errors` and the `requestId` to quote.',
  required: ['type', 'title', 'status', 'detail', 'code', 'requestId'],
  properties: {
    type: {
      type: 'string',
      format: 'uri',
      description: 'Identifies the problem; one URI per code.',
      example: 'https://keel.dev/problems/permission-denied',
    },
    title: {
      type: 'string',
      description: 'Short summary of the problem type; the same for every occurrence.',
      example: 'Permission denied',
    },
    status: { type: 'integer', description: 'The HTTP status code of this response.', example: 403 },
    detail: {
      type: 'string',
      description: 'What went wrong in this occurrence.',
      example: 'members:update needed; your role member has members:read.',
    },
    code: {
      type: 'string',
      enum: Object.keys(ERROR_CODES),
      description: 'Stable, machine-readable problem code.',
      example: 'PERMISSION_DENIED',
    },
    requestId: {
      type: 'string',
      description: 'Also in the X-Request-Id header; quote it when reporting a problem.',
      example: '0193a5e2-8d10-7a4c-b0e1-2f3c4d5e6f70',
    },
    errors: {
      type: 'array',
      description: 'Field-level problems (VALIDATION_FAILED).',
      items: { $ref: '#/components/schemas/FieldError' },
    },
    permission: {
      type: 'string',
      description: 'PERMISSION_DENIED: the permission the caller lacks, e.g. `members:update`.',
      example: 'members:update',
    },
    retryAfterSeconds: {
      type: 'integer',
      description:
        'TOO_MANY_ATTEMPTS and RATE_LIMITED: seconds until the next attempt is allowed (also the Retry-After header).',
      example: 30,
    },
    policy: {
      type: 'string',
      description:
        'RATE_LIMITED by a request rate limit: the policy refused, as named in the RateLimit-Policy header (`api-key`, `user`, `workspace` or `address`).',
      example: 'user',
    },
    workspaces: {
      type: 'array',
      description:
        'LAST_OWNER from DELETE /v1/me: the workspaces the account is the only owner of, to hand over (or delete) first.',
      items: {
        type: 'object',
        required: ['id', 'name'],
        properties: {
          id: { type: 'string', example: '0193a5e2-7c4f-7b6e-9d2a-5f1e8c3b2a10' },
          name: { type: 'string', example: 'Acme Inc.' },
        },
      },
    },
  },
  // Domain errors may add extension members (RFC 9457 §3.2).
  additionalProperties: true,
};

export const FIELD_ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['field', 'message'],
  properties: {
    field: {
      type: 'string',
      description: 'Dotted path of the offending field, e.g. `members.0.email`.',
      example: 'members.0.email',
    },
    message: { type: 'string', example: 'email must be an email' },
    rule: { type: 'string', description: 'The rule that failed, e.g. `isEmail`.', example: 'isEmail' },
    path: {
      type: 'string',
      description: 'JSON path (RFC 9535) of the offending value in the body, e.g. `$.transitions[1].to`.',
      example: '$.members[0].email',
    },
  },
};

/** A few problems as clients meet them, shown with every operation's error response. */
export const PROBLEM_EXAMPLES: Record<string, { summary: string; value: Record<string, unknown> }> = {
  validationFailed: {
    summary: 'A field of the body is invalid (422)',
    value: {
      type: 'https://keel.dev/problems/validation-failed',
      title: 'Validation failed',
      status: 422,
      detail: '1 field failed validation: email.',
      code: 'VALIDATION_FAILED',
      requestId: '0193a5e2-8d10-7a4c-b0e1-2f3c4d5e6f70',
      errors: [{ field: 'email', path: '$.email', rule: 'isEmail', message: 'email must be an email' }],
    },
  },
  unauthenticated: {
    summary: 'No, or an unusable, credential (401)',
    value: {
      type: 'https://keel.dev/problems/invalid-token',
      title: 'Invalid or expired token',
      status: 401,
      detail: 'The access token has expired.',
      code: 'INVALID_TOKEN',
      requestId: '0193a5e2-8d10-7a4c-b0e1-2f3c4d5e6f71',
    },
  },
  permissionDenied: {
    summary: 'The caller lacks the permission the route declares (403)',
    value: {
      type: 'https://keel.dev/problems/permission-denied',
      title: 'Permission denied',
      status: 403,
      detail: 'members:update needed; your role member has members:read.',
      code: 'PERMISSION_DENIED',
      permission: 'members:update',
      requestId: '0193a5e2-8d10-7a4c-b0e1-2f3c4d5e6f72',
    },
  },
  workspaceNotFound: {
    summary: 'A workspace the caller is not a member of, or none at all (404)',
    value: {
      type: 'https://keel.dev/problems/workspace-not-found',
      title: 'Workspace not found',
      status: 404,
      detail: 'No workspace with this id exists for you.',
      code: 'WORKSPACE_NOT_FOUND',
      requestId: '0193a5e2-8d10-7a4c-b0e1-2f3c4d5e6f73',
    },
  },
  versionConflict: {
    summary: 'A write based on a stale version (409)',
    value: {
      type: 'https://keel.dev/problems/version-conflict',
      title: 'Version conflict',
      status: 409,
      detail: 'The project is at version 4, not 3.',
      code: 'VERSION_CONFLICT',
      currentVersion: 4,
      requestId: '0193a5e2-8d10-7a4c-b0e1-2f3c4d5e6f74',
    },
  },
  tooManyAttempts: {
    summary: 'Sign-in attempts throttled (429, with Retry-After)',
    value: {
      type: 'https://keel.dev/problems/too-many-attempts',
      title: 'Too many attempts',
      status: 429,
      detail: 'Too many failed sign-ins. Try again in 30 seconds.',
      code: 'TOO_MANY_ATTEMPTS',
      retryAfterSeconds: 30,
      requestId: '0193a5e2-8d10-7a4c-b0e1-2f3c4d5e6f75',
    },
  },
};

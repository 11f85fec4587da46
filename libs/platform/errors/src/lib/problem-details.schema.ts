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
    type: { type: 'string', format: 'uri', description: 'Identifies the problem; one URI per code.' },
    title: { type: 'string', description: 'Short summary of the problem type; the same for every occurrence.' },
    status: { type: 'integer', description: 'The HTTP status code of this response.' },
    detail: { type: 'string', description: 'What went wrong in this occurrence.' },
    code: { type: 'string', enum: Object.keys(ERROR_CODES), description: 'Stable, machine-readable problem code.' },
    requestId: { type: 'string', description: 'Also in the X-Request-Id header; quote it when reporting a problem.' },
    errors: {
      type: 'array',
      description: 'Field-level problems (VALIDATION_FAILED).',
      items: { $ref: '#/components/schemas/FieldError' },
    },
    permission: {
      type: 'string',
      description: 'PERMISSION_DENIED: the permission the caller lacks, e.g. `members:update`.',
    },
    retryAfterSeconds: {
      type: 'integer',
      description: 'TOO_MANY_ATTEMPTS: seconds until the next attempt is allowed (also the Retry-After header).',
    },
  },
  // Domain errors may add extension members (RFC 9457 §3.2).
  additionalProperties: true,
};

export const FIELD_ERROR_SCHEMA: SchemaObject = {
  type: 'object',
  required: ['field', 'message'],
  properties: {
    field: { type: 'string', description: 'Dotted path of the offending field, e.g. `members.0.email`.' },
    message: { type: 'string' },
    rule: { type: 'string', description: 'The rule that failed, e.g. `isEmail`.' },
    path: {
      type: 'string',
      description: 'JSON path (RFC 9535) of the offending value in the body, e.g. `$.transitions[1].to`.',
    },
  },
};

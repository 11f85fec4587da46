import { HttpException } from '@nestjs/common';
import { codeForStatus, ERROR_CODES, ErrorCode, problemType } from './error-codes';
import { DomainError } from './domain-error';
import { isDatabaseUnavailable, isTransientConflict } from './database-unavailable';
import { ProblemDetails } from './problem';

/** Fastify raises these before a request reaches a Nest handler. */
const FASTIFY_CODES: Record<string, { code: ErrorCode; detail: string }> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: {
    code: 'UNSUPPORTED_MEDIA_TYPE',
    detail: 'Keel accepts request bodies as application/json only; send the body as JSON with that Content-Type.',
  },
  FST_ERR_CTP_INVALID_TYPE: { code: 'UNSUPPORTED_MEDIA_TYPE', detail: 'The Content-Type header is not valid.' },
  FST_ERR_CTP_BODY_TOO_LARGE: {
    code: 'PAYLOAD_TOO_LARGE',
    detail: 'The request body is larger than the server accepts.',
  },
  FST_ERR_CTP_EMPTY_JSON_BODY: {
    code: 'MALFORMED_JSON',
    detail: 'The body is empty but the Content-Type says application/json.',
  },
  FST_ERR_CTP_INVALID_JSON_BODY: { code: 'MALFORMED_JSON', detail: 'The request body is not valid JSON.' },
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: {
    code: 'BAD_REQUEST',
    detail: 'The Content-Length header does not match the body.',
  },
  FST_ERR_BAD_URL: { code: 'BAD_REQUEST', detail: 'The request URL is malformed.' },
  FST_ERR_MAX_PARAM_LENGTH: {
    code: 'URI_TOO_LONG',
    detail: 'A path segment is longer than any Keel route accepts (100 characters).',
  },
};

export interface ProblemOutcome {
  problem: ProblemDetails;
  /** True when the error is ours to fix: it is logged in full and the client only sees the requestId. */
  unexpected: boolean;
}

function build(
  code: ErrorCode,
  detail: string,
  requestId: string,
  status: number = ERROR_CODES[code].status,
): ProblemDetails {
  return { type: problemType(code), title: ERROR_CODES[code].title, status, detail, code, requestId };
}

function fastifyCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const { code } = error as { code: unknown };
  return typeof code === 'string' ? code : undefined;
}

function isJsonSyntaxError(error: unknown): boolean {
  return error instanceof SyntaxError && (error as SyntaxError & { statusCode?: number }).statusCode === 400;
}

/**
 * Turns anything thrown while serving a request into problem details. Only
 * messages we wrote ever reach the client: database and driver messages, stack
 * traces and unknown errors become INTERNAL with the requestId alone.
 */
export function toProblem(error: unknown, requestId: string): ProblemOutcome {
  if (error instanceof DomainError) {
    // Extensions first: they may add members, never overwrite the standard ones.
    const problem: ProblemDetails = {
      ...error.options.extensions,
      ...build(error.code, error.detail, requestId, error.status),
    };
    if (error.options.errors) problem.errors = error.options.errors;
    return { problem, unexpected: error.status >= 500 };
  }

  const known = FASTIFY_CODES[fastifyCode(error) ?? ''];
  if (known) return { problem: build(known.code, known.detail, requestId), unexpected: false };
  if (isJsonSyntaxError(error)) {
    return { problem: build('MALFORMED_JSON', 'The request body is not valid JSON.', requestId), unexpected: false };
  }

  if (error instanceof HttpException) {
    const status = error.getStatus();
    if (status < 500) {
      const code = codeForStatus(status);
      const detail = status === 404 ? 'No resource exists at this address.' : ERROR_CODES[code].title + '.';
      return { problem: build(code, detail, requestId, status), unexpected: false };
    }
  }

  if (isTransientConflict(error)) {
    return {
      problem: build('CONFLICT', 'The request collided with a concurrent change; retry it.', requestId),
      unexpected: false,
    };
  }
  if (isDatabaseUnavailable(error)) {
    return {
      problem: build('SERVICE_UNAVAILABLE', 'The database is unavailable for a moment; retry the request.', requestId),
      unexpected: false,
    };
  }

  return {
    problem: build('INTERNAL', 'An unexpected error occurred. Quote the requestId when you report it.', requestId),
    unexpected: true,
  };
}

import { ERROR_CODES, ErrorCode } from './error-codes';
import { FieldError } from './problem';

/**
 * The error a service throws when a request cannot be served. The problem
 * filter renders it; `extensions` become extra members of the problem body
 * (e.g. `currentVersion` on VERSION_CONFLICT).
 */
export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail: string,
    readonly options: {
      errors?: FieldError[];
      extensions?: Record<string, unknown>;
      status?: number;
      /** Response headers the problem needs, e.g. `Retry-After` on 429. */
      headers?: Record<string, string>;
    } = {},
  ) {
    super(`${code}: ${detail}`);
    this.name = 'DomainError';
  }

  get status(): number {
    return this.options.status ?? ERROR_CODES[this.code].status;
  }
}

export function notFound(what: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} was not found.`);
}

import { ErrorCode } from './error-codes';

/** A field-level problem, as listed under `errors` of a VALIDATION_FAILED response. */
export interface FieldError {
  /** Dotted path of the offending field, e.g. `members.0.email`. */
  field: string;
  message: string;
  /** The rule that failed, e.g. `isEmail`. */
  rule?: string;
  /** JSON path (RFC 9535) of the offending value in the request body, e.g. `$.transitions[1].to`. */
  path?: string;
}

/** RFC 9457 problem details, with Keel's `code`, `errors` and `requestId` members. */
export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: ErrorCode;
  requestId: string;
  errors?: FieldError[];
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

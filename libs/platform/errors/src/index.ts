export { ERROR_CODES, problemType, codeForStatus, PROBLEM_TYPE_BASE } from './lib/error-codes';
export type { ErrorCode } from './lib/error-codes';
export { DomainError, notFound } from './lib/domain-error';
export { PROBLEM_CONTENT_TYPE } from './lib/problem';
export type { ProblemDetails, FieldError } from './lib/problem';
export { toProblem } from './lib/to-problem';
export { sendProblem } from './lib/send-problem';
export { ProblemDetailsFilter } from './lib/problem-details.filter';
export { validationExceptionFactory } from './lib/validation-exception.factory';

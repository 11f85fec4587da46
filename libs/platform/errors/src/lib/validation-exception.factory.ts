import { ValidationError } from '@nestjs/common';
import { DomainError } from './domain-error';
import { FieldError } from './problem';

function toFieldErrors(errors: ValidationError[], parent = ''): FieldError[] {
  return errors.flatMap((error) => {
    const field = parent ? `${parent}.${error.property}` : error.property;
    const own = Object.entries(error.constraints ?? {}).map(([rule, message]) => ({
      field,
      rule,
      // class-validator's whitelist rule speaks of "property"; say what a client did.
      message: rule === 'whitelistValidation' ? `${field} is not an accepted field` : message,
    }));
    return [...own, ...toFieldErrors(error.children ?? [], field)];
  });
}

/** The ValidationPipe's exception factory: 422 VALIDATION_FAILED listing every field. */
export function validationExceptionFactory(errors: ValidationError[]): DomainError {
  const fieldErrors = toFieldErrors(errors);
  return new DomainError('VALIDATION_FAILED', `${fieldErrors.length} field(s) failed validation.`, {
    errors: fieldErrors,
  });
}

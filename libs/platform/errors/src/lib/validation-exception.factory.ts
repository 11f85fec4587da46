import { ValidationError } from '@nestjs/common';
import { DomainError } from './domain-error';
import { FieldError } from './problem';

/**
 * Which failed rule speaks for a field, most useful first: that it is
 * missing, null or not accepted at all; then what kind of value it must be;
 * then its format; then its size. A field that is not a string is told that,
 * not also that it is too long.
 */
const LEADING_RULES = [
  'whitelistValidation',
  'isDefined',
  'isNotNull',
  'nestedValidation',
  'isArray',
  'isObject',
  'isString',
  'isInt',
  'isNumber',
  'isBoolean',
];

function usefulness(rule: string): number {
  const leading = LEADING_RULES.indexOf(rule);
  if (leading >= 0) return leading;
  return rule.startsWith('is') ? LEADING_RULES.length : LEADING_RULES.length + 1;
}

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

/** One error per field, in the order fields were first refused, each the most useful of its rules. */
function onePerField(errors: FieldError[]): FieldError[] {
  const byField = new Map<string, FieldError>();
  for (const error of errors) {
    const kept = byField.get(error.field);
    if (!kept || usefulness(error.rule ?? '') < usefulness(kept.rule ?? '')) byField.set(error.field, error);
  }
  return [...byField.values()];
}

const NAMED_IN_DETAIL = 10;

/** The ValidationPipe's exception factory: 422 VALIDATION_FAILED, one error per invalid field. */
export function validationExceptionFactory(errors: ValidationError[]): DomainError {
  const fieldErrors = onePerField(toFieldErrors(errors));
  const names = fieldErrors.slice(0, NAMED_IN_DETAIL).map((error) => error.field);
  const more = fieldErrors.length > NAMED_IN_DETAIL ? ` and ${fieldErrors.length - NAMED_IN_DETAIL} more` : '';
  const count = fieldErrors.length === 1 ? '1 field' : `${fieldErrors.length} fields`;
  return new DomainError('VALIDATION_FAILED', `${count} failed validation: ${names.join(', ')}${more}.`, {
    errors: fieldErrors,
  });
}

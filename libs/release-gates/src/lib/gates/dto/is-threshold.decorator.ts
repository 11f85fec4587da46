import { ValidateBy } from 'class-validator';

/** The longest text threshold (a version, a status word) a criterion may compare with. */
export const THRESHOLD_TEXT_MAX_LENGTH = 200;

/** A threshold a criterion compares a fact with: a finite number, a boolean, or a short text. */
export function isThreshold(value: unknown): boolean {
  if (typeof value === 'number') return Number.isFinite(value);
  if (typeof value === 'string') return value.length <= THRESHOLD_TEXT_MAX_LENGTH;
  return typeof value === 'boolean';
}

export function IsThreshold(): PropertyDecorator {
  return ValidateBy({
    name: 'isThreshold',
    validator: {
      validate: (value: unknown) => isThreshold(value),
      defaultMessage: (args) =>
        `${args?.property ?? 'the threshold'} must be a number, a boolean or a text of at most ${THRESHOLD_TEXT_MAX_LENGTH} characters`,
    },
  });
}

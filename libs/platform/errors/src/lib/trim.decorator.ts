import { Transform } from 'class-transformer';

/**
 * For DTO string fields that people type (names, emails): surrounding spaces
 * are dropped before validation, so `" Ada "` is stored as `Ada` and a blank
 * value fails MinLength instead of passing as spaces. Anything not a string
 * is left for the validators to refuse.
 */
export function Trim(): PropertyDecorator {
  return Transform(({ value }: { value: unknown }) => (typeof value === 'string' ? value.trim() : value));
}

import { ValidateIf } from 'class-validator';

/**
 * For an optional body field whose column is not nullable: it may be left
 * out, but `null` is validated like any other value (and refused by the
 * field's type rule, 422), where `@IsOptional()` would let `null` through to
 * a NOT NULL column or a `value ?? default` that silently ignores it.
 */
export function Omittable(): PropertyDecorator {
  return ValidateIf((_object: object, value: unknown) => value !== undefined);
}

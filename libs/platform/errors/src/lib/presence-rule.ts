import { getMetadataStorage, ValidationError, ValidationTypes } from 'class-validator';
import { unlessNull } from './nullable.decorator';

/** How each validated property of a DTO class treats absence and null. */
interface Presence {
  /** Without `@IsOptional()` (or another condition), the field must be there. */
  optional: boolean;
  /** With `@Nullable()`, `null` is a value. */
  nullable: boolean;
}

/** A DTO class, or whatever else made a walked value (Object, Array, Date: classes without rules). */
type ValueClass = abstract new (...args: never[]) => unknown;

const presenceByClass = new WeakMap<ValueClass, Map<string, Presence>>();

/** The validated properties of a DTO class (inherited and mapped-type ones included), or none for a plain object. */
function presenceOf(dtoClass: ValueClass): Map<string, Presence> {
  let properties = presenceByClass.get(dtoClass);
  if (properties) return properties;
  properties = new Map();
  for (const metadata of getMetadataStorage().getTargetValidationMetadatas(dtoClass, '', true, false)) {
    const presence = properties.get(metadata.propertyName) ?? { optional: false, nullable: false };
    if (metadata.type === ValidationTypes.WHITELIST) {
      // `@Allow()`: any value passes here, absence and null included; a later check judges it.
      presence.optional = true;
      presence.nullable = true;
    } else if (metadata.type === ValidationTypes.CONDITIONAL_VALIDATION) {
      if (metadata.constraints?.[0] === unlessNull) presence.nullable = true;
      else presence.optional = true;
    }
    properties.set(metadata.propertyName, presence);
  }
  presenceByClass.set(dtoClass, properties);
  return properties;
}

function fieldError(field: string, rule: string, message: string): ValidationError {
  return Object.assign(new ValidationError(), { property: field, constraints: { [rule]: message }, children: [] });
}

/**
 * The one rule of presence for every DTO, applied by the validation pipe
 * beside each field's own rules: a field without `@IsOptional()` must be
 * there ("is required": class-validator itself lets an absent nested object
 * through), and no field may be `null` unless it is `@Nullable()` (or
 * `@Allow()`, which leaves every value to a later check) —
 * `@IsOptional()` alone would let `null` through to a NOT NULL column or a
 * `value ?? default`. Walks the transformed DTO (nested DTOs are instances of
 * their classes) with a loop; errors name fields dotted (`actions.0.type`).
 */
export function presenceErrors(dto: object): ValidationError[] {
  const errors: ValidationError[] = [];
  // A queue, so fields are reported level by level in the order the class declares them.
  const pending: { value: unknown; field: string }[] = [{ value: dto, field: '' }];
  for (let next = 0; next < pending.length; next++) {
    const { value, field } = pending[next];
    if (typeof value !== 'object' || value === null) continue;
    const prefix = field === '' ? '' : `${field}.`;
    if (Array.isArray(value)) {
      value.forEach((item, index) => pending.push({ value: item, field: `${prefix}${index}` }));
      continue;
    }
    for (const [property, presence] of presenceOf(value.constructor as ValueClass)) {
      const item: unknown = (value as Record<string, unknown>)[property];
      const child = `${prefix}${property}`;
      if (item === undefined && !presence.optional) errors.push(fieldError(child, 'isDefined', `${child} is required`));
      else if (item === null && !presence.nullable)
        errors.push(fieldError(child, 'isNotNull', `${child} must not be null`));
      else pending.push({ value: item, field: child });
    }
  }
  return errors;
}

import { ValidateIf } from 'class-validator';

/** The condition `@Nullable()` registers; the presence rule recognises a nullable field by it. */
export function unlessNull(_object: object, value: unknown): boolean {
  return value !== null;
}

/**
 * For a body field whose schema allows `null` (type it `T | null`, so the
 * OpenAPI document says so too): `null` is accepted and skips the field's
 * other rules. Every other field refuses `null`, optional or not (see
 * presence-rule.ts): optional means "may be left out", never "may be null".
 */
export function Nullable(): PropertyDecorator {
  return ValidateIf(unlessNull);
}

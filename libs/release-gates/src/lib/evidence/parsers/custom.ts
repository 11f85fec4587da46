import { EvidenceUnparseable } from './evidence-unparseable';
import { assertSafeKey, isJsonObject, JsonObject, readJsonObject } from './read-json';

/** How many values (of any kind, nested ones included) a custom object may hold: facts, not a data dump. */
export const MAX_CUSTOM_VALUES = 10_000;

/**
 * Any JSON object; the facts are the object itself, so a gate reads
 * `crossTenantReads` or `probe.lost`. Refused: a key __proto__, constructor
 * or prototype (a fact path must not reach a prototype), a number JSON.parse
 * could only make Infinity of (1e400), and more than MAX_CUSTOM_VALUES
 * values. Nesting is bounded by the JSON reader (64 levels).
 */
export function parseCustom(bytes: Buffer): JsonObject {
  const object = readJsonObject(bytes, 'Custom evidence');
  let values = 0;
  const check = (value: unknown, path: string): void => {
    if (++values > MAX_CUSTOM_VALUES) {
      throw new EvidenceUnparseable(`custom evidence holds more than ${MAX_CUSTOM_VALUES} values`);
    }
    if (typeof value === 'number' && !Number.isFinite(value)) {
      throw new EvidenceUnparseable(`${path} is a number too large to represent`);
    }
    if (Array.isArray(value)) value.forEach((item, index) => check(item, `${path}[${index}]`));
    else if (isJsonObject(value)) {
      for (const [key, item] of Object.entries(value)) {
        assertSafeKey(key, path);
        check(item, `${path}.${key.length > 50 ? `${key.slice(0, 50)}…` : key}`);
      }
    }
  };
  check(object, '$');
  return object;
}

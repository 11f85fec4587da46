import { newId } from '@keel/platform-database';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Every id of an imported bundle, old to new: seeded with the workspace and
 * the members matched by email, and a fresh id for any other id the first
 * time it is seen. Applied to whole rows (JSON values included), so a
 * foreign key anywhere in a row — a column, a rule's action, an activity's
 * data — follows the row it points to, consistently across tables.
 */
export class BundleIdMap {
  private readonly ids = new Map<string, string>();

  set(oldId: string, newIdValue: string): void {
    this.ids.set(oldId.toLowerCase(), newIdValue);
  }

  /** The new id for `oldId`, made the first time it is asked for. */
  of(oldId: string): string {
    const key = oldId.toLowerCase();
    let mapped = this.ids.get(key);
    if (!mapped) {
      mapped = newId();
      this.ids.set(key, mapped);
    }
    return mapped;
  }

  /** `value` with every string that is a UUID replaced by its new id. */
  remap<T>(value: T): T {
    return this.walk(value) as T;
  }

  private walk(value: unknown): unknown {
    if (typeof value === 'string') return UUID.test(value) ? this.of(value) : value;
    if (Array.isArray(value)) return value.map((item) => this.walk(item));
    if (typeof value === 'object' && value !== null) {
      return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, this.walk(item)]));
    }
    return value;
  }
}

import type { ConfigSchema } from './config-schema';

/**
 * The validated instances of every config class a process loaded, one per
 * class: what ConfigModule makes injectable, each under its own class.
 */
export class ConfigSet {
  private readonly byClass: ReadonlyMap<ConfigSchema, object>;

  private constructor(instances: readonly object[]) {
    const byClass = new Map<ConfigSchema, object>();
    for (const instance of instances) {
      const schema = instance.constructor as ConfigSchema;
      if (byClass.has(schema)) throw new Error(`${schema.name} is in the configuration twice.`);
      byClass.set(schema, instance);
    }
    this.byClass = byClass;
  }

  /** A set of instances made by hand (tests): each is registered under its own class. */
  static of(...instances: object[]): ConfigSet {
    return new ConfigSet(instances);
  }

  /** The instance of `schema`; a class that was not loaded is a wiring mistake, so it throws. */
  get<T extends object>(schema: ConfigSchema<T>): T {
    const instance = this.byClass.get(schema);
    if (instance === undefined)
      throw new Error(`${schema.name} was not loaded: add it to the process's config classes.`);
    return instance as T;
  }

  get instances(): object[] {
    return [...this.byClass.values()];
  }
}

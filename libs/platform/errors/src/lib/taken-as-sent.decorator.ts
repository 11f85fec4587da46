import * as classTransformer from 'class-transformer';
import type { ClassConstructor, ClassTransformOptions } from 'class-transformer';

/** The properties of each DTO class marked @TakenAsSent, by class (inherited marks included). */
const takenAsSent = new WeakMap<object, Set<string>>();

function markedProperties(metatype: object): string[] {
  const names: string[] = [];
  for (let target: unknown = metatype; typeof target === 'function'; target = Object.getPrototypeOf(target)) {
    for (const name of takenAsSent.get(target) ?? []) names.push(name);
  }
  return names;
}

/**
 * A request body property whose value the validation pipe keeps as the
 * client sent it (after the prototype keys are stripped, as everywhere),
 * instead of copying it through class-transformer: for a large array whose
 * items the domain checks one by one (a batch of 1,000 usage events), where
 * that deep copy was the biggest single cost of the request. The property's
 * own rules (`@IsArray`, `@ArrayMaxSize`, `@IsObject({ each: true })`) still
 * apply; nested DTO classes do not, so never use it with `@ValidateNested`.
 */
export function TakenAsSent(): PropertyDecorator {
  return (target, propertyKey) => {
    const owner = target.constructor;
    const names = takenAsSent.get(owner) ?? new Set<string>();
    names.add(String(propertyKey));
    takenAsSent.set(owner, names);
  };
}

function isPlainRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * class-transformer, as the validation pipe's `transformerPackage`, except
 * that a @TakenAsSent property's value is set on the instance as it is.
 */
export const requestBodyTransformer = {
  plainToInstance<T>(metatype: ClassConstructor<T>, value: unknown, options?: ClassTransformOptions): T {
    const marked = markedProperties(metatype);
    if (marked.length === 0 || !isPlainRecord(value)) {
      return classTransformer.plainToInstance(metatype, value, options) as T;
    }
    const rest: Record<string, unknown> = { ...value };
    const kept: Record<string, unknown> = {};
    for (const name of marked) {
      if (Object.prototype.hasOwnProperty.call(rest, name)) {
        kept[name] = rest[name];
        delete rest[name];
      }
    }
    const instance = classTransformer.plainToInstance(metatype, rest, options) as T & Record<string, unknown>;
    return Object.assign(instance, kept);
  },
  classToPlain: classTransformer.classToPlain,
};

import 'reflect-metadata';

export type EnvVarType = 'string' | 'integer' | 'boolean' | 'enum' | 'url' | 'list';

export interface EnvVarDescription {
  type: EnvVarType;
  description: string;
  /** A secret's value is never printed: not in errors, not in logs, not in docs. */
  secret?: boolean;
  /** Allowed values, for `enum`. */
  values?: readonly string[];
}

export interface DeclaredEnvVar extends EnvVarDescription {
  name: string;
}

const ENV_VARS = Symbol('keel:env-vars');

/** Declares an environment variable once: its type, description and secrecy live beside its validators. */
export function EnvVar(description: EnvVarDescription): PropertyDecorator {
  return (target, propertyKey) => {
    const declared: DeclaredEnvVar[] = Reflect.getMetadata(ENV_VARS, target) ?? [];
    Reflect.defineMetadata(ENV_VARS, [...declared, { ...description, name: String(propertyKey) }], target);
  };
}

export function declaredEnvVars(schema: { prototype: object }): DeclaredEnvVar[] {
  return Reflect.getMetadata(ENV_VARS, schema.prototype) ?? [];
}

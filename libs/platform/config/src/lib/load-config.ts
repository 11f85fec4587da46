import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import type { ConfigSchema } from './config-schema';
import { ConfigSet } from './config-set';
import { declaredEnvVars } from './env-var.decorator';

export interface ConfigProblem {
  variable: string;
  message: string;
}

/** Start-up refuses a bad environment; the launcher prints `problems` and exits with EX_CONFIG (78). */
export class ConfigInvalidError extends Error {
  readonly code = 'CONFIG_INVALID';

  constructor(readonly problems: ConfigProblem[]) {
    super(`CONFIG_INVALID: ${problems.length} problem(s) in the environment`);
  }
}

/** The exit code sysexits.h reserves for configuration errors. */
export const EXIT_CONFIG_INVALID = 78;

function flatten(errors: ValidationError[]): ConfigProblem[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}).map((message) => ({ variable: error.property, message })),
    ...flatten(error.children ?? []),
  ]);
}

/** One variable, one owner: two classes reading the same name would each get it and disagree on its rules. */
function refuseDuplicateVariables(schemas: readonly ConfigSchema[]): void {
  const owners = new Map<string, string>();
  for (const schema of schemas) {
    for (const { name } of declaredEnvVars(schema)) {
      const owner = owners.get(name);
      if (owner !== undefined) throw new Error(`${name} is declared by both ${owner} and ${schema.name}.`);
      owners.set(name, schema.name);
    }
  }
}

/** The declared variables of `schema` that `env` gives a value; an empty or blank value counts as unset. */
function providedFor(schema: ConfigSchema, env: NodeJS.ProcessEnv): Record<string, string> {
  const provided: Record<string, string> = {};
  for (const { name } of declaredEnvVars(schema)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') provided[name] = value;
  }
  return provided;
}

/**
 * Reads only the declared variables of every class in `schemas` from `env`,
 * applies defaults, and validates all classes together so an operator sees
 * every problem of every context in one go (one line per variable: its first
 * failed rule).
 */
export function loadConfig(env: NodeJS.ProcessEnv, schemas: readonly ConfigSchema[]): ConfigSet {
  refuseDuplicateVariables(schemas);
  const instances = schemas.map((schema) => plainToInstance(schema, providedFor(schema, env)));
  const problems = instances.flatMap((instance) =>
    flatten(validateSync(instance, { forbidUnknownValues: true, stopAtFirstError: true })),
  );
  if (problems.length > 0) throw new ConfigInvalidError(problems);
  return ConfigSet.of(...instances);
}

/** One line per problem, under the stable code, and never a value: secrets stay out of terminals and logs. */
export function formatConfigProblems(error: ConfigInvalidError): string {
  return ['CONFIG_INVALID', ...error.problems.map((problem) => `  ${problem.variable}: ${problem.message}`)].join('\n');
}

import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { declaredEnvVars } from './env-var.decorator';
import { KeelConfig } from './keel-config';

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

/**
 * Reads only the declared variables from `env`, applies defaults, and validates
 * them all at once so an operator sees every problem in one go (one line per
 * variable: its first failed rule). An empty value counts as unset.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): KeelConfig {
  const provided: Record<string, string> = {};
  for (const { name } of declaredEnvVars(KeelConfig)) {
    const value = env[name];
    if (value !== undefined && value.trim() !== '') provided[name] = value;
  }
  const config = plainToInstance(KeelConfig, provided);
  const problems = flatten(validateSync(config, { forbidUnknownValues: true, stopAtFirstError: true }));
  if (problems.length > 0) throw new ConfigInvalidError(problems);
  return config;
}

/** One line per problem, under the stable code, and never a value: secrets stay out of terminals and logs. */
export function formatConfigProblems(error: ConfigInvalidError): string {
  return ['CONFIG_INVALID', ...error.problems.map((problem) => `  ${problem.variable}: ${problem.message}`)].join('\n');
}

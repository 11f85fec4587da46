import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, Min } from 'class-validator';
import { ConfigSection } from './config-section.decorator';
import type { ConfigSchema } from './config-schema';
import { toBoolean, toInteger } from './env-transforms';
import { declaredEnvVars, EnvVar } from './env-var.decorator';
import { KeelConfig } from './keel-config';
import { ConfigInvalidError, ConfigProblem, formatConfigProblems, loadConfig } from './load-config';

/** Stands in for a context's config class beside its code (a kernel lib may not import the real ones). */
@ConfigSection('Example context')
class ExampleContextConfig {
  @EnvVar({ type: 'integer', description: 'Lifetime of an example, in days.' })
  @Transform(toInteger)
  @Min(1)
  @IsInt()
  EXAMPLE_TTL_DAYS = 7;

  @EnvVar({ type: 'boolean', description: 'Whether examples are shown.' })
  @Transform(toBoolean)
  @IsBoolean()
  EXAMPLE_VISIBLE = false;
}

/** A context that, by mistake, declares a kernel variable again. */
@ConfigSection('Clashing context')
class ClashingConfig {
  @EnvVar({ type: 'integer', description: 'The port, again.' })
  @Transform(toInteger)
  @IsInt()
  PORT = 8080;
}

const PROCESS_SCHEMAS: ConfigSchema[] = [KeelConfig, ExampleContextConfig];

/** The kernel's settings as a process with the example context loads them. */
function kernelConfig(env: NodeJS.ProcessEnv): KeelConfig {
  return loadConfig(env, PROCESS_SCHEMAS).get(KeelConfig);
}

/** The problems loadConfig reports for `env`; fails the test when it accepts it. */
function problemsOf(env: Record<string, string>): ConfigProblem[] {
  try {
    loadConfig(env, PROCESS_SCHEMAS);
  } catch (error) {
    if (error instanceof ConfigInvalidError) return error.problems;
    throw error;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

function variablesIn(problems: ConfigProblem[]): string[] {
  return [...new Set(problems.map((problem) => problem.variable))].sort();
}

describe('loadConfig', () => {
  it('should apply every default when the environment is empty', () => {
    const config = kernelConfig({});

    expect(config).toBeInstanceOf(KeelConfig);
    expect({ ...config }).toEqual(
      expect.objectContaining({
        KEEL_ROLE: 'all',
        HOST: '0.0.0.0',
        PORT: 3000,
        DB_MIGRATE_ON_START: true,
        DB_POOL_MAX: 10,
        DB_STATEMENT_TIMEOUT_MS: 30_000,
        EMBEDDED_PG_DIR: '.data/postgres',
        EMBEDDED_PG_PORT: 0,
        BODY_LIMIT_BYTES: 1_048_576,
        REQUEST_TIMEOUT_MS: 30_000,
        SHUTDOWN_GRACE_MS: 10_000,
        CORS_ORIGINS: [],
        TRUST_PROXY: 'false',
        LOG_LEVEL: 'info',
      }),
    );
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('should convert values to the declared types', () => {
    const config = kernelConfig({
      PORT: ' 8080 ',
      DB_MIGRATE_ON_START: 'off',
      DATABASE_URL: 'postgresql://keel:pw@db.internal:5432/keel',
      CORS_ORIGINS: 'https://app.example.com, http://localhost:5173',
      KEEL_ROLE: 'worker',
    });

    expect(config.PORT).toBe(8080);
    expect(config.DB_MIGRATE_ON_START).toBe(false);
    expect(config.DATABASE_URL).toBe('postgresql://keel:pw@db.internal:5432/keel');
    expect(config.CORS_ORIGINS).toEqual(['https://app.example.com', 'http://localhost:5173']);
    expect(config.KEEL_ROLE).toBe('worker');
  });

  it.each(['true', '1', 'yes', 'on', 'TRUE'])('should read %p as a true boolean', (value) => {
    expect(kernelConfig({ DB_MIGRATE_ON_START: value }).DB_MIGRATE_ON_START).toBe(true);
  });

  it.each(['false', '0', 'no', 'off', 'No'])('should read %p as a false boolean', (value) => {
    expect(kernelConfig({ DB_MIGRATE_ON_START: value }).DB_MIGRATE_ON_START).toBe(false);
  });

  it.each(['false', 'true', '2', '10.0.0.0/8', '127.0.0.1, ::1, 192.168.0.0/16'])(
    'should accept the trust-proxy value %p',
    (value) => {
      expect(kernelConfig({ TRUST_PROXY: value }).TRUST_PROXY).toBe(value);
    },
  );

  it('should treat an empty or blank value as unset', () => {
    const config = kernelConfig({ PORT: '', DATABASE_URL: '', LOG_LEVEL: '   ', CORS_ORIGINS: '' });

    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.LOG_LEVEL).toBe('info');
    expect(config.CORS_ORIGINS).toEqual([]);
  });

  it('should ignore variables it does not declare', () => {
    expect(kernelConfig({ PATH: '/usr/bin', NODE_ENV: 'production', PORTS: 'nonsense' }).PORT).toBe(3000);
  });

  it.each<[string, Record<string, string>, string, RegExp]>([
    ['a non-integer port', { PORT: '3000.5' }, 'PORT', /integer/],
    ['a port that is a word', { PORT: 'http' }, 'PORT', /integer/],
    ['a port out of range', { PORT: '70000' }, 'PORT', /not be greater than 65535/],
    [
      'a negative statement timeout',
      { DB_STATEMENT_TIMEOUT_MS: '-1' },
      'DB_STATEMENT_TIMEOUT_MS',
      /not be less than 0/,
    ],
    ['an empty pool', { DB_POOL_MAX: '0' }, 'DB_POOL_MAX', /not be less than 1/],
    ['an unknown role', { KEEL_ROLE: 'scheduler' }, 'KEEL_ROLE', /all, api, worker/],
    ['an unknown log level', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL', /one of the following values/],
    ['a boolean that is neither yes nor no', { DB_MIGRATE_ON_START: 'maybe' }, 'DB_MIGRATE_ON_START', /boolean/],
    ['a database URL of another scheme', { DATABASE_URL: 'mysql://keel@db/keel' }, 'DATABASE_URL', /postgres:\/\//],
    ['a CORS origin with a path', { CORS_ORIGINS: 'https://app.example.com/login' }, 'CORS_ORIGINS', /origin/],
    [
      'a CORS origin without a scheme',
      { CORS_ORIGINS: 'https://ok.example,app.example.com' },
      'CORS_ORIGINS',
      /origin/,
    ],
    ['a context variable out of range', { EXAMPLE_TTL_DAYS: '0' }, 'EXAMPLE_TTL_DAYS', /not be less than 1/],
    ['a context boolean that is neither yes nor no', { EXAMPLE_VISIBLE: 'perhaps' }, 'EXAMPLE_VISIBLE', /boolean/],
    // Fastify compiles TRUST_PROXY when the HTTP adapter is built; a value it refuses must not get that far.
    ['a trust-proxy value that is no address', { TRUST_PROXY: 'yes' }, 'TRUST_PROXY', /proxy|address|hop/i],
  ])('should refuse %s, naming the variable', (_case, env, variable, message) => {
    const problems = problemsOf(env);

    expect(variablesIn(problems)).toEqual([variable]);
    expect(problems.map((problem) => problem.message).join('\n')).toMatch(message);
  });

  it('should report every problem at once', () => {
    const problems = problemsOf({
      PORT: 'eighty',
      KEEL_ROLE: 'everything',
      DB_MIGRATE_ON_START: 'sometimes',
      DATABASE_URL: 'redis://cache:6379',
      CORS_ORIGINS: '*',
      HOST: 'localhost',
    });

    expect(variablesIn(problems)).toEqual(['CORS_ORIGINS', 'DATABASE_URL', 'DB_MIGRATE_ON_START', 'KEEL_ROLE', 'PORT']);
  });

  it("should report the kernel's and every context's problems together, kernel first", () => {
    const problems = problemsOf({ EXAMPLE_TTL_DAYS: '-3', PORT: 'eighty', EXAMPLE_VISIBLE: 'often' });

    expect(problems.map((problem) => problem.variable)).toEqual(['PORT', 'EXAMPLE_TTL_DAYS', 'EXAMPLE_VISIBLE']);
  });

  it('should give each class its own validated instance, with its defaults', () => {
    const configs = loadConfig({ EXAMPLE_TTL_DAYS: ' 30 ' }, PROCESS_SCHEMAS);

    expect(configs.get(ExampleContextConfig)).toBeInstanceOf(ExampleContextConfig);
    expect({ ...configs.get(ExampleContextConfig) }).toEqual({ EXAMPLE_TTL_DAYS: 30, EXAMPLE_VISIBLE: false });
    expect(configs.get(KeelConfig).PORT).toBe(3000);
    expect(configs.instances).toHaveLength(2);
  });

  it('should refuse to hand out a class the process did not load', () => {
    expect(() => loadConfig({}, [KeelConfig]).get(ExampleContextConfig)).toThrow(/ExampleContextConfig was not loaded/);
  });

  it('should refuse two classes that declare the same variable', () => {
    expect(() => loadConfig({}, [KeelConfig, ClashingConfig])).toThrow(
      /PORT is declared by both KeelConfig and ClashingConfig/,
    );
  });
});

describe('formatConfigProblems', () => {
  const leakedPassword = 'hunter2-s3cret';

  function formatted(env: Record<string, string>): string {
    try {
      loadConfig(env, PROCESS_SCHEMAS);
    } catch (error) {
      if (error instanceof ConfigInvalidError) return formatConfigProblems(error);
      throw error;
    }
    throw new Error('loadConfig accepted the environment');
  }

  it('should print CONFIG_INVALID, then one line per problem naming its variable', () => {
    const lines = formatted({ PORT: '99999', LOG_LEVEL: 'loud' }).split('\n');

    expect(lines[0]).toBe('CONFIG_INVALID');
    expect(lines.slice(1)).toEqual([
      '  PORT: PORT must not be greater than 65535',
      '  LOG_LEVEL: LOG_LEVEL must be one of the following values: fatal, error, warn, info, debug, trace, silent',
    ]);
  });

  it("should print a context's problem like the kernel's, one line naming its variable", () => {
    expect(formatted({ EXAMPLE_TTL_DAYS: 'a week', LOG_LEVEL: 'loud' }).split('\n')).toEqual([
      'CONFIG_INVALID',
      '  LOG_LEVEL: LOG_LEVEL must be one of the following values: fatal, error, warn, info, debug, trace, silent',
      '  EXAMPLE_TTL_DAYS: EXAMPLE_TTL_DAYS must be an integer number',
    ]);
  });

  it('should print one line for a variable that breaks several rules: the first one', () => {
    expect(formatted({ PORT: '3000.5' }).split('\n')).toEqual([
      'CONFIG_INVALID',
      '  PORT: PORT must be an integer number',
    ]);
  });

  it('should print no stack trace', () => {
    expect(formatted({ PORT: 'x' })).not.toMatch(/\n\s+at /);
  });

  it('should declare DATABASE_URL as a secret', () => {
    const secrets = declaredEnvVars(KeelConfig).filter((variable) => variable.secret);

    expect(secrets.map((variable) => variable.name)).toContain('DATABASE_URL');
  });

  it('should never print the password of a refused DATABASE_URL', () => {
    const output = formatted({ DATABASE_URL: `mysql://keel:${leakedPassword}@db.internal/keel` });

    expect(output).toMatch(/^ {2}DATABASE_URL: /m);
    expect(output).not.toContain(leakedPassword);
    expect(output).not.toContain('db.internal');
  });

  it.each(declaredEnvVars(KeelConfig).filter((variable) => variable.secret))(
    'should never print any part of a bad value of the secret $name',
    ({ name }) => {
      const output = formatted({ [name]: `not a valid value ${leakedPassword}` });

      expect(output).toContain(`  ${name}: `);
      expect(output).not.toContain(leakedPassword);
    },
  );
});

import { findFreePort } from '@keel/platform-database';
import { runKeelCommand } from '@keel/platform-testing';

const EX_CONFIG = 78;
const SECRET = 's3cretvalue';
const STACK_FRAME = /^\s+at /m;

describe('start-up with a bad environment', () => {
  let exit: { code: number | null; output: string };

  beforeAll(async () => {
    exit = await runKeelCommand({
      env: {
        PORT: 'abc',
        LOG_LEVEL: 'loud',
        DATABASE_URL: `mysql://user:${SECRET}@x/y`,
        KEEL_ROLE: 'boss',
        DB_MIGRATE_ON_START: 'maybe',
        CORS_ORIGINS: 'https://app.example.com,ftp://files.example.com',
        // Declared by the mail kernel lib, the tenancy context and the automation context, not the kernel's class.
        SMTP_URL: `https://mailer:${SECRET}@mail.example.com`,
        INVITE_TTL_DAYS: '90',
        WEBHOOK_TIMEOUT_MS: 'soon',
      },
    });
  });

  it('should exit with code 78 (EX_CONFIG)', () => {
    expect(exit.code).toBe(EX_CONFIG);
  });

  it('should start its output with CONFIG_INVALID', () => {
    expect(exit.output.startsWith('CONFIG_INVALID\n')).toBe(true);
  });

  it('should list every problem on its own line, naming the variable', () => {
    const problemLines = exit.output.trim().split('\n').slice(1);
    const named = problemLines.map((line) => /^\s+([A-Z][A-Z0-9_]*): \S/.exec(line)?.[1]);

    expect(named).not.toContain(undefined);
    expect(new Set(named)).toEqual(
      new Set([
        'PORT',
        'LOG_LEVEL',
        'DATABASE_URL',
        'KEEL_ROLE',
        'DB_MIGRATE_ON_START',
        'CORS_ORIGINS',
        'SMTP_URL',
        'INVITE_TTL_DAYS',
        'WEBHOOK_TIMEOUT_MS',
      ]),
    );
  });

  it('should print no stack trace', () => {
    expect(exit.output).not.toMatch(STACK_FRAME);
  });

  it('should never print the value of a secret', () => {
    expect(exit.output).not.toContain(SECRET);
  });
});

describe('start-up with a good environment but an unreachable database', () => {
  let exit: { code: number | null; output: string };

  beforeAll(async () => {
    const closedPort = await findFreePort();
    exit = await runKeelCommand({
      env: { PORT: '0', DATABASE_URL: `postgres://keel:${SECRET}@127.0.0.1:${closedPort}/keel` },
    });
  });

  it('should exit with a failure code, not 0 and not the configuration code', () => {
    expect(exit.code).not.toBe(0);
    expect(exit.code).not.toBe(EX_CONFIG);
  });

  it('should say why in a log line and never print the database password', () => {
    expect(exit.output).toMatch(/"level":"fatal"/);
    expect(exit.output).not.toContain(SECRET);
  });
});

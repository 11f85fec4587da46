import { findFreePort } from '@keel/platform-database';
import { runKeelCommand } from '@keel/platform-testing';
import { startKeelOnTestDatabase } from './support/keel-on-test-database';
import { parseLogLines } from './support/log-lines';
import { pollUntil } from './support/poll';
import { signUp } from './support/keel-people';

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

describe('start-up in production without a mail server', () => {
  it('should refuse to start (EX_CONFIG) and say to set SMTP_URL or MAIL_TRANSPORT=log, instead of logging every link', async () => {
    const exit = await runKeelCommand({
      env: { NODE_ENV: 'production', SMTP_URL: undefined, MAIL_TRANSPORT: undefined },
    });

    expect(exit.code).toBe(EX_CONFIG);
    expect(exit.output.trim().split('\n')).toEqual([
      'CONFIG_INVALID',
      expect.stringMatching(/^ {2}MAIL_TRANSPORT: .*production.*SMTP_URL.*MAIL_TRANSPORT=log/),
    ]);
  });
});

describe('production with MAIL_TRANSPORT=log chosen on purpose', () => {
  it('should start, and log each mail with its link but never the link’s token', async () => {
    const keel = await startKeelOnTestDatabase({ NODE_ENV: 'production', MAIL_TRANSPORT: 'log', SMTP_URL: undefined });
    try {
      const person = await signUp(keel.keel.url, 'logged-mail');

      const mailLine = await pollUntil(
        'the verification mail in the log',
        async () =>
          parseLogLines(keel.keel.output()).find(
            (line) => typeof line['msg'] === 'string' && line['msg'].includes(`To: ${person.email}`),
          ),
        (line) => line !== undefined,
      );
      expect(String(mailLine?.['msg'])).toMatch(/\/verify-email\?token=\[redacted\]/);
      const tokens = await keel.database.dataSource.query(
        `SELECT count(*)::int AS count FROM user_tokens t JOIN users u ON u.id = t.user_id WHERE u.email = $1`,
        [person.email],
      );
      expect(tokens).toEqual([{ count: 1 }]);
      expect(keel.keel.output()).not.toMatch(/token=(?!\[redacted\])[A-Za-z0-9_-]{20,}/);
    } finally {
      await keel.stop();
    }
  });
});

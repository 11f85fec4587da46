import { ConfigInvalidError, loadConfig } from '@keel/platform-config';
import { MailConfig } from './mail-config';
import { mailViewerMode } from './mail-viewer';

function mailConfig(env: NodeJS.ProcessEnv): MailConfig {
  return loadConfig(env, [MailConfig]).get(MailConfig);
}

/** The mail settings declared in MailConfig (SMTP_URL, MAIL_FROM), as MailModule.forRoot receives them. */
describe('mail configuration', () => {
  it('should log mails by default, from a local no-reply address', () => {
    const config = mailConfig({});

    expect(config.SMTP_URL).toBeUndefined();
    expect(config.MAIL_FROM).toBe('Keel <no-reply@localhost>');
  });

  it('should accept smtp:// and smtps:// URLs', () => {
    expect(mailConfig({ SMTP_URL: 'smtp://mail.internal:25' }).SMTP_URL).toBe('smtp://mail.internal:25');
    expect(mailConfig({ SMTP_URL: 'smtps://user:pw@smtp.example.com:465' }).SMTP_URL).toBe(
      'smtps://user:pw@smtp.example.com:465',
    );
  });

  it('should refuse other URLs with a clear message that does not repeat the secret', () => {
    let error: unknown;
    try {
      loadConfig({ SMTP_URL: 'https://user:s3cret@smtp.example.com' }, [MailConfig]);
    } catch (caught) {
      error = caught;
    }

    expect(error).toBeInstanceOf(ConfigInvalidError);
    const problems = (error as ConfigInvalidError).problems;
    expect(problems.map((problem) => problem.variable)).toEqual(['SMTP_URL']);
    expect(JSON.stringify(problems)).toContain('must be an smtp:// or smtps:// URL');
    expect(JSON.stringify(problems)).not.toContain('s3cret');
  });
});

describe('choosing how mail leaves (MAIL_TRANSPORT)', () => {
  function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
    try {
      loadConfig(env, [MailConfig]);
      return [];
    } catch (error) {
      if (error instanceof ConfigInvalidError) return error.problems;
      throw error;
    }
  }

  it('should refuse to start in production without SMTP_URL unless MAIL_TRANSPORT=log is set on purpose', () => {
    expect(problemsOf({ NODE_ENV: 'production' })).toEqual([
      {
        variable: 'MAIL_TRANSPORT',
        message: expect.stringMatching(/must be chosen in production.*SMTP_URL.*MAIL_TRANSPORT=log/),
      },
    ]);
    expect(problemsOf({ NODE_ENV: 'production', MAIL_TRANSPORT: 'log' })).toEqual([]);
    expect(problemsOf({ NODE_ENV: 'production', SMTP_URL: 'smtp://mail.internal:25' })).toEqual([]);
  });

  it('should keep logging mail by default outside production', () => {
    expect(problemsOf({})).toEqual([]);
    expect(problemsOf({ NODE_ENV: 'development' })).toEqual([]);
  });

  it('should refuse a NODE_ENV it does not know, so a misspelt production cannot switch its checks off', () => {
    expect(problemsOf({ NODE_ENV: 'prod' })).toEqual([expect.objectContaining({ variable: 'NODE_ENV' })]);
  });

  it('should refuse smtp without a server, and transports it does not know', () => {
    expect(problemsOf({ MAIL_TRANSPORT: 'smtp' })).toEqual([
      { variable: 'MAIL_TRANSPORT', message: 'MAIL_TRANSPORT is smtp, but SMTP_URL is unset' },
    ]);
    expect(problemsOf({ MAIL_TRANSPORT: 'pigeon' })).toEqual([
      { variable: 'MAIL_TRANSPORT', message: 'MAIL_TRANSPORT must be one of: smtp, log' },
    ]);
  });
});

describe('the development mail viewer (MAIL_VIEWER)', () => {
  function viewerOf(env: Record<string, string>): string {
    return mailViewerMode(loadConfig(env, [MailConfig]).get(MailConfig));
  }

  function problemsOf(env: Record<string, string>): { variable: string; message: string }[] {
    try {
      loadConfig(env, [MailConfig]);
      return [];
    } catch (error) {
      if (error instanceof ConfigInvalidError) return error.problems;
      throw error;
    }
  }

  it('should serve this machine by default in development while mail is only logged', () => {
    expect(viewerOf({})).toBe('local');
    expect(viewerOf({ NODE_ENV: 'development' })).toBe('local');
    expect(viewerOf({ NODE_ENV: 'development', MAIL_TRANSPORT: 'log', SMTP_URL: 'smtp://mail.internal:25' })).toBe(
      'local',
    );
  });

  it('should be off by default in test and production, and with an SMTP server', () => {
    expect(viewerOf({ NODE_ENV: 'test' })).toBe('off');
    expect(viewerOf({ NODE_ENV: 'production', MAIL_TRANSPORT: 'log' })).toBe('off');
    expect(viewerOf({ SMTP_URL: 'smtp://mail.internal:25' })).toBe('off');
  });

  it('should turn on in test when a suite asks for it', () => {
    expect(viewerOf({ NODE_ENV: 'test', MAIL_VIEWER: 'on' })).toBe('on');
  });

  it('should refuse to start with the viewer on in production, or beside an SMTP server', () => {
    expect(problemsOf({ NODE_ENV: 'production', MAIL_TRANSPORT: 'log', MAIL_VIEWER: 'local' })).toEqual([
      { variable: 'MAIL_VIEWER', message: expect.stringMatching(/cannot be on in production/) },
    ]);
    expect(problemsOf({ SMTP_URL: 'smtp://mail.internal:25', MAIL_VIEWER: 'on' })).toEqual([
      { variable: 'MAIL_VIEWER', message: expect.stringMatching(/unset MAIL_VIEWER or SMTP_URL/) },
    ]);
    expect(problemsOf({ MAIL_VIEWER: 'yes' })).toEqual([
      { variable: 'MAIL_VIEWER', message: 'MAIL_VIEWER must be one of: off, local, on' },
    ]);
    expect(problemsOf({ NODE_ENV: 'production', MAIL_TRANSPORT: 'log', MAIL_VIEWER: 'off' })).toEqual([]);
  });
});

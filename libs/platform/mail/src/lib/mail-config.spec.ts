import { ConfigInvalidError, loadConfig } from '@keel/platform-config';
import { MailConfig } from './mail-config';

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

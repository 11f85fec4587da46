import { NestFactory } from '@nestjs/core';
import { LogMailer } from './log-mailer';
import { MailModule } from './mail.module';
import { Mailer } from './mailer';
import { SmtpMailer } from './smtp-mailer';

describe('MailModule', () => {
  const from = 'Keel <no-reply@localhost>';

  it('should provide the LogMailer when no SMTP URL is configured', async () => {
    const app = await NestFactory.createApplicationContext(MailModule.forRoot({ from }), { logger: false });
    try {
      expect(app.get(Mailer)).toBeInstanceOf(LogMailer);
    } finally {
      await app.close();
    }
  });

  it('should provide the SmtpMailer when an SMTP URL is configured and close it on shutdown', async () => {
    const app = await NestFactory.createApplicationContext(
      MailModule.forRoot({ smtpUrl: 'smtp://127.0.0.1:2525', from }),
      { logger: false },
    );
    const mailer = app.get(Mailer);
    expect(mailer).toBeInstanceOf(SmtpMailer);
    const close = jest.spyOn(mailer as SmtpMailer, 'close');

    await app.close();

    expect(close).toHaveBeenCalledTimes(1);
  });

  it('should refuse an SMTP URL that is not smtp:// or smtps://, without echoing it', async () => {
    await expect(
      NestFactory.createApplicationContext(
        MailModule.forRoot({ smtpUrl: 'http://user:s3cret@mail.example.com', from }),
        { logger: false, abortOnError: false },
      ),
    ).rejects.toThrow(/smtp:\/\/ or smtps:\/\/, not http:\/\//);
  });
});

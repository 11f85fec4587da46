import { DynamicModule, Global, Module } from '@nestjs/common';
import { DevMailController, MAIL_VIEWER_MODE } from './dev-mail.controller';
import { DevMailbox } from './dev-mailbox';
import { LogMailer } from './log-mailer';
import { MailOptions } from './mail-options';
import { Mailer } from './mailer';
import { SmtpMailer } from './smtp-mailer';

/**
 * Provides the Mailer port everywhere: SMTP when `smtpUrl` is set, otherwise the LogMailer,
 * which only logs each mail (development, or MAIL_TRANSPORT=log chosen on purpose) and keeps
 * the last ones in the DevMailbox unless its links are redacted (production). With `viewer`
 * on or local, /dev/mail shows them; otherwise the route does not exist (404).
 */
@Global()
@Module({})
export class MailModule {
  static forRoot(options: MailOptions): DynamicModule {
    const redactLinks = options.redactLoggedLinks ?? false;
    const viewer = options.viewer ?? 'off';
    return {
      module: MailModule,
      controllers: viewer === 'off' ? [] : [DevMailController],
      providers: [
        DevMailbox,
        { provide: MAIL_VIEWER_MODE, useValue: viewer },
        {
          provide: Mailer,
          inject: [DevMailbox],
          useFactory: (mailbox: DevMailbox): Mailer =>
            options.smtpUrl
              ? new SmtpMailer({ smtpUrl: options.smtpUrl, from: options.from })
              : new LogMailer({ from: options.from, redactLinks, mailbox: redactLinks ? undefined : mailbox }),
        },
      ],
      exports: [Mailer, DevMailbox],
    };
  }
}

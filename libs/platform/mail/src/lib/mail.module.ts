import { DynamicModule, Global, Module } from '@nestjs/common';
import { LogMailer } from './log-mailer';
import { MailOptions } from './mail-options';
import { Mailer } from './mailer';
import { SmtpMailer } from './smtp-mailer';

/**
 * Provides the Mailer port everywhere: SMTP when `smtpUrl` is set, otherwise the LogMailer,
 * which only logs each mail (development, or MAIL_TRANSPORT=log chosen on purpose).
 */
@Global()
@Module({})
export class MailModule {
  static forRoot(options: MailOptions): DynamicModule {
    return {
      module: MailModule,
      providers: [
        {
          provide: Mailer,
          useFactory: (): Mailer =>
            options.smtpUrl
              ? new SmtpMailer({ smtpUrl: options.smtpUrl, from: options.from })
              : new LogMailer({ from: options.from, redactLinks: options.redactLoggedLinks ?? false }),
        },
      ],
      exports: [Mailer],
    };
  }
}

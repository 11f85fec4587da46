export { Mailer } from './lib/mailer';
export type { MailMessage } from './lib/mail-message';
export { MailModule } from './lib/mail.module';
export type { MailOptions } from './lib/mail-options';
export { SmtpMailer } from './lib/smtp-mailer';
export type { SmtpMailerOptions, SmtpTimeouts } from './lib/smtp-mailer';
export { LogMailer } from './lib/log-mailer';
export { MailConfig } from './lib/mail-config';

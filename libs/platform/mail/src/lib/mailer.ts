import { MailMessage } from './mail-message';

/**
 * Port for sending mail (verification, password reset, invites). An abstract class so it can be
 * injected by type: `constructor(private readonly mailer: Mailer)`. MailModule binds it to
 * SmtpMailer when SMTP_URL is set, and to LogMailer (development only) when it is not.
 */
export abstract class Mailer {
  /** Resolves once the mail has been accepted for delivery; rejects when it could not be handed over. */
  abstract send(message: MailMessage): Promise<void>;
}

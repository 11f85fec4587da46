import { Logger } from '@nestjs/common';
import { MailMessage } from './mail-message';
import { Mailer } from './mailer';

/**
 * Development default used when SMTP_URL is unset: sends nothing and logs each mail (recipient,
 * subject and plain-text body) at info level, so a developer can follow the link in it.
 * Not for production: the log then carries single-use tokens and no mail reaches anyone.
 */
export class LogMailer extends Mailer {
  private readonly logger = new Logger('Mail');

  constructor(private readonly from: string) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    this.logger.log(
      `Mail not sent (SMTP_URL is unset), logged instead.\nFrom: ${this.from}\nTo: ${message.to}\nSubject: ${message.subject}\n\n${message.text}`,
    );
  }
}

import { Logger } from '@nestjs/common';
import { DevMailbox } from './dev-mailbox';
import { MailMessage } from './mail-message';
import { Mailer } from './mailer';

/** A link's `token` query parameter (verify, reset, invite links), whatever else the link carries. */
const LINK_TOKEN = /([?&]token=)[^\s&#"'<>]+/g;

/** The text with every link token replaced by `[redacted]`: the link stays readable, the token stays secret. */
export function redactLinkTokens(text: string): string {
  return text.replace(LINK_TOKEN, '$1[redacted]');
}

export interface LogMailerOptions {
  from: string;
  /**
   * Hide link tokens (in production, where MAIL_TRANSPORT=log was chosen on
   * purpose): a log is read by more people, and kept longer, than a mailbox.
   */
  redactLinks: boolean;
  /** Where each mail is also kept for /dev/mail; never given with `redactLinks` (production). */
  mailbox?: DevMailbox;
}

/**
 * Used when SMTP_URL is unset (development) or MAIL_TRANSPORT=log: sends
 * nothing and logs each mail (recipient, subject and plain-text body) at info
 * level. In development the links are whole, so a developer can follow them
 * (and the last mails are kept for /dev/mail); with `redactLinks` their
 * tokens are hidden.
 */
export class LogMailer extends Mailer {
  private readonly logger = new Logger('Mail');

  constructor(private readonly options: LogMailerOptions) {
    super();
  }

  async send(message: MailMessage): Promise<void> {
    this.options.mailbox?.keep(this.options.from, message);
    const text = this.options.redactLinks ? redactLinkTokens(message.text) : message.text;
    const tokens = this.options.redactLinks ? ' (link tokens hidden)' : '';
    this.logger.log(
      `Mail not sent (no SMTP server configured), logged instead${tokens}.\nFrom: ${this.options.from}\nTo: ${message.to}\nSubject: ${message.subject}\n\n${text}`,
    );
  }
}

import { randomUUID } from 'node:crypto';
import { MailMessage } from './mail-message';

/** One mail the log transport kept, as /dev/mail.json shows it. */
export interface KeptMail {
  id: string;
  /** ISO-8601 UTC. */
  sentAt: string;
  from: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** How many mails are kept: enough for a development session, little memory. */
export const DEV_MAILBOX_SIZE = 50;

/**
 * The last DEV_MAILBOX_SIZE mails this process's LogMailer logged instead of
 * sending, newest first, in memory only: what /dev/mail shows (and what
 * `seed` reads its verification link from). Each process has its own; a
 * restart empties it.
 */
export class DevMailbox {
  private readonly mails: KeptMail[] = [];

  keep(from: string, message: MailMessage): KeptMail {
    const mail: KeptMail = {
      id: randomUUID(),
      sentAt: new Date().toISOString(),
      from,
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html === undefined ? {} : { html: message.html }),
    };
    this.mails.unshift(mail);
    this.mails.length = Math.min(this.mails.length, DEV_MAILBOX_SIZE);
    return mail;
  }

  /** Newest first. */
  list(): KeptMail[] {
    return [...this.mails];
  }
}

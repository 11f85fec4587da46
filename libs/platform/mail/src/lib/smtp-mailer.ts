import { OnModuleDestroy } from '@nestjs/common';
import { createTransport, Transporter } from 'nodemailer';
import SMTPTransport from 'nodemailer/lib/smtp-transport';
import { MailMessage } from './mail-message';
import { Mailer } from './mailer';
import { parseSmtpUrl } from './smtp-url';

/** How long each SMTP step may take before `send` rejects, in milliseconds. */
export interface SmtpTimeouts {
  /** Establishing the TCP (or TLS) connection. */
  connectionMs: number;
  /** Waiting for the server's greeting once connected. */
  greetingMs: number;
  /** Inactivity on an open connection. */
  socketMs: number;
}

export interface SmtpMailerOptions {
  /** `smtp://[user:pass@]host[:port]` (STARTTLS when offered) or `smtps://…` (implicit TLS). */
  smtpUrl: string;
  /** Sender of every mail. */
  from: string;
  timeouts?: Partial<SmtpTimeouts>;
}

const DEFAULT_TIMEOUTS: SmtpTimeouts = { connectionMs: 10_000, greetingMs: 10_000, socketMs: 30_000 };

/** Mailer adapter that hands mails to an SMTP server through one nodemailer transport. */
export class SmtpMailer extends Mailer implements OnModuleDestroy {
  private readonly transport: Transporter<SMTPTransport.SentMessageInfo>;

  constructor(options: SmtpMailerOptions) {
    super();
    const timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
    // Built from the parsed URL rather than nodemailer's `url` option: with `url`, createTransport
    // ignores every other option, timeouts included.
    this.transport = createTransport(
      {
        ...parseSmtpUrl(options.smtpUrl),
        connectionTimeout: timeouts.connectionMs,
        greetingTimeout: timeouts.greetingMs,
        socketTimeout: timeouts.socketMs,
      },
      { from: options.from },
    );
  }

  async send(message: MailMessage): Promise<void> {
    await this.transport.sendMail({
      to: message.to,
      subject: message.subject,
      text: message.text,
      ...(message.html === undefined ? {} : { html: message.html }),
    });
  }

  onModuleDestroy(): void {
    this.close();
  }

  /** Closes the transport's connections; no mail can be sent afterwards. */
  close(): void {
    this.transport.close();
  }
}

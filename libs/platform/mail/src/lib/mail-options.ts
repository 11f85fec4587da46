import type { MailViewerMode } from './mail-viewer';

export interface MailOptions {
  /**
   * `smtp://user:pass@host:port` or `smtps://…` (implicit TLS). When unset, mails are only
   * logged (LogMailer), which is meant for development.
   */
  smtpUrl?: string;
  /** Sender of every mail, e.g. `Keel <no-reply@example.com>`. */
  from: string;
  /** Hide link tokens in logged mails (LogMailer only); the runtime sets it in production. */
  redactLoggedLinks?: boolean;
  /** Serve /dev/mail (the mails the LogMailer kept), and to whom; default off. */
  viewer?: MailViewerMode;
}

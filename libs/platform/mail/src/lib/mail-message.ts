/** One outgoing mail. The sender address is not part of it: it comes from configuration (MAIL_FROM). */
export interface MailMessage {
  /** Recipient address. */
  to: string;
  subject: string;
  /** Plain-text body; always present so every client (and the development log) can show it. */
  text: string;
  /** Optional HTML alternative of `text`. */
  html?: string;
}

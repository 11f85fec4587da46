/** Where and how to reach the SMTP server, as read from an smtp:// or smtps:// URL. */
export interface SmtpEndpoint {
  host: string;
  /** Absent: nodemailer's default (587 for smtp://, 465 for smtps://). */
  port?: number;
  /** true for smtps:// (TLS from the first byte); smtp:// upgrades with STARTTLS when the server offers it. */
  secure: boolean;
  auth?: { user: string; pass: string };
}

/**
 * Reads `smtp://[user[:pass]@]host[:port]` or `smtps://…`; user and password are percent-decoded.
 * Errors never repeat the URL, which may carry a password. Query parameters are not interpreted.
 */
export function parseSmtpUrl(smtpUrl: string): SmtpEndpoint {
  let url: URL;
  try {
    url = new URL(smtpUrl);
  } catch {
    throw new Error('SMTP URL is not a valid URL (expected smtp://host[:port] or smtps://host[:port])');
  }
  if (url.protocol !== 'smtp:' && url.protocol !== 'smtps:') {
    throw new Error(`SMTP URL must use smtp:// or smtps://, not ${url.protocol}//`);
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  if (host === '') throw new Error('SMTP URL has no host (expected smtp://host[:port] or smtps://host[:port])');
  return {
    host,
    ...(url.port === '' ? {} : { port: Number(url.port) }),
    secure: url.protocol === 'smtps:',
    ...(url.username === ''
      ? {}
      : { auth: { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } }),
  };
}

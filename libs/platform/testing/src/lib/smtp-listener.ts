import { AddressInfo } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** For integration and end-to-end specs: a real SMTP server on 127.0.0.1 (no TLS, no auth) that keeps every mail it accepts. */
export interface SmtpListener {
  url: string;
  received: ParsedMail[];
  /** The next mail to `address` not yet taken, waiting for it to arrive (it may be handed over after the call returned). */
  nextMailTo(address: string, timeoutMs?: number): Promise<ParsedMail>;
  stop(): Promise<void>;
}

function recipients(mail: ParsedMail): string[] {
  const to = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
  return to.flatMap((group) => group.value.map((address) => address.address ?? ''));
}

export async function startSmtpListener(): Promise<SmtpListener> {
  const received: ParsedMail[] = [];
  const taken = new Set<ParsedMail>();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push(mail);
          callback();
        })
        .catch((error: Error) => callback(error));
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;

  async function nextMailTo(address: string, timeoutMs = 5_000): Promise<ParsedMail> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const mail = received.find((candidate) => !taken.has(candidate) && recipients(candidate).includes(address));
      if (mail) {
        taken.add(mail);
        return mail;
      }
      if (Date.now() > deadline) throw new Error(`No mail to ${address} arrived within ${timeoutMs} ms.`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    nextMailTo,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** The token of the first link to `<appUrl>/<page>?token=…` in a mail's text. */
export function tokenInMail(mail: ParsedMail, appUrl: string, page: string): string {
  const text = mail.text ?? '';
  const start = text.indexOf(`${appUrl}/${page}?token=`);
  if (start < 0) throw new Error(`The mail holds no ${page} link:\n${text}`);
  const link = new URL(text.slice(start).split(/\s/)[0]);
  const token = link.searchParams.get('token');
  if (!token) throw new Error(`The ${page} link carries no token.`);
  return token;
}

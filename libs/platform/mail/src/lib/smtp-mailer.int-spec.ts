import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { SmtpMailer } from './smtp-mailer';

interface Received {
  envelopeFrom: string | false;
  envelopeTo: string[];
  mail: ParsedMail;
}

/** A real SMTP listener on 127.0.0.1 (no TLS, no auth) that parses and keeps every message it accepts. */
async function startSmtpListener(): Promise<{ port: number; received: Received[]; stop: () => Promise<void> }> {
  const received: Received[] = [];
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream)
        .then((mail) => {
          received.push({
            envelopeFrom: session.envelope.mailFrom === false ? false : session.envelope.mailFrom.address,
            envelopeTo: session.envelope.rcptTo.map((rcpt) => rcpt.address),
            mail,
          });
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
  return { port, received, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

/** A TCP port on 127.0.0.1 on which nothing listens (taken, then released). */
async function freeClosedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

describe('SmtpMailer (real SMTP listener)', () => {
  const from = 'Keel <no-reply@keel.test>';
  let listener: Awaited<ReturnType<typeof startSmtpListener>>;
  let mailer: SmtpMailer;

  beforeAll(async () => {
    listener = await startSmtpListener();
    mailer = new SmtpMailer({ smtpUrl: `smtp://127.0.0.1:${listener.port}`, from });
  });

  afterAll(async () => {
    mailer.close();
    await listener.stop();
  });

  it('should deliver the mail with the configured sender, recipient, subject and text', async () => {
    const link = 'http://localhost:3000/v1/auth/email/verify?token=k3el_Verify-Token_0123456789';

    await mailer.send({
      to: 'ada@example.com',
      subject: 'Verify your email address',
      text: `Welcome to Keel.\n\nOpen ${link} to verify your address.\n`,
    });

    expect(listener.received).toHaveLength(1);
    const [{ envelopeFrom, envelopeTo, mail }] = listener.received;
    expect(envelopeFrom).toBe('no-reply@keel.test');
    expect(envelopeTo).toEqual(['ada@example.com']);
    expect(mail.from?.value).toEqual([{ address: 'no-reply@keel.test', name: 'Keel' }]);
    const to = Array.isArray(mail.to) ? mail.to.flatMap((address) => address.value) : (mail.to?.value ?? []);
    expect(to.map((address) => address.address)).toEqual(['ada@example.com']);
    expect(mail.subject).toBe('Verify your email address');
    expect(mail.text).toContain(link);
    expect(mail.html).toBe(false);
  });

  it('should send the HTML alternative when one is given, on the same transport', async () => {
    listener.received.length = 0;

    await mailer.send({
      to: 'grace@example.com',
      subject: 'You are invited',
      text: 'Join the workspace: http://localhost:3000/invites/accept?token=abc',
      html: '<p>Join the <a href="http://localhost:3000/invites/accept?token=abc">workspace</a></p>',
    });

    expect(listener.received).toHaveLength(1);
    const [{ mail }] = listener.received;
    expect(mail.subject).toBe('You are invited');
    expect(mail.text).toContain('http://localhost:3000/invites/accept?token=abc');
    expect(mail.html).toContain('href="http://localhost:3000/invites/accept?token=abc"');
  });

  it('should log in with the credentials of the URL', async () => {
    const logins: { username: string; password: string }[] = [];
    const guarded = new SMTPServer({
      secure: false,
      disabledCommands: ['STARTTLS'],
      allowInsecureAuth: true,
      logger: false,
      onAuth(auth, _session, callback) {
        logins.push({ username: auth.username ?? '', password: auth.password ?? '' });
        callback(null, { user: auth.username });
      },
      onData(stream, _session, callback) {
        stream.on('end', () => callback());
        stream.resume();
      },
    });
    await new Promise<void>((resolve) => guarded.listen(0, '127.0.0.1', () => resolve()));
    const { port } = guarded.server.address() as AddressInfo;
    const authenticated = new SmtpMailer({ smtpUrl: `smtp://mailer%40keel.test:p%40ss@127.0.0.1:${port}`, from });
    try {
      await authenticated.send({ to: 'ada@example.com', subject: 'Hello', text: 'Hello' });
      expect(logins).toEqual([{ username: 'mailer@keel.test', password: 'p@ss' }]);
    } finally {
      authenticated.close();
      await new Promise<void>((resolve) => guarded.close(() => resolve()));
    }
  });

  it('should reject when the SMTP server cannot be reached', async () => {
    const port = await freeClosedPort();
    const unreachable = new SmtpMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from });
    try {
      await expect(unreachable.send({ to: 'ada@example.com', subject: 'Hello', text: 'Hello' })).rejects.toThrow(
        /ECONNREFUSED/,
      );
    } finally {
      unreachable.close();
    }
  });

  it('should reject instead of hanging when the server accepts the connection but never greets', async () => {
    const sockets = new Set<Socket>();
    const silent: Server = createServer((socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
    });
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
    const { port } = silent.address() as AddressInfo;
    const mute = new SmtpMailer({ smtpUrl: `smtp://127.0.0.1:${port}`, from, timeouts: { greetingMs: 200 } });
    try {
      await expect(mute.send({ to: 'ada@example.com', subject: 'Hello', text: 'Hello' })).rejects.toThrow(/greeting/i);
    } finally {
      mute.close();
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });
});

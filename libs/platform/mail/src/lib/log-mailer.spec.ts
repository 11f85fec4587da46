import { Logger } from '@nestjs/common';
import { DevMailbox } from './dev-mailbox';
import { LogMailer } from './log-mailer';

describe('LogMailer', () => {
  afterEach(() => jest.restoreAllMocks());

  const mail = {
    to: 'ada@example.com',
    subject: 'Verify your email',
    text: 'Open http://localhost:3000/verify-email?token=abc123_-XYZ to verify, or https://app.keel.test/accept-invite?lang=en&token=k3el.Invite~token#top to join.',
    html: '<p>ignored</p>',
  };

  function loggedLine(mailer: LogMailer): Promise<string> {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    return mailer.send(mail).then(() => {
      expect(log).toHaveBeenCalledTimes(1);
      return String(log.mock.calls[0][0]);
    });
  }

  it('should log the recipient, subject and text at info level instead of sending, links whole in development', async () => {
    const line = await loggedLine(new LogMailer({ from: 'Keel <no-reply@localhost>', redactLinks: false }));

    expect(line).toContain('ada@example.com');
    expect(line).toContain('Verify your email');
    expect(line).toContain('http://localhost:3000/verify-email?token=abc123_-XYZ');
    expect(line).toContain('Keel <no-reply@localhost>');
  });

  it('should hide every link token when told to, keeping the rest of each link', async () => {
    const line = await loggedLine(new LogMailer({ from: 'Keel <no-reply@localhost>', redactLinks: true }));

    expect(line).toContain('http://localhost:3000/verify-email?token=[redacted] to verify');
    expect(line).toContain('https://app.keel.test/accept-invite?lang=en&token=[redacted]#top');
    expect(line).not.toContain('abc123');
    expect(line).not.toContain('k3el.Invite');
    expect(line).toContain('link tokens hidden');
  });
});

describe('LogMailer with a DevMailbox', () => {
  const mail = (n: number) => ({ to: `user${n}@example.com`, subject: `Mail ${n}`, text: `Body ${n}` });

  it('should keep the last 50 mails, newest first', async () => {
    jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const mailbox = new DevMailbox();
    const mailer = new LogMailer({ from: 'Keel <no-reply@localhost>', redactLinks: false, mailbox });
    for (let n = 1; n <= 52; n++) await mailer.send(mail(n));
    const kept = mailbox.list();
    expect(kept).toHaveLength(50);
    expect(kept[0]).toEqual(
      expect.objectContaining({ to: 'user52@example.com', subject: 'Mail 52', from: 'Keel <no-reply@localhost>' }),
    );
    expect(kept[49].subject).toBe('Mail 3');
    jest.restoreAllMocks();
  });
});

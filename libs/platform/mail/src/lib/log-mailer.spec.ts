import { Logger } from '@nestjs/common';
import { LogMailer } from './log-mailer';

describe('LogMailer', () => {
  afterEach(() => jest.restoreAllMocks());

  it('should log the recipient, subject and text at info level instead of sending', async () => {
    const log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
    const mailer = new LogMailer('Keel <no-reply@localhost>');

    await mailer.send({
      to: 'ada@example.com',
      subject: 'Verify your email',
      text: 'Open http://localhost:3000/verify?token=abc123 to verify.',
      html: '<p>ignored</p>',
    });

    expect(log).toHaveBeenCalledTimes(1);
    const line = String(log.mock.calls[0][0]);
    expect(line).toContain('ada@example.com');
    expect(line).toContain('Verify your email');
    expect(line).toContain('http://localhost:3000/verify?token=abc123');
    expect(line).toContain('Keel <no-reply@localhost>');
  });
});

import { MailMessage } from '@keel/platform-mail';
import { User } from '../users/user.entity';

/** The mail that asks a user to confirm their address. */
export function verificationMail(user: Pick<User, 'email' | 'name'>, link: string): MailMessage {
  return {
    to: user.email,
    subject: 'Verify your email address',
    text: [
      `Hello ${user.name},`,
      '',
      'Please confirm that this is your email address by opening this link:',
      '',
      link,
      '',
      'The link works once and expires in 48 hours. If it has expired, sign in and ask for a new one.',
      '',
      'If you did not create an account, ignore this mail: nothing happens without the link.',
    ].join('\n'),
  };
}

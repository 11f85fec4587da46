import { MailMessage } from '@keel/platform-mail';
import { User } from '../users/user.entity';

/** The mail that carries a password reset link. */
export function passwordResetMail(user: Pick<User, 'email' | 'name'>, link: string): MailMessage {
  return {
    to: user.email,
    subject: 'Reset your password',
    text: [
      `Hello ${user.name},`,
      '',
      'Someone, hopefully you, asked to reset the password of your account. Open this link to choose a new one:',
      '',
      link,
      '',
      'The link works once and expires in 1 hour. Setting a new password signs you out on every device.',
      '',
      'If you did not ask for this, ignore this mail: your password stays as it is.',
    ].join('\n'),
  };
}

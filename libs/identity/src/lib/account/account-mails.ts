import { MailMessage } from '@keel/platform-mail';
import { User } from '../users/user.entity';

/** `ada@example.com` → `a***@example.com`: enough for the owner to recognise, too little to be a new address to write to. */
export function maskedEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return '***';
  return `${email.slice(0, 1)}***${email.slice(at)}`;
}

/** To the new address: the link that moves the account there. */
export function emailChangeMail(user: Pick<User, 'name'>, newEmail: string, link: string): MailMessage {
  return {
    to: newEmail,
    subject: 'Confirm your new email address',
    text: [
      `Hello ${user.name},`,
      '',
      'You asked to use this address for your Keel account. Open this link to confirm it:',
      '',
      link,
      '',
      'The link works once and expires in 24 hours. Until it is followed, your account keeps its current address.',
      '',
      'If you did not ask for this, ignore this mail: nothing changes without the link.',
    ].join('\n'),
  };
}

/**
 * To an address that already has an account, instead of a link: the person
 * who asked is told nothing either way (the request is answered alike), and
 * only the owner of this inbox learns that someone tried.
 */
export function emailInUseMail(newEmail: string): MailMessage {
  return {
    to: newEmail,
    subject: 'Someone tried to use your email address',
    text: [
      'Hello,',
      '',
      'Someone signed in to Keel asked to move their account to this address. This address already belongs to',
      'a Keel account, so nothing was changed and no account was moved.',
      '',
      'If this was you, sign in with this address instead, or use another address for the other account.',
      'If it was not, you need do nothing.',
    ].join('\n'),
  };
}

/** To the old address once the change is done: the owner learns of a change they may not have made. */
export function emailChangedNotice(user: Pick<User, 'name' | 'email'>, newEmail: string): MailMessage {
  return {
    to: user.email,
    subject: 'Your email address was changed',
    text: [
      `Hello ${user.name},`,
      '',
      `The email address of your Keel account was changed to ${maskedEmail(newEmail)}. Mail about the account,`,
      'sign-in included, now goes to that address, and links mailed here earlier no longer work.',
      '',
      'If you did not make this change, someone may be using your account: contact your Keel operator at once.',
    ].join('\n'),
  };
}

/** To the address of an account just deleted. */
export function accountDeletedMail(user: Pick<User, 'name' | 'email'>): MailMessage {
  return {
    to: user.email,
    subject: 'Your Keel account was deleted',
    text: [
      `Hello ${user.name},`,
      '',
      'Your Keel account was deleted, as you asked: you left every workspace, every session was signed out,',
      'the API keys you made were revoked, and your name, address and password were erased.',
      '',
      'If you did not ask for this, contact your Keel operator.',
    ].join('\n'),
  };
}

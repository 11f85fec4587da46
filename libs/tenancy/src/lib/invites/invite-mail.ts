import type { MailMessage } from '@keel/platform-mail';

export interface InviteMailInput {
  to: string;
  workspaceName: string;
  inviterName: string | undefined;
  role: string;
  link: string;
  expiresAt: Date;
}

/** The invite mail: who invites, to what, as what, and until when the link works. */
export function inviteMail(input: InviteMailInput): MailMessage {
  const who = input.inviterName ? `${input.inviterName} invited you` : 'You are invited';
  return {
    to: input.to,
    subject: `Join ${input.workspaceName} on Keel`,
    text: [
      `${who} to join the workspace "${input.workspaceName}" as ${input.role}.`,
      '',
      `Accept the invitation: ${input.link}`,
      '',
      `The link works once, until ${input.expiresAt.toISOString()}. Sign in (or sign up) with ${input.to} to accept it.`,
      'If you did not expect this mail, ignore it.',
    ].join('\n'),
  };
}

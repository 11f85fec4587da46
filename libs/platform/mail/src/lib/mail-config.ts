import { IsIn, IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { ConfigSection, EnvVar } from '@keel/platform-config';
import { IsMailTransportChosen, MAIL_TRANSPORTS, MailTransport } from './mail-transport';
import { IsMailViewerAllowed, MAIL_VIEWER_MODES, MailViewerMode } from './mail-viewer';

const NODE_ENVS = ['development', 'test', 'production'] as const;
type NodeEnv = (typeof NODE_ENVS)[number];

/**
 * Outgoing mail: the SMTP server (or none: mails are logged), the sender, and
 * whether logging instead was chosen on purpose (required in production).
 */
@ConfigSection('Mail')
export class MailConfig {
  @EnvVar({
    type: 'url',
    secret: true,
    description:
      'SMTP server for outgoing mail, smtp:// (STARTTLS when offered) or smtps:// (implicit TLS). When unset, mails are only logged: for development.',
  })
  @IsOptional()
  @Matches(/^smtps?:\/\/\S+$/, { message: 'must be an smtp:// or smtps:// URL' })
  SMTP_URL?: string;

  @EnvVar({
    type: 'enum',
    values: MAIL_TRANSPORTS,
    description:
      'How mail leaves: smtp (through SMTP_URL) or log (nothing is sent; each mail is logged, link tokens hidden in production). Unset: smtp when SMTP_URL is set, else log — except in production, which refuses to start without one of them.',
  })
  // No @IsOptional: unset is a choice too, which production must not leave to chance.
  @IsMailTransportChosen(MAIL_TRANSPORTS)
  MAIL_TRANSPORT?: MailTransport;

  @EnvVar({
    type: 'enum',
    values: NODE_ENVS,
    description:
      'production turns on the checks a real deployment needs: a mail transport chosen on purpose, link tokens kept out of logged mails. Any other value is refused, so a misspelt production cannot turn those checks off unnoticed.',
  })
  @IsOptional()
  @IsIn(NODE_ENVS)
  NODE_ENV?: NodeEnv;

  @EnvVar({
    type: 'enum',
    values: MAIL_VIEWER_MODES,
    description:
      'The development mail viewer at /dev/mail (HTML; JSON at /dev/mail.json), holding the last 50 mails the log transport kept: local (callers on this machine only), on (anyone who reaches the port) or off. Unset: local in development while mail is only logged, off in test and production. Refused in production and with SMTP_URL.',
  })
  // No @IsOptional: unset is checked too (it is always allowed), like MAIL_TRANSPORT.
  @IsMailViewerAllowed()
  MAIL_VIEWER?: MailViewerMode;

  @EnvVar({ type: 'string', description: 'Sender address of every mail Keel sends.' })
  @IsString()
  @MinLength(1)
  MAIL_FROM = 'Keel <no-reply@localhost>';
}

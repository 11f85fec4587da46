import { IsOptional, IsString, Matches, MinLength } from 'class-validator';
import { ConfigSection, EnvVar } from '@keel/platform-config';

/**
 * Outgoing mail: the SMTP server (or none: mails are logged) and the sender.
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

  @EnvVar({ type: 'string', description: 'Sender address of every mail Keel sends.' })
  @IsString()
  @MinLength(1)
  MAIL_FROM = 'Keel <no-reply@localhost>';
}

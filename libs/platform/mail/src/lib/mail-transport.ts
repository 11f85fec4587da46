import { ValidateBy, ValidationOptions } from 'class-validator';

export const MAIL_TRANSPORTS = ['smtp', 'log'] as const;
export type MailTransport = (typeof MAIL_TRANSPORTS)[number];

interface MailSettings {
  MAIL_TRANSPORT?: string;
  SMTP_URL?: string;
  NODE_ENV?: string;
}

function mailTransportProblem(settings: MailSettings, transports: readonly string[]): string | null {
  const transport = settings.MAIL_TRANSPORT;
  if (transport !== undefined && !transports.includes(transport)) return `must be one of: ${transports.join(', ')}`;
  if (settings.MAIL_TRANSPORT === 'smtp' && !settings.SMTP_URL) return 'is smtp, but SMTP_URL is unset';
  if (settings.NODE_ENV === 'production' && !settings.MAIL_TRANSPORT && !settings.SMTP_URL) {
    return 'must be chosen in production (NODE_ENV=production): set SMTP_URL, or MAIL_TRANSPORT=log to send nothing and only log mails, link tokens hidden';
  }
  return null;
}

/**
 * MAIL_TRANSPORT against SMTP_URL and NODE_ENV: smtp needs a server, and a
 * production deployment that forgot SMTP_URL must not quietly log every reset
 * link instead of mailing it (nobody would get one; the log would hold them all).
 */
export function IsMailTransportChosen(transports: readonly string[], options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMailTransportChosen',
      validator: {
        validate: (_value: unknown, args) => mailTransportProblem(args?.object as MailSettings, transports) === null,
        defaultMessage: (args) => `$property ${mailTransportProblem(args?.object as MailSettings, transports) ?? ''}`,
      },
    },
    options,
  );
}

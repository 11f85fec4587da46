import { ValidateBy, ValidationOptions } from 'class-validator';

/**
 * The development mail viewer (/dev/mail): `off`; `local`, answering only
 * callers on this machine (a loopback peer address, never a forwarded one);
 * `on`, answering whoever reaches the port (a development container reached
 * from its host).
 */
export const MAIL_VIEWER_MODES = ['off', 'local', 'on'] as const;
export type MailViewerMode = (typeof MAIL_VIEWER_MODES)[number];

interface MailViewerSettings {
  MAIL_VIEWER?: string;
  MAIL_TRANSPORT?: string;
  SMTP_URL?: string;
  NODE_ENV?: string;
}

function logsMail(settings: MailViewerSettings): boolean {
  return settings.MAIL_TRANSPORT === 'log' || (settings.MAIL_TRANSPORT === undefined && !settings.SMTP_URL);
}

/**
 * Whether /dev/mail is served, and to whom. Unset: `local` in development
 * (NODE_ENV unset or development) while mail is only logged; `off` in test
 * (suites turn it on when they want it), in production, and with an SMTP server.
 */
export function mailViewerMode(settings: MailViewerSettings): MailViewerMode {
  const chosen = settings.MAIL_VIEWER as MailViewerMode | undefined;
  if (chosen !== undefined) return chosen;
  const development = settings.NODE_ENV === undefined || settings.NODE_ENV === 'development';
  return development && logsMail(settings) ? 'local' : 'off';
}

function mailViewerProblem(settings: MailViewerSettings): string | null {
  const mode = settings.MAIL_VIEWER;
  if (mode === undefined || mode === 'off') return null;
  if (!(MAIL_VIEWER_MODES as readonly string[]).includes(mode))
    return `must be one of: ${MAIL_VIEWER_MODES.join(', ')}`;
  if (settings.NODE_ENV === 'production') {
    return 'cannot be on in production (NODE_ENV=production): /dev/mail shows every link mailed, reset links included';
  }
  if (!logsMail(settings)) {
    return 'shows the mails Keel only logs; with SMTP_URL they leave through that server (read them there), so unset MAIL_VIEWER or SMTP_URL';
  }
  return null;
}

/** MAIL_VIEWER against NODE_ENV and the transport: never in production, and only where mail is logged, not sent. */
export function IsMailViewerAllowed(options?: ValidationOptions): PropertyDecorator {
  return ValidateBy(
    {
      name: 'isMailViewerAllowed',
      validator: {
        validate: (_value: unknown, args) => mailViewerProblem(args?.object as MailViewerSettings) === null,
        defaultMessage: (args) => `$property ${mailViewerProblem(args?.object as MailViewerSettings) ?? ''}`,
      },
    },
    options,
  );
}

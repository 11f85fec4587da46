import { emailKey } from '../users/email-address';
import { HOUR_SECONDS, RateLimit } from './rate-limits.service';

/** The limit on mails to one address (MAILS_PER_RECIPIENT_PER_HOUR), whatever the mail and whoever caused it. */
export function mailRecipientLimit(email: string, perHour: number): RateLimit {
  return {
    key: `mail:${emailKey(email)}`,
    limit: perHour,
    windowSeconds: HOUR_SECONDS,
    counts: 'mails to this address per hour',
  };
}

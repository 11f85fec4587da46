import type { ParsedMail } from 'mailparser';
import { SecretBox } from '@keel/platform-crypto';
import { SmtpListener, startSmtpListener, tokenInMail } from '@keel/platform-testing';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './keel-on-test-database';

/** The web client's address the suites start Keel with (APP_URL): every mailed link starts with it. */
export const TEST_APP_URL = 'https://app.keel.test';

export type MailedPage = 'verify-email' | 'reset-password' | 'accept-invite';

function linksTo(mail: ParsedMail, page: MailedPage): boolean {
  return (mail.text ?? '').includes(`${TEST_APP_URL}/${page}?token=`);
}

/**
 * The token of the next mail to `address` that links to `page`, waiting for
 * it; mails to that address with other links (a sign-up's verification mail
 * before an invite, say) are passed over.
 */
export async function nextMailedToken(
  listener: SmtpListener,
  address: string,
  page: MailedPage,
  timeoutMs = 10_000,
): Promise<{ token: string; mail: ParsedMail }> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const mail = await listener.nextMailTo(address, Math.max(deadline - Date.now(), 0));
    if (linksTo(mail, page)) return { token: tokenInMail(mail, TEST_APP_URL, page), mail };
  }
}

/** Every mail the listener received for `address` so far, taken or not. */
export function mailsReceivedBy(listener: SmtpListener, address: string): ParsedMail[] {
  return listener.received.filter((mail) => {
    const groups = Array.isArray(mail.to) ? mail.to : mail.to ? [mail.to] : [];
    return groups.some((group) => group.value.some((entry) => entry.address === address));
  });
}

/** The built API on a database of its own, mailing through a real SMTP listener, links on TEST_APP_URL. */
export interface KeelWithMail {
  keel: KeelOnTestDatabase;
  listener: SmtpListener;
  baseUrl: string;
  stop(): Promise<void>;
}

export async function startKeelWithMail(): Promise<KeelWithMail> {
  const listener = await startSmtpListener();
  let keel: KeelOnTestDatabase;
  try {
    keel = await startKeelOnTestDatabase({
      SMTP_URL: listener.url,
      APP_URL: TEST_APP_URL,
      KEEL_MASTER_KEY: SecretBox.generateKey(),
    });
  } catch (error) {
    await listener.stop();
    throw error;
  }
  return {
    keel,
    listener,
    baseUrl: keel.keel.url,
    stop: async () => {
      await keel.stop();
      await listener.stop();
    },
  };
}

import type { ParsedMail } from 'mailparser';
import { SmtpListener, tokenInMail } from '@keel/platform-testing';

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

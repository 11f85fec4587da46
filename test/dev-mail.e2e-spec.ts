import { SecretBox } from '@keel/platform-crypto';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { signUp } from './support/keel-people';
import { pollUntil } from './support/poll';

interface KeptMail {
  id: string;
  sentAt: string;
  from: string;
  to: string;
  subject: string;
  text: string;
}

/** No mail server: mails are logged, and kept for /dev/mail. */
const LOGGED_MAIL = { SMTP_URL: undefined, MAIL_TRANSPORT: undefined, MAIL_VIEWER: undefined };

describe('the development mail viewer at /dev/mail', () => {
  let keel: KeelOnTestDatabase;
  let baseUrl: string;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({
      ...LOGGED_MAIL,
      NODE_ENV: 'development',
      KEEL_MASTER_KEY: SecretBox.generateKey(),
    });
    baseUrl = keel.keel.url;
  });

  afterAll(async () => {
    await keel?.stop();
  });

  async function keptMails(): Promise<KeptMail[]> {
    const response = await fetch(`${baseUrl}/dev/mail.json`);
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    return ((await response.json()) as { data: KeptMail[] }).data;
  }

  it('should list a mail Keel sent, with a link to its page that opens', async () => {
    const person = await signUp(baseUrl, 'dev-mail');
    const mails = await pollUntil('the verification mail in /dev/mail.json', keptMails, (list) =>
      list.some((mail) => mail.to === person.email),
    );
    const mail = mails.find((each) => each.to === person.email);
    expect(mail).toEqual(
      expect.objectContaining({ subject: 'Verify your email address', from: 'Keel <no-reply@localhost>' }),
    );
    const link = /\S+\/verify-email\?token=\S+/.exec(mail?.text ?? '')?.[0] ?? '';
    expect(new URL(link).origin).toBe(baseUrl);
    expect((await fetch(link)).status).toBe(200);
  });

  it('should show the mails as a page, their links to follow, newest first', async () => {
    const first = await signUp(baseUrl, 'dev-mail-first');
    const second = await signUp(baseUrl, 'dev-mail-second');
    await pollUntil('both mails kept', keptMails, (list) => list.some((mail) => mail.to === second.email));
    const response = await fetch(`${baseUrl}/dev/mail`, { headers: { accept: 'text/html' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('referrer-policy')).toBe('no-referrer');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'none'");
    const html = await response.text();
    expect(html).toContain(`<a href="${baseUrl}/verify-email?token=`);
    expect(html.indexOf(second.email)).toBeLessThan(html.indexOf(first.email));
  });

  it('should answer JSON at /dev/mail to a client that asks for it', async () => {
    const response = await fetch(`${baseUrl}/dev/mail`, { headers: { accept: 'application/json' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(((await response.json()) as { data: KeptMail[] }).data.length).toBeGreaterThan(0);
  });
});

describe('the development mail viewer in production', () => {
  it('should not exist (404), mail being logged or not', async () => {
    const keel = await startKeelOnTestDatabase({
      ...LOGGED_MAIL,
      NODE_ENV: 'production',
      MAIL_TRANSPORT: 'log',
    });
    try {
      await signUp(keel.keel.url, 'prod-dev-mail');
      for (const path of ['/dev/mail', '/dev/mail.json']) {
        const response = await fetch(`${keel.keel.url}${path}`);
        expect(response.status).toBe(404);
        expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
      }
    } finally {
      await keel.stop();
    }
  });
});

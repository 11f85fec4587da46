import type { Browser, Page } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { SecretBox } from '@keel/platform-crypto';
import { KeelProcess, SmtpListener, startKeelProcess, startSmtpListener } from '@keel/platform-testing';
import { answerOf, bodyOf } from './support/keel-answers';
import {
  createKeelTestDatabase,
  KeelOnTestDatabase,
  KeelTestDatabase,
  startKeelOnTestDatabase,
} from './support/keel-on-test-database';
import { MailedPage } from './support/keel-mail';
import { clientAs, getMe, logIn, signUp, strongPassword, uniqueEmail } from './support/keel-people';
import { createInvite, createWorkspace } from './support/keel-tenants';
import { launchChromium } from './support/chromium';

/** The link to `page` in the next mail to `address`: the whole URL, as a person would click it. */
async function nextMailedLink(listener: SmtpListener, address: string, page: MailedPage): Promise<URL> {
  for (;;) {
    const mail = await listener.nextMailTo(address, 10_000);
    const link = (mail.text ?? '').split(/\s/).find((word) => /^https?:\/\/\S+\?token=/.test(word));
    if (link && new URL(link).pathname === `/${page}`) return new URL(link);
  }
}

describe('the pages mailed links open when no web client is configured (APP_URL unset)', () => {
  let listener: SmtpListener;
  let keel: KeelOnTestDatabase;
  let baseUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    listener = await startSmtpListener();
    keel = await startKeelOnTestDatabase({
      SMTP_URL: listener.url,
      APP_URL: undefined,
      KEEL_MASTER_KEY: SecretBox.generateKey(),
    });
    baseUrl = keel.keel.url;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await keel?.stop();
    await listener?.stop();
  });

  /** Opens `link` in a fresh browser context, failing the test on any script error or CSP refusal. */
  async function open(link: URL): Promise<{ page: Page; problems: string[] }> {
    const context = await browser.newContext();
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (error) => problems.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(message.text());
    });
    const response = await page.goto(link.href);
    expect(response?.status()).toBe(200);
    return { page, problems };
  }

  async function statusOf(page: Page): Promise<string> {
    const status = page.locator('#status.ok, #status.error');
    await status.waitFor();
    return `${await status.getAttribute('class')}: ${await status.textContent()}`;
  }

  it('should link the verification mail to the port Keel listens on, not 3000', async () => {
    const person = await signUp(baseUrl, 'mail-pages');
    const link = await nextMailedLink(listener, person.email, 'verify-email');
    expect(new URL(baseUrl).port).not.toBe('3000');
    expect(link.origin).toBe(baseUrl);
  });

  it('should serve each page as HTML that is never stored, sends no Referer and needs no https', async () => {
    for (const page of ['verify-email', 'reset-password', 'accept-invite']) {
      const response = await fetch(`${baseUrl}/${page}?token=abc`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      const csp = response.headers.get('content-security-policy') ?? '';
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("connect-src 'self'");
      expect(csp).not.toContain('upgrade-insecure-requests');
      const html = await response.text();
      expect(html).toMatch(/^<!doctype html>/);
      expect(html).not.toContain('abc');
      expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/);
    }
  });

  it('should verify the address from the verify-email page, in a browser', async () => {
    const person = await signUp(baseUrl, 'verify-page');
    const link = await nextMailedLink(listener, person.email, 'verify-email');
    const { page, problems } = await open(link);
    expect(new URL(page.url()).search).toBe('');
    await page.getByRole('button', { name: 'Verify my address' }).click();
    expect(await statusOf(page)).toBe('ok: Your email address is verified. You can close this page.');
    expect(problems).toEqual([]);
    expect(bodyOf(await getMe(baseUrl, person.accessToken), 200).emailVerified).toBe(true);
    // The page was fetched with the token in its query: its request line names the route, never the token.
    expect(keel.keel.output()).toContain('"route":"/verify-email"');
    expect(keel.keel.output()).not.toContain(link.searchParams.get('token'));
  });

  it('should set a new password from the reset-password page, in a browser', async () => {
    const person = await signUp(baseUrl, 'reset-page');
    const forgot = await answerOf(
      clientAs(baseUrl).POST('/v1/auth/password/forgot', { body: { email: person.email } }),
    );
    expect(forgot.status).toBe(202);
    const link = await nextMailedLink(listener, person.email, 'reset-password');
    expect(link.origin).toBe(baseUrl);
    const { page, problems } = await open(link);
    const password = strongPassword();
    await page.getByLabel('New password').fill(password);
    await page.getByLabel('The same again').fill(`${password} typo`);
    await page.getByRole('button', { name: 'Set the password' }).click();
    expect(await statusOf(page)).toBe('error: The two passwords differ.');
    await page.getByLabel('The same again').fill(password);
    await page.getByRole('button', { name: 'Set the password' }).click();
    expect(await statusOf(page)).toBe('ok: Your password is changed. Sign in with the new one.');
    expect(problems).toEqual([]);
    expect((await logIn(baseUrl, person.email, password)).userId).toBe(person.userId);
  });

  it('should show the problem Keel answers, such as a spent token', async () => {
    const person = await signUp(baseUrl, 'spent-token');
    const link = await nextMailedLink(listener, person.email, 'verify-email');
    const verified = await answerOf(
      clientAs(baseUrl).POST('/v1/auth/email/verify', { body: { token: link.searchParams.get('token') ?? '' } }),
    );
    expect(verified.status).toBe(204);
    const { page } = await open(link);
    await page.getByRole('button', { name: 'Verify my address' }).click();
    expect(await statusOf(page)).toMatch(/^error: .+/);
  });

  it('should let an invited newcomer create an account and join from the accept-invite page, in a browser', async () => {
    const owner = await signUp(baseUrl, 'invite-page-owner');
    const workspace = await createWorkspace(owner, { name: 'Page Works', slug: `page-works-${Date.now()}` });
    const email = uniqueEmail('invite-page-guest');
    await createInvite(owner, workspace.id, email, 'member');
    const link = await nextMailedLink(listener, email, 'accept-invite');
    expect(link.origin).toBe(baseUrl);
    const { page, problems } = await open(link);
    const signUpForm = page.locator('form#sign-up');
    await signUpForm.getByLabel('Name').fill('Invited Guest');
    await signUpForm.getByLabel('Email').fill(email);
    await signUpForm.getByLabel('Password').fill(strongPassword());
    await signUpForm.getByRole('button', { name: 'Create my account and join' }).click();
    expect(await statusOf(page)).toMatch(/^ok: You joined Page Works as member\./);
    expect(problems).toEqual([]);
    const members = await answerOf(
      owner.client.GET('/v1/workspaces/{workspaceId}/members', { params: { path: { workspaceId: workspace.id } } }),
    );
    expect(bodyOf(members, 200).data.map((member) => member.email)).toContain(email);
  });

  it('should let an invited member with an account sign in and join from the accept-invite page, in a browser', async () => {
    const owner = await signUp(baseUrl, 'invite-page-owner2');
    const workspace = await createWorkspace(owner, { name: 'Second Works', slug: `second-works-${Date.now()}` });
    const guest = await signUp(baseUrl, 'invite-page-member');
    await createInvite(owner, workspace.id, guest.email, 'member');
    const link = await nextMailedLink(listener, guest.email, 'accept-invite');
    const { page, problems } = await open(link);
    const signInForm = page.locator('form#sign-in');
    await signInForm.getByLabel('Email').fill(guest.email);
    await signInForm.getByLabel('Password').fill(guest.password);
    await signInForm.getByRole('button', { name: 'Sign in and join' }).click();
    expect(await statusOf(page)).toMatch(/^ok: You joined Second Works as member\./);
    expect(problems).toEqual([]);
  });

  it('should ask a member with MFA for the authenticator code when signing in to join, in a browser', async () => {
    const owner = await signUp(baseUrl, 'invite-page-owner3');
    const workspace = await createWorkspace(owner, { name: 'Third Works', slug: `third-works-${Date.now()}` });
    const guest = await signUp(baseUrl, 'invite-page-mfa');
    const { secret } = bodyOf(await answerOf(guest.client.POST('/v1/me/mfa/totp')), 201);
    const totp = new TOTP({ secret: Secret.fromBase32(secret) });
    bodyOf(await answerOf(guest.client.POST('/v1/me/mfa/totp/confirm', { body: { code: totp.generate() } })), 200);
    await createInvite(owner, workspace.id, guest.email, 'member');
    const link = await nextMailedLink(listener, guest.email, 'accept-invite');
    const { page, problems } = await open(link);
    const asked: string[] = [];
    // The next step's code: the one of now was spent confirming the app.
    page.on('dialog', (dialog) => {
      asked.push(dialog.message());
      void dialog.accept(totp.generate({ timestamp: Date.now() + 30_000 }));
    });
    const signInForm = page.locator('form#sign-in');
    await signInForm.getByLabel('Email').fill(guest.email);
    await signInForm.getByLabel('Password').fill(guest.password);
    await signInForm.getByRole('button', { name: 'Sign in and join' }).click();
    expect(await statusOf(page)).toMatch(/^ok: You joined Third Works as member\./);
    expect(asked).toEqual([expect.stringContaining('authenticator')]);
    expect(problems).toEqual([]);
  });
});

describe('a reset mail sent by a worker process apart from the API (split roles)', () => {
  let listener: SmtpListener;
  let database: KeelTestDatabase;
  let api: KeelProcess;
  let worker: KeelProcess;

  beforeAll(async () => {
    listener = await startSmtpListener();
    database = await createKeelTestDatabase();
    const env = {
      DATABASE_URL: database.login.url,
      SMTP_URL: listener.url,
      APP_URL: undefined,
      KEEL_MASTER_KEY: SecretBox.generateKey(),
    };
    // The API only sends the job; the worker, on a port of its own, sends the mail.
    api = await startKeelProcess({ env: { ...env, KEEL_ROLE: 'api' } });
    worker = await startKeelProcess({ entry: 'dist/apps/worker/main.js', env });
  });

  afterAll(async () => {
    await api?.stop();
    await worker?.stop();
    await database?.database.drop();
    await listener?.stop();
  });

  it("should link to the page on the API that took the request, not to the worker's port", async () => {
    const person = await signUp(api.url, 'split-reset');
    const forgot = await answerOf(
      clientAs(api.url).POST('/v1/auth/password/forgot', { body: { email: person.email } }),
    );
    expect(forgot.status).toBe(202);
    const link = await nextMailedLink(listener, person.email, 'reset-password');
    expect(link.origin).toBe(api.url);
    expect(link.origin).not.toBe(worker.url);
    expect((await fetch(link)).status).toBe(200);
  });
});

/**
 * The admin console (apps/admin-console) in Debian's chromium, served by the
 * built API at /admin: a platform admin signs in with the keyboard, sees the
 * overview (saved as reports/admin-console/overview.png, the picture the
 * README shows), finds a workspace, suspends it with a reason — a member's
 * request is then refused with 423 — and restores it. No script error, no
 * CSP refusal, no request outside Keel along the way.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { bearerRequest } from './support/keel-admins';
import { KeelOnTestDatabase, startKeelOnTestDatabase } from './support/keel-on-test-database';
import { SignedInPerson, signUp } from './support/keel-people';
import { populateWorkspace, PopulatedWorkspace } from './support/keel-tenants';
import { expectProblem } from './support/problem-details';

const SCREENSHOT_FOLDER = join(__dirname, '..', 'reports', 'admin-console');

/** What went wrong in the page, one line each: script errors, console errors, CSP refusals, requests elsewhere. */
function watchForTrouble(page: Page, origin: string): string[] {
  const trouble: string[] = [];
  page.on('pageerror', (error) => trouble.push(`page error: ${error.message}`));
  page.on('console', (message) => {
    if (message.type() === 'error' || /content security policy/i.test(message.text())) {
      trouble.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('request', (request) => {
    if (!request.url().startsWith(`${origin}/`) && !request.url().startsWith('data:'))
      trouble.push(`request outside ${origin}: ${request.url()}`);
  });
  return trouble;
}

describe('the admin console in a browser', () => {
  let keel: KeelOnTestDatabase;
  let browser: Browser;
  let admin: SignedInPerson;
  let tenant: PopulatedWorkspace;
  let origin: string;

  beforeAll(async () => {
    keel = await startKeelOnTestDatabase({ LOG_LEVEL: 'warn' });
    origin = keel.keel.url;
    admin = await signUp(origin, 'console-admin');
    // The grant command itself is covered by admin-access.e2e-spec.ts.
    await keel.database.dataSource.query(`INSERT INTO platform_admins (user_id, granted_by) VALUES ($1, 'cli:e2e')`, [
      admin.userId,
    ]);
    tenant = await populateWorkspace(origin, 'console');
    browser = await launchChromium();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await keel?.stop();
  });

  const memberReads = () => bearerRequest(`${origin}/v1/workspaces/${tenant.id}/projects`, tenant.member.accessToken);

  it('should serve the console at /admin as a page of its own', async () => {
    const page = await fetch(`${origin}/admin`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(await page.text()).toContain('<script type="module" src="/admin/main.js">');
    const script = await fetch(`${origin}/admin/main.js`);
    expect([script.status, script.headers.get('content-type')]).toEqual([200, 'text/javascript; charset=utf-8']);
    expect((await fetch(`${origin}/admin/missing.js`)).status).toBe(404);
  });

  it('should refuse a person who is not a platform admin, and leave them signed out', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const trouble = watchForTrouble(page, origin);
    await page.goto(`${origin}/admin`);
    await page.getByLabel('Email').fill(tenant.owner.email);
    await page.getByLabel('Password').fill(tenant.owner.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('status').filter({ hasText: 'PLATFORM_ADMIN_REQUIRED' }).waitFor();
    expect(await page.getByRole('navigation', { name: 'Console' }).isVisible()).toBe(false);
    // The refused overview is a 403 the page asked for; nothing else went wrong.
    expect(trouble.filter((line) => !/status of 403/.test(line))).toEqual([]);
    await context.close();
  });

  it('should sign an admin in, show the overview, suspend a workspace a member then cannot use, and restore it', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const trouble = watchForTrouble(page, origin);
    await page.goto(`${origin}/admin`);

    // Signing in with the keyboard only: type, Tab, type, Enter.
    await page.getByLabel('Email').focus();
    await page.keyboard.type(admin.email);
    await page.keyboard.press('Tab');
    await page.keyboard.type(admin.password);
    await page.keyboard.press('Enter');
    await page.getByRole('heading', { name: 'Overview' }).waitFor();

    await page.getByRole('button', { name: 'Recompute now' }).click();
    await page.getByRole('status').filter({ hasText: 'Overview recomputed.' }).waitFor();
    const users = page.locator('#figures div').filter({ hasText: 'Users' }).locator('dd');
    expect(await users.textContent()).toMatch(/^[1-9]\d*computed /);
    mkdirSync(SCREENSHOT_FOLDER, { recursive: true });
    await page.screenshot({ path: join(SCREENSHOT_FOLDER, 'overview.png'), fullPage: true });

    await page.getByRole('link', { name: 'Workspaces' }).click();
    await page.getByLabel('Name, slug or id').fill('CONSOLE');
    await page.getByRole('button', { name: 'Search' }).click();
    await page.getByRole('link', { name: `${tenant.name} (${tenant.slug})` }).click();
    await page.getByRole('heading', { name: tenant.name }).waitFor();

    expect((await memberReads()).status).toBe(200);
    await page.getByLabel('Reason for suspending (required)').fill('Abuse report #4411: spam invitations');
    await page.getByRole('button', { name: 'Suspend workspace' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${tenant.name} is suspended.` })
      .waitFor();
    expect(await page.locator('[data-field="Status"]').textContent()).toBe('suspended');
    expectProblem(await memberReads(), { status: 423, code: 'WORKSPACE_SUSPENDED' });

    await page.getByRole('button', { name: 'Restore workspace' }).click();
    await page
      .getByRole('status')
      .filter({ hasText: `${tenant.name} is restored.` })
      .waitFor();
    expect(await page.locator('[data-field="Status"]').textContent()).toBe('active');
    expect((await memberReads()).status).toBe(200);

    // The platform log has both, with the reason the admin typed.
    await page.getByRole('link', { name: 'Audit log' }).click();
    await page.getByLabel('Action').fill('workspaces.suspend');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.getByRole('cell', { name: 'Abuse report #4411: spam invitations' }).waitFor();

    expect(trouble).toEqual([]);
    await context.close();
  });
});

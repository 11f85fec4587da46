/**
 * The /docs page as a reader on another machine sees it: Keel bound to every
 * interface, Debian's chromium opening the page at this machine's own
 * non-loopback address. A browser forgives loopback and `localhost` (secure
 * origins) what it refuses anywhere else over plain http, such as a CSP's
 * `upgrade-insecure-requests` sending every asset to an https port nobody
 * listens on: only a non-loopback address shows the page a colleague gets.
 */
import { findFreePort } from '@keel/platform-database';
import { createTestDatabase, KeelProcess, startKeelProcess, TestDatabase } from '@keel/platform-testing';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './support/chromium';
import { nonLoopbackHost } from './support/non-loopback-address';

/** What went wrong while the page loaded, one line each: failed requests, errors, CSP violations. */
function watchForTrouble(page: Page, origin: string): string[] {
  const trouble: string[] = [];
  page.on('requestfailed', (request) =>
    trouble.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? 'no reason given'})`),
  );
  page.on('request', (request) => {
    if (!request.url().startsWith(`${origin}/`) && !request.url().startsWith('data:')) {
      trouble.push(`request outside ${origin}: ${request.url()}`);
    }
  });
  page.on('response', (response) => {
    if (response.status() >= 400) trouble.push(`answered ${response.status()}: ${response.url()}`);
  });
  page.on('console', (message) => {
    if (message.type() === 'error' || /content security policy/i.test(message.text())) {
      trouble.push(`console ${message.type()}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => trouble.push(`page error: ${error.message}`));
  return trouble;
}

/** CSP violations as the page itself reports them (`securitypolicyviolation`), console or not. */
async function reportCspViolations(page: Page, into: string[]): Promise<void> {
  await page.exposeFunction('keelReportCspViolation', (line: string) => into.push(`CSP violation: ${line}`));
  // Page-side code as text: this project compiles for Node, without the DOM's types.
  await page.addInitScript({
    content: `document.addEventListener('securitypolicyviolation', (event) =>
      window.keelReportCspViolation(event.violatedDirective + ' refused ' + event.blockedURI));`,
  });
}

describe('the docs page in a browser', () => {
  let database: TestDatabase;
  let keel: KeelProcess;
  let browser: Browser;
  let origin: string;

  beforeAll(async () => {
    const host = nonLoopbackHost();
    database = await createTestDatabase();
    keel = await startKeelProcess({
      env: {
        DATABASE_URL: database.url,
        HOST: '0.0.0.0',
        // Bound beyond loopback, Keel serves /metrics on a listener of its own: keep it on loopback and a free port.
        METRICS_HOST: '127.0.0.1',
        METRICS_PORT: String(await findFreePort()),
        LOG_LEVEL: 'warn',
      },
    });
    origin = `http://${host}:${new URL(keel.url).port}`;
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await keel?.stop();
    await database?.drop();
  });

  it('should render the API reference at a non-loopback address with no failed request or CSP violation', async () => {
    const page = await browser.newPage();
    const trouble = watchForTrouble(page, origin);
    await reportCspViolations(page, trouble);

    const answer = await page.goto(`${origin}/docs`, { waitUntil: 'load' });
    expect(answer?.status()).toBe(200);
    const title = page.locator('.swagger-ui .info .title');
    const rendered = await title.waitFor({ state: 'visible', timeout: 20_000 }).then(
      () => true,
      () => false,
    );
    await page.waitForLoadState('networkidle');

    expect({ rendered, trouble }).toEqual({ rendered: true, trouble: [] });
    expect(await title.textContent()).toContain('Keel API');
    expect(await page.locator('.opblock-tag-section').first().isVisible()).toBe(true);
    expect(await page.locator('.opblock').count()).toBeGreaterThan(0);
    expect(await page.locator('#operations-auth-Auth_signUp').isVisible()).toBe(true);
  });
});

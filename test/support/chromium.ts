import { Browser, chromium } from 'playwright-core';

/**
 * Flags for a quiet, reproducible run: no sandbox (tests run as root in
 * containers, where chromium's sandbox cannot start), no GPU, nothing the
 * browser fetches on its own (updates, sync, QUIC probes), so every request
 * it makes is one a page asked for, and no proxy from the environment
 * between it and the machine's own addresses.
 */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-proxy-server',
];

/**
 * Debian's chromium (`apt-get install chromium`, which .ci/run does), headless,
 * driven by playwright-core: no browser is downloaded. Playwright gives each
 * launch a fresh profile (--user-data-dir in a temporary folder, removed on close).
 */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    headless: true,
    args: CHROMIUM_ARGS,
  });
}

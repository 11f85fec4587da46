import { Browser, chromium } from 'playwright-core';

/** Debian's chromium, headless, driven by playwright-core (no downloaded browser). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: process.env['CHROMIUM_PATH'] ?? '/usr/bin/chromium',
    // Tests run as root in containers, where chromium's sandbox cannot start.
    args: ['--no-sandbox'],
  });
}

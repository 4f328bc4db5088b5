import fs from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

// Browser tests run in Debian's Chromium driven by playwright-core (`npx playwright install`
// cannot download browsers here). Locally a missing Chromium skips them with a message;
// in CI (CI=true) a missing browser must fail, not skip, and .ci/run installs it.
export const CHROMIUM = '/usr/bin/chromium';
const canRun = fs.existsSync(CHROMIUM) || process.env.CI === 'true';

/** `describe` when Chromium can run, else `describe.skip` with a warning naming what to install. */
export function describeBrowser(name: string, body: () => void): void {
  if (!canRun) {
    // eslint-disable-next-line no-console
    console.warn(`Skipping "${name}": ${CHROMIUM} is not installed (apt-get install -y chromium). Browser tests always run in CI.`);
    describe.skip(name, body);
    return;
  }
  describe(name, body);
}

/** Headless Chromium with the flags this sandbox needs (no network chatter, no sandbox as root). */
export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
  });
}

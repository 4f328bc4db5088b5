import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page, Route } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser';

// The console's own handling of failed requests, in Chromium against a stubbed API: no bot needed.
jest.setTimeout(60_000);

const ORIGIN = 'http://console.test';
const FILES: Record<string, [string, string]> = {
  '/console': ['index.html', 'text/html'],
  '/console/console.js': ['console.js', 'text/javascript'],
  '/console/console.css': ['console.css', 'text/css'],
};
const HANDOFF = {
  id: 'h-1',
  status: 'assigned',
  createdAt: new Date().toISOString(),
  waitingSeconds: 5,
  assignedTo: { id: 't-1', name: 'Tina' },
  case: { device: 'printer', problem: 'offline', stepsTried: [], contact: {}, consents: { remoteAccess: false, recording: true } },
  transcript: [],
};

type Api = (route: Route, method: string, path: string) => Promise<void> | void;

/** A console page whose API answers come from `api` (the files are served as the bot serves them). */
async function consolePage(browser: Browser, api: Api): Promise<Page> {
  const page = await browser.newPage();
  await page.route(`${ORIGIN}/**`, async (route) => {
    const url = new URL(route.request().url());
    const file = FILES[url.pathname];
    if (file) return route.fulfill({ contentType: file[1], body: fs.readFileSync(path.join(__dirname, '../../src/web/console', file[0])) });
    return api(route, route.request().method(), url.pathname.replace('/api/technician', '') + url.search);
  });
  return page;
}
const json = (route: Route, body: unknown, status = 200) => route.fulfill({ status, contentType: 'application/json', body: JSON.stringify(body) });
const unauthenticated = (route: Route) => json(route, { error: { code: 'unauthenticated', message: 'Sign in first.' } }, 401);

async function signIn(page: Page): Promise<void> {
  await page.goto(`${ORIGIN}/console`);
  await page.getByLabel('Username').fill('tina');
  await page.getByLabel('Password').fill('a long enough password');
  await page.getByLabel('Password').press('Enter');
  await page.getByText('Signed in as').waitFor();
}

describeBrowser('the technician console when requests fail', () => {
  let browser: Browser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 30_000);
  afterAll(() => browser?.close());

  it('a reply refused because the session ended says it was not sent and is still in the box', async () => {
    let ended = false;
    const page = await consolePage(browser, (route, method, p) => {
      if (method === 'POST' && p === '/login') return json(route, { token: 't', expiresAt: new Date(Date.now() + 3600_000).toISOString(), technician: { id: 't-1', name: 'Tina', roles: ['technician'] } });
      if (ended) return unauthenticated(route);
      if (p.startsWith('/handoffs?')) return json(route, { handoffs: [] });
      if (p === '/handoffs/h-1') return json(route, HANDOFF);
      if (p.startsWith('/handoffs/h-1/messages?')) return new Promise<void>((r) => setTimeout(r, 30_000)).then(() => json(route, { messages: [], cursor: '0' })).catch(() => undefined);
      return json(route, { error: { code: 'not_found', message: 'no' } }, 404);
    });
    await signIn(page);
    await page.getByLabel('Ticket a user quotes').fill('h-1');
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.getByLabel('Message to the user').fill('Try restarting it');
    ended = true;
    await page.getByLabel('Message to the user').press('Enter');
    await page.getByText("Your session has ended, so your message was not sent. It's still in the box: sign in again and press Send.").waitFor();
    await expect(page.getByLabel('Message to the user').inputValue()).resolves.toBe('Try restarting it');
    await page.close();
  });

  it('a failed queue refresh shows one calm line, cleared once a refresh succeeds', async () => {
    let down = false;
    const page = await consolePage(browser, (route, method, p) => {
      if (method === 'POST' && p === '/login') return json(route, { token: 't', expiresAt: new Date(Date.now() + 3600_000).toISOString(), technician: { id: 't-1', name: 'Tina', roles: ['technician'] } });
      if (p.startsWith('/handoffs?')) return down ? route.abort('connectionrefused') : json(route, { handoffs: [] });
      return json(route, { error: { code: 'not_found', message: 'no' } }, 404);
    });
    await signIn(page);
    down = true;
    await page.getByText("Can't reach the server; retrying...").waitFor({ timeout: 10_000 });
    await expect(page.locator('#error').innerText()).resolves.toBe("Can't reach the server; retrying...");
    down = false;
    await page.waitForFunction(() => document.getElementById('error')!.textContent === '', undefined, { timeout: 10_000 });
    await page.close();
  });

  // The session ended without a word: the first sign was a reply not sent, or a claim that failed.
  describe('the end of the session', () => {
    /** The API as the server answers it: each answer says when the session ends, on the server's clock (`skewMs` off the browser's). */
    function sessionApi(endsIn: () => number, skewMs = 0): Api {
      return (route, method, p) => {
        const serverNow = Date.now() + skewMs;
        const headers = { 'x-session-expires': new Date(serverNow + endsIn()).toISOString(), date: new Date(serverNow).toUTCString() };
        const answer = (body: unknown) => route.fulfill({ status: 200, contentType: 'application/json', headers, body: JSON.stringify(body) });
        if (method === 'POST' && p === '/login') return json(route, { token: 't', expiresAt: new Date(serverNow + endsIn()).toISOString(), technician: { id: 't-1', name: 'Tina', roles: ['technician'] } });
        if (endsIn() <= 0) return unauthenticated(route);
        if (p.startsWith('/handoffs?')) return answer({ handoffs: [] });
        return json(route, { error: { code: 'not_found', message: 'no' } }, 404);
      };
    }

    it('a few minutes before it ends a warning says when, on the server clock, and goes once a new sign-in extends it', async () => {
      let endsIn = 8 * 3600_000;
      // The technician's machine runs an hour fast: its own clock would say the session had ended.
      const page = await consolePage(browser, sessionApi(() => endsIn, -3600_000));
      await signIn(page);
      await expect(page.locator('#session-warning').isHidden()).resolves.toBe(true);
      endsIn = 4 * 60_000 - 5000;
      await page.getByText(/^Your session ends in 4 min, at \d\d:\d\d\. Sign in again before then to keep your chats; otherwise they go back to the queue\.$/).waitFor({ timeout: 5000 });
      await expect(page.locator('#desk-view').isVisible()).resolves.toBe(true);
      await page.getByRole('button', { name: 'Sign in again' }).click();
      endsIn = 8 * 3600_000;
      await page.getByLabel('Password').fill('a long enough password');
      await page.getByLabel('Password').press('Enter');
      await page.locator('#session-warning').waitFor({ state: 'hidden', timeout: 5000 });
      await expect(page.locator('#login-view').isHidden()).resolves.toBe(true);
      await page.close();
    });

    it('when it ends the console signs out at its next poll and says when it ended, and what happens to a chat held', async () => {
      const endsAt = Date.now() + 3000;
      const page = await consolePage(browser, sessionApi(() => endsAt - Date.now()));
      await signIn(page);
      await page.getByText(/^Your session ended at \d\d:\d\d, so you are signed out\. Sign in again within 5 minutes to keep the chats you held; after that they go back to the queue for a colleague, and their users are told\.$/).waitFor({ timeout: 10_000 });
      await expect(page.locator('#login-view').isVisible()).resolves.toBe(true);
      await expect(page.locator('#desk-view').isHidden()).resolves.toBe(true);
      await expect(page.locator('#session-warning').isHidden()).resolves.toBe(true);
      await page.close();
    });
  });
});

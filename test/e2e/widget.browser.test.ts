import type { Browser, BrowserContext, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser';
import { startServer, type RunningServer } from '../support/server-process';
import type { TestBot } from '../support/conversation';
import { startHandoffBot, TechnicianClient } from './handoff-harness';

// The web widget in a real browser (Debian's Chromium, driven by playwright-core).
const REMEMBER_KEY = 'helpline.conversation';

async function waitUntil(condition: () => boolean, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return true;
}
const TIMEOUT = 60_000;

let server: RunningServer;
let browser: Browser;

describeBrowser('the chat widget', () => {
  beforeAll(async () => {
    server = await startServer();
    browser = await launchChromium();
  }, 90_000);

  afterAll(async () => {
    await browser?.close();
    await server?.dispose();
  });

  /** A fresh browser profile (no storage) with a record of what the page asked the network for. */
  async function openWidget(options: { gpc?: boolean; viewport?: { width: number; height: number } } = {}) {
    const context = await browser.newContext(options.viewport ? { viewport: options.viewport } : {});
    if (options.gpc) {
      await context.addInitScript(() => Object.defineProperty(Navigator.prototype, 'globalPrivacyControl', { get: () => true }));
    }
    const page = await context.newPage();
    const requests: { method: string; url: string; body: string }[] = [];
    const pageErrors: string[] = [];
    page.on('request', (r) => requests.push({ method: r.method(), url: r.url(), body: r.postData() ?? '' }));
    page.on('pageerror', (e) => pageErrors.push(e.message));
    await page.goto(`${server.url}/`);
    await waitForBot(page, /virtual assistant/);
    return { context, page, requests, pageErrors };
  }

  const waitForBot = (page: Page, text: RegExp) => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
  const userBubbles = (page: Page) => page.locator('.webchat__bubble--from-user').allInnerTexts();
  const tokenRequests = (requests: { url: string }[]) => requests.filter((r) => r.url.endsWith('/api/directline/token')).length;
  const conversationOf = async (page: Page) =>
    page.evaluate(() => {
      const entry = performance.getEntriesByType('resource').map((e) => e.name).find((n) => /\/conversations\/[^/?]+\/activities/.test(n));
      return entry ? /\/conversations\/([^/?]+)\/activities/.exec(entry)?.[1] : undefined;
    });

  async function sendByKeyboard(page: Page, text: string) {
    await page.keyboard.type(text);
    await page.keyboard.press('Enter');
  }

  async function closeContext(context: BrowserContext) {
    await context.close();
  }

  it(
    'greets the user, takes "hi" typed into the focused send box, answers, and sets no cookie',
    async () => {
      const { context, page, requests, pageErrors } = await openWidget();
      expect(await page.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe('webchat-sendbox-input');
      await sendByKeyboard(page, 'hi');
      await waitForBot(page, /what can I help you with/i);
      expect(await userBubbles(page)).toEqual([expect.stringContaining('hi')]);

      expect(await context.cookies()).toEqual([]);
      expect(await page.evaluate(() => document.cookie)).toBe('');
      // Everything comes from this server: no CDN, no third party.
      const foreign = requests.filter((r) => !r.url.startsWith(server.url) && !/^(blob|data):/.test(r.url));
      expect(foreign).toEqual([]);
      expect(pageErrors).toEqual([]);
      // Accessible landmarks and a visible heading.
      await expect(page.locator('html').getAttribute('lang')).resolves.toBe('en');
      expect(await page.getByRole('heading', { level: 1 }).isVisible()).toBe(true);
      expect(await page.getByRole('main').count()).toBe(1);
      expect(await page.getByLabel('Remember this conversation on this device').count()).toBe(1);
      await closeContext(context);
    },
    TIMEOUT,
  );

  it(
    'keeps the send box on a phone-sized screen as the conversation grows: the transcript scrolls inside the frame',
    async () => {
      const { context, page } = await openWidget({ viewport: { width: 390, height: 700 } });
      // Every quick reply of the greeting is in view inside the frame, none hidden behind a carousel arrow.
      const frame = (await page.locator('#webchat').boundingBox())!;
      const choices = page.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button');
      await choices.first().waitFor();
      const boxes = await choices.evaluateAll((buttons) => buttons.map((b) => ({ text: b.textContent, ...b.getBoundingClientRect().toJSON() })));
      expect(boxes.map((b) => b.text)).toEqual(['My printer is offline', 'Wi-Fi keeps dropping', 'Talk to a technician', 'What can you do?']);
      for (const box of boxes) expect(box.right).toBeLessThanOrEqual(frame.x + frame.width);
      await sendByKeyboard(page, 'my printer says offline');
      await waitForBot(page, /Turn the printer off/);
      await sendByKeyboard(page, 'what can you do?');
      await waitForBot(page, /carry on where we were/);
      const layout = await page.evaluate(() => {
        const box = document.querySelector('[data-id="webchat-sendbox-input"]')!.getBoundingClientRect();
        return { pageHeight: document.documentElement.scrollHeight, screen: window.innerHeight, sendBoxBottom: box.bottom };
      });
      expect(layout.pageHeight).toBeLessThanOrEqual(layout.screen); // the page itself does not scroll
      expect(layout.sendBoxBottom).toBeLessThanOrEqual(layout.screen);
      await closeContext(context);
    },
    TIMEOUT,
  );

  it(
    'starts a new conversation on reload unless the user ticks "Remember", and then resumes the same one',
    async () => {
      const { context, page, requests } = await openWidget();
      await sendByKeyboard(page, 'hi');
      await waitForBot(page, /what can I help you with/i);
      const first = await conversationOf(page);

      await page.reload();
      await waitForBot(page, /virtual assistant/);
      const second = await conversationOf(page);
      expect(second).not.toBe(first);
      expect(await userBubbles(page)).toEqual([]);
      expect(await page.evaluate((key) => localStorage.getItem(key), REMEMBER_KEY)).toBeNull();

      // Tick the box with the keyboard only.
      await sendByKeyboard(page, 'hi');
      await waitForBot(page, /what can I help you with/i);
      for (let i = 0; i < 40 && (await page.evaluate(() => document.activeElement?.id)) !== 'remember'; i++) await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.id)).toBe('remember');
      await page.keyboard.press('Space');
      expect(await page.isChecked('#remember')).toBe(true);
      const stored = JSON.parse((await page.evaluate((key) => localStorage.getItem(key), REMEMBER_KEY)) ?? 'null');
      expect(stored).toMatchObject({ conversationId: second, token: expect.any(String) });

      const tokensBefore = tokenRequests(requests);
      await page.reload();
      await waitForBot(page, /what can I help you with/i); // the earlier answer is shown again
      expect(await conversationOf(page)).toBe(second);
      expect(tokenRequests(requests)).toBe(tokensBefore); // resumed, not a new conversation
      expect(await page.isChecked('#remember')).toBe(true);
      expect(await userBubbles(page)).toEqual([expect.stringContaining('hi')]);

      // Unticking forgets it at once.
      await page.uncheck('#remember');
      expect(await page.evaluate((key) => localStorage.getItem(key), REMEMBER_KEY)).toBeNull();
      await page.reload();
      await waitForBot(page, /virtual assistant/);
      expect(await conversationOf(page)).not.toBe(second);
      expect(await context.cookies()).toEqual([]);
      await closeContext(context);
    },
    TIMEOUT,
  );

  /** A widget that has greeted the user, then lost its connection: "Reconnecting…" shows. */
  async function chatThenGoOffline() {
    const { context, page } = await openWidget();
    await sendByKeyboard(page, 'hi');
    await waitForBot(page, /what can I help you with/i);
    const reconnecting = page.locator('.webchat__connectivityStatus').filter({ hasText: /Reconnecting/ });
    await context.setOffline(true);
    await reconnecting.waitFor({ timeout: 10_000 });
    return { context, page, reconnecting };
  }

  it(
    'carries on after the connection drops: says it is reconnecting, then gets the answers again',
    async () => {
      // DirectLineJS alone stops polling after one failed request and still reports itself online,
      // so after a moment offline (or a server restart) no answer ever came and nothing said why.
      const { context, page, reconnecting } = await chatThenGoOffline();
      await context.setOffline(false);
      await reconnecting.waitFor({ state: 'detached', timeout: 10_000 });
      await page.locator('[data-id="webchat-sendbox-input"]').focus();
      await sendByKeyboard(page, 'my printer says offline');
      await waitForBot(page, /Turn the printer off/);
      await closeContext(context);
    },
    TIMEOUT,
  );

  it(
    'Enter while "Reconnecting…" keeps the text, says it will be sent on reconnect, and sends it once the line is back',
    async () => {
      // Web Chat drops a send while the line is down: the text stayed in the box and nothing said why.
      const { context, page, reconnecting } = await chatThenGoOffline();
      const input = page.locator('[data-id="webchat-sendbox-input"]');
      await input.focus();
      await sendByKeyboard(page, 'my printer says offline');
      const note = page.getByRole('status').filter({ hasText: 'Not connected: your message will be sent when we reconnect.' });
      await note.waitFor({ timeout: 5_000 });
      expect(await input.inputValue()).toBe('my printer says offline');

      await context.setOffline(false);
      await waitForBot(page, /Turn the printer off/);
      expect(await input.inputValue()).toBe('');
      expect(await note.count()).toBe(0);
      expect(await userBubbles(page)).toEqual([expect.stringContaining('hi'), expect.stringContaining('my printer says offline')]);
      await closeContext(context);
    },
    TIMEOUT,
  );

  it(
    'gives the transcript most of a 375x667 phone screen: a compact header and "Remember" box, nothing hidden',
    async () => {
      // The header and the "Remember" box took about 45% of the screen, the transcript under a quarter.
      const { context, page } = await openWidget({ viewport: { width: 375, height: 667 } });
      await page.getByRole('toolbar', { name: 'Suggested actions' }).getByRole('button').first().waitFor();
      const layout = await page.evaluate(() => {
        const box = (selector: string) => document.querySelector(selector)!.getBoundingClientRect();
        const share = (selector: string) => box(selector).height / window.innerHeight;
        return {
          header: share('.page-header'),
          footer: share('.page-footer'),
          transcript: share('.webchat__basic-transcript'),
          hintBottom: box('#remember-hint').bottom,
          pageHeight: document.documentElement.scrollHeight,
          screen: window.innerHeight,
        };
      });
      expect(layout.header + layout.footer).toBeLessThan(0.25);
      // With the greeting's four quick replies showing under it.
      expect(layout.transcript).toBeGreaterThan(0.35);
      expect(layout.pageHeight).toBeLessThanOrEqual(layout.screen);
      expect(layout.hintBottom).toBeLessThanOrEqual(layout.screen);
      expect(await page.getByText("Please don't type passwords or card numbers").isVisible()).toBe(true);
      expect(await page.getByLabel('Remember this conversation on this device').isVisible()).toBe(true);
      await closeContext(context);
    },
    TIMEOUT,
  );

  it(
    'says a message over the 10,000-character limit is too long and keeps it in the box, rather than "Send failed"',
    async () => {
      const { context, page, requests } = await openWidget();
      const input = page.locator('[data-id="webchat-sendbox-input"]');
      await input.fill('My laptop is slow. '.repeat(600)); // 11,400 characters, as if pasted
      await page.keyboard.press('Enter');
      const status = page.getByRole('status').filter({ hasText: /too long/ });
      await status.waitFor({ timeout: 5_000 });
      expect(await status.innerText()).toMatch(/11,399 characters; the limit is 10,000/);
      expect(await input.inputValue()).toHaveLength(11_400);
      expect(requests.filter((r) => r.method === 'POST' && r.body.includes('My laptop is slow'))).toEqual([]);

      await input.fill('my laptop is slow');
      await page.keyboard.press('Enter');
      await waitForBot(page, /Windows PC or a Mac/);
      expect(await status.count()).toBe(0);
      await closeContext(context);
    },
    TIMEOUT,
  );

  it(
    'honours Global Privacy Control: says so, and tells the bot once per conversation',
    async () => {
      const { context, page, requests } = await openWidget({ gpc: true });
      await expect(page.getByText("Global Privacy Control detected: we won't use your data for marketing or share it").isVisible()).resolves.toBe(true);
      const gpcPosts = () => requests.filter((r) => r.method === 'POST' && /\/activities$/.test(r.url) && r.body.includes('helpline.gpc'));
      expect(await waitUntil(() => gpcPosts().length >= 1)).toBe(true);
      expect(gpcPosts()).toHaveLength(1);
      expect(JSON.parse(gpcPosts()[0]?.body ?? '{}')).toMatchObject({ type: 'event', name: 'helpline.gpc', value: { gpc: true } });

      // A remembered conversation is not told twice; a new one is told again.
      await page.check('#remember');
      await page.reload();
      await waitForBot(page, /virtual assistant/);
      await page.waitForTimeout(1500);
      expect(gpcPosts()).toHaveLength(1);
      await page.uncheck('#remember');
      await page.reload();
      await waitForBot(page, /virtual assistant/);
      expect(await waitUntil(() => gpcPosts().length >= 2)).toBe(true);
      expect(gpcPosts()).toHaveLength(2);
      await closeContext(context);
    },
    TIMEOUT,
  );

  it(
    'does not show the note without the signal',
    async () => {
      const { context, page } = await openWidget();
      expect(await page.locator('#gpc-note').isVisible()).toBe(false);
      await closeContext(context);
    },
    TIMEOUT,
  );
});

// The real app in this process (a technician signed in, the desk open), so the widget can queue for a person.
describeBrowser('the chat widget while the user waits for a technician', () => {
  let bot: TestBot;
  let browser: Browser;
  let tech: TechnicianClient;
  beforeAll(async () => {
    bot = await startHandoffBot();
    tech = await new TechnicianClient(bot.url).login();
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
  });

  const waitForBot = (page: Page, text: RegExp) => page.locator('.webchat__bubble:not(.webchat__bubble--from-user)').filter({ hasText: text }).first().waitFor({ timeout: 20_000 });
  const waiting = async (): Promise<string[]> => (await tech.call('GET', '/handoffs?status=waiting')).body.handoffs.map((h: { id: string }) => h.id);
  async function until(condition: () => Promise<boolean>, timeoutMs = 10_000): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return true;
  }

  /** A page that asked for a person and gave name and email; returns it with the new ticket's id. */
  async function queueInWidget(): Promise<{ context: BrowserContext; page: Page; ticketId: string }> {
    const before = await waiting();
    const context = await browser.newContext();
    const page = await context.newPage();
    await page.goto(`${bot.url}/`);
    await waitForBot(page, /virtual assistant/);
    for (const [text, answer] of [
      ['I want to talk to a human', /name/i],
      ['Jane Doe', /email address/i],
      ['jane@example.com', /next in line|in the queue/],
    ] as const) {
      await page.locator('[data-id="webchat-sendbox-input"]').fill(text);
      await page.keyboard.press('Enter');
      await waitForBot(page, answer);
    }
    const ticketId = (await waiting()).find((id) => !before.includes(id));
    if (!ticketId) throw new Error('the widget user was not queued');
    return { context, page, ticketId };
  }

  it(
    'reloading without "Remember" takes the ticket out of the live queue (nobody would be there), and the new chat starts afresh',
    async () => {
      const { context, page, ticketId } = await queueInWidget();
      await page.reload();
      await waitForBot(page, /virtual assistant/);
      expect(await until(async () => !(await waiting()).includes(ticketId))).toBe(true);
      expect((await tech.call('GET', `/handoffs/${ticketId}`)).body).toMatchObject({ status: 'ended', outcome: 'cancelled' });
      await context.close();
    },
    TIMEOUT,
  );

  it(
    'with "Remember" ticked the ticket keeps its place across a reload',
    async () => {
      const { context, page, ticketId } = await queueInWidget();
      await page.check('#remember');
      await page.reload();
      await waitForBot(page, /next in line|in the queue/);
      await page.waitForTimeout(1000);
      expect(await waiting()).toContain(ticketId);
      await page.uncheck('#remember');
      await context.close(); // a closed tab is a page hidden for good too
      expect(await until(async () => !(await waiting()).includes(ticketId))).toBe(true);
    },
    TIMEOUT,
  );
});

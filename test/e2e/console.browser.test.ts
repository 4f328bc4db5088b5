import type { Browser, Page } from 'playwright-core';
import { describeBrowser, launchChromium } from '../support/browser';
import type { TestBot } from '../support/conversation';
import { DirectLineRest } from '../support/directline-client';
import { createRightsServices } from '../../src/services/privacy/requests';
import { TechnicianAccounts } from '../../src/services/handoff/technician-accounts';
import { DEV_PASSWORD, startHandoffBot, TechnicianClient } from './handoff-harness';

// The technician console in a real browser (Debian's Chromium, driven by playwright-core).
jest.setTimeout(120_000);

type Conversation = { token: string; conversationId: string };
const helpline = (a: { channelData?: { helpline?: Record<string, any> } }) => a.channelData?.helpline ?? {};
const XSS = '<img src=x onerror=alert(1)>';
// The console polls the queue every 2 s and waits 2 s after a failed chat poll; on a loaded CI machine
// (Chromium and jest on two cores) several polls can pass before a change shows (5 s failed CI once).
const POLLED = 20_000;

async function waitForBot(rest: DirectLineRest, conversation: Conversation, match: (a: any) => boolean, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = (await rest.activities(conversation)).activities.find((a) => a.from?.role === 'bot' && match(a));
    if (found) return found;
    if (Date.now() > deadline) throw new Error('the user never got the expected message');
    await new Promise((r) => setTimeout(r, 200));
  }
}

/** A Direct Line user who asks for a person and gives name and email; returns the chat and its ticket id. */
async function queueUser(rest: DirectLineRest, userId: string, request = 'I need to talk to a technician'): Promise<{ conversation: Conversation; ticketId: string }> {
  const conversation = await rest.startConversation({ id: userId });
  await rest.send(conversation, request);
  await waitForBot(rest, conversation, (a) => helpline(a).expects === 'name');
  await rest.send(conversation, 'Jane Doe');
  await waitForBot(rest, conversation, (a) => helpline(a).expects === 'email');
  await rest.send(conversation, 'jane@example.com');
  const queued = await waitForBot(rest, conversation, (a) => helpline(a).handoff?.state === 'queued');
  return { conversation, ticketId: helpline(queued).handoff.ticketId };
}

/** The console signed in as the development technician (so users asking for a person are queued live). */
async function signIn(page: Page, url: string): Promise<void> {
  await page.goto(`${url}/console`);
  await page.getByLabel('Username').fill('admin');
  await page.getByLabel('Password').fill(DEV_PASSWORD);
  await page.keyboard.press('Enter');
  await page.getByText('Signed in as').waitFor();
}

/** In a signed-in console, `ticketId` opened and claimed. */
async function claimInConsole(page: Page, ticketId: string): Promise<void> {
  await page.getByLabel('Ticket a user quotes').fill(ticketId);
  await page.getByRole('button', { name: 'Open ticket' }).click();
  await page.getByRole('button', { name: 'Claim' }).click();
  await page.getByLabel('Message to the user').waitFor();
}

describeBrowser('the technician console', () => {
  let bot: TestBot;
  let browser: Browser;
  beforeAll(async () => {
    bot = await startHandoffBot();
    browser = await launchChromium();
  }, 90_000);
  afterAll(async () => {
    await browser?.close();
    await bot?.close();
  });

  it('signs in, claims, chats, reveals and resolves; user text is shown as text, never run as HTML', async () => {
    const page: Page = await browser.newPage();
    const dialogs: string[] = [];
    const pageErrors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('pageerror', (e) => pageErrors.push(e.message));

    // Sign in with the keyboard only.
    await page.goto(`${bot.url}/console`);
    await page.getByLabel('Username').fill('admin');
    await page.getByLabel('Password').fill(DEV_PASSWORD);
    await page.keyboard.press('Enter');
    await page.getByText('Signed in as').waitFor();

    // A user asks for a person while the console is open: the queue shows them within a poll or two.
    const rest = DirectLineRest.forServer(bot.url);
    const conversation = await rest.startConversation({ id: 'dl-browser-user' });
    await rest.send(conversation, 'I need to talk to a technician');
    await waitForBot(rest, conversation, (a) => helpline(a).expects === 'name');
    await rest.send(conversation, 'Jane Doe');
    await waitForBot(rest, conversation, (a) => helpline(a).expects === 'email');
    await rest.send(conversation, 'jane@example.com');
    await waitForBot(rest, conversation, (a) => helpline(a).handoff?.state === 'queued');
    const open = page.getByRole('button', { name: /^Open handoff waiting/ });
    await open.waitFor({ timeout: POLLED });
    // With no handoff open the queue has the page's width, and no heading or button breaks inside a word.
    const layout = await page.evaluate(() => {
      const table = document.querySelector('table')!.getBoundingClientRect();
      const desk = document.querySelector('.desk')!.getBoundingClientRect();
      const lineHeight = (e: Element) => parseFloat(getComputedStyle(e).lineHeight) || 1.5 * parseFloat(getComputedStyle(e).fontSize);
      const oneLine = (e: Element) => e.getBoundingClientRect().height < 2 * lineHeight(e) + 16; // + padding
      return { share: table.width / desk.width, wrapped: Array.from(document.querySelectorAll('th, td button')).filter((e) => !oneLine(e)).map((e) => e.textContent) };
    });
    expect(layout.share).toBeGreaterThan(0.95);
    expect(layout.wrapped).toEqual([]);

    // Keyboard: focus reaches the Open button and shows a visible focus ring.
    await open.focus();
    const outline = await open.evaluate((el) => getComputedStyle(el).outlineStyle);
    expect(outline).not.toBe('none');
    await page.keyboard.press('Enter');
    await page.locator('#contact').getByText('j***@e***.com').waitFor();
    await expect(page.locator('#consents').innerText()).resolves.toContain('Remote access: no');
    // The transcript is longer than its pane and opens at its latest lines, not at the welcome.
    const pane = await page.locator('#transcript').evaluate((e) => ({ overflows: e.scrollHeight > e.clientHeight, fromEnd: e.scrollHeight - e.scrollTop - e.clientHeight }));
    expect(pane.overflows).toBe(true);
    expect(pane.fromEnd).toBeLessThan(2);

    await page.getByRole('button', { name: 'Claim' }).click();
    await waitForBot(rest, conversation, (a) => helpline(a).handoff?.state === 'assigned');

    await page.getByLabel('Message to the user').fill('Hello Jane, I am looking at your printer case.');
    await page.keyboard.press('Enter');
    const relayed = await waitForBot(rest, conversation, (a) => helpline(a).technician !== undefined, 2000);
    expect(relayed.text).toBe('Hello Jane, I am looking at your printer case.');

    // The user's HTML arrives in the live chat as visible text within 2 s, and nothing runs.
    const sentAt = Date.now();
    await rest.send(conversation, XSS);
    const line = page.locator('#chat li.from-user p').filter({ hasText: XSS });
    await line.waitFor({ timeout: 2000 });
    expect(Date.now() - sentAt).toBeLessThan(2000);
    await expect(line.textContent()).resolves.toBe(XSS);
    await expect(line.isVisible()).resolves.toBe(true);
    expect(await page.locator('#chat img, #transcript img').count()).toBe(0);
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);

    // Reveal the email: the full value appears and the reveal is audited.
    await page.getByRole('button', { name: /Reveal email/ }).click();
    await page.locator('#contact').getByText('jane@example.com').waitFor();
    await expect(page.locator('#status').innerText()).resolves.toContain('audit log');

    await page.getByLabel('Resolution').fill('Printer back online');
    await page.getByRole('button', { name: 'Resolve' }).click();
    const ask = await waitForBot(rest, conversation, (a) => helpline(a).expects === 'rating');
    expect(ask.suggestedActions.actions.map((a: { value: string }) => a.value)).toEqual(['1', '2', '3', '4', '5']);
    await page.getByText('Resolved. The user has been thanked').waitFor();

    // A ticket id the user reads out on the phone, typed in lower case, opens the ended handoff;
    // an unknown one says so.
    const ticketId = helpline(ask).handoff.ticketId as string;
    expect(ticketId).toMatch(/^T-[2-9A-HJ-NP-Z]{10}$/);
    await page.getByLabel('Ticket a user quotes').fill('nope-123');
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.locator('#error').getByText('There is no handoff with this id.').waitFor();
    await page.getByLabel('Ticket a user quotes').fill(` ${ticketId.toLowerCase()} `);
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.getByRole('heading', { name: `Handoff ${ticketId}` }).waitFor();
    await expect(page.locator('#detail-meta').innerText()).resolves.toMatch(/^ended .*resolved$/);
    // Whoever opens it (the user calling about it) reads what was done.
    await expect(page.locator('#case-facts').innerText()).resolves.toMatch(/Resolution\s+Printer back online/);
    expect(pageErrors).toEqual([]);
    expect(dialogs).toEqual([]);
  });

  it('a session that ends mid-chat puts the chat back in the queue, its user told; signing in again reopens it to claim again', async () => {
    // Signed in nowhere else: earlier tests' consoles left the development technician signed in, which keeps their chats.
    await new TechnicianAccounts(bot.app.store, bot.clock.now).add({ username: 'lena', role: 'technician', name: 'Lena', password: 'lena password 123' });
    const page: Page = await browser.newPage();
    const rest = DirectLineRest.forServer(bot.url);
    await page.goto(`${bot.url}/console`);
    await page.getByLabel('Username').fill('lena');
    await page.getByLabel('Password').fill('lena password 123');
    await page.keyboard.press('Enter');
    await page.getByText('Signed in as').waitFor();
    const { conversation, ticketId } = await queueUser(rest, 'dl-lunch-user');
    await claimInConsole(page, ticketId);

    // The session ends on the server (expired over lunch; signing out does the same at once).
    await page.evaluate(() => fetch('/api/technician/logout', { method: 'POST', headers: { 'x-helpline-console': '1' } }));
    await waitForBot(rest, conversation, (a) => helpline(a).handoff?.state === 'queued' && /had to step away/.test(a.text));
    await rest.send(conversation, 'are you still there?');
    await page.getByLabel('Password').waitFor();
    // Typed slowly, as a person does: no poll of the closed chat takes the focus away to Username meanwhile.
    await page.getByLabel('Password').focus();
    await page.keyboard.type('lena password 123', { delay: 100 });
    await expect(page.getByLabel('Password').inputValue()).resolves.toBe('lena password 123');
    await page.getByLabel('Username').fill('lena');
    await page.getByLabel('Password').press('Enter');

    // Back in: the handoff reopens, waiting, with what the user wrote meanwhile, and is claimed again.
    await page.getByRole('heading', { name: `Handoff ${ticketId}` }).waitFor();
    await page.locator('#transcript li.from-user p').filter({ hasText: 'are you still there?' }).waitFor({ timeout: POLLED });
    await page.getByRole('button', { name: 'Claim' }).click();
    await page.locator('#chat li.from-system p').filter({ hasText: 'went back to the queue' }).waitFor({ timeout: POLLED });
    await expect(page.getByLabel('Message to the user').isVisible()).resolves.toBe(true);
    await page.close();
  });

  it('a console reloaded mid-chat shows both directions of the live chat in order, with recording off too', async () => {
    const page: Page = await browser.newPage();
    const rest = DirectLineRest.forServer(bot.url);
    await signIn(page, bot.url);
    const { conversation, ticketId } = await queueUser(rest, 'dl-reloading-user');
    await claimInConsole(page, ticketId);
    const chatSays = (from: string, text: string) => page.locator(`#chat li.from-${from} p`).filter({ hasText: text }).waitFor({ timeout: POLLED });
    const reply = async (text: string) => {
      await page.getByLabel('Message to the user').fill(text);
      await page.keyboard.press('Enter');
      await waitForBot(rest, conversation, (a) => a.text === text);
      await chatSays('technician', text);
    };

    // Recording off: the technician's lines reach no transcript, so only the live chat can show them.
    await rest.send(conversation, "please don't record this chat");
    await chatSays('user', "please don't record this chat");
    await reply('Is the printer plugged in?');
    await rest.send(conversation, 'yes it is plugged in');
    await chatSays('user', 'yes it is plugged in');
    await reply('Then hold the power button for ten seconds.');
    const expected = [
      ['from-user', "please don't record this chat"],
      ['from-system', expect.stringMatching(/^The user opted out of recording of their chats\. It is applied and confirmed to them/)],
      ['from-technician', 'Is the printer plugged in?'],
      ['from-user', 'yes it is plugged in'],
      ['from-technician', 'Then hold the power button for ten seconds.'],
    ];
    const lines = () => page.locator('#chat li').evaluateAll((lis) => lis.map((li) => [li.className, li.querySelector('p')?.textContent ?? '']));
    // Sent lines show once, from the chat's poll, not also as typed.
    await expect(lines()).resolves.toEqual(expected);

    await page.reload();
    await page.getByText('Signed in as').waitFor();
    await page.getByLabel('Ticket a user quotes').fill(ticketId);
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await chatSays('technician', 'Then hold the power button for ten seconds.');
    await expect(lines()).resolves.toEqual(expected);
    await expect(page.locator('#transcript').innerText()).resolves.not.toContain('power button');
    await page.close();
  });

  it('what an unrecorded user wrote as the technician resolved shows in the ended chat, though their console never fetched it', async () => {
    const page: Page = await browser.newPage();
    const rest = DirectLineRest.forServer(bot.url);
    const api = await new TechnicianClient(bot.url).login();
    await signIn(page, bot.url);
    const { conversation, ticketId } = await queueUser(rest, 'dl-last-words-user');
    // The chat's polls never answer (a slow network): only the resolve's answer can bring the last lines.
    await page.route(/\/messages\?/, () => undefined);
    await claimInConsole(page, ticketId);
    await rest.send(conversation, "please don't record this chat");
    await rest.send(conversation, 'one more thing: the printer is a P-100');
    const inLog = async () => (await api.call('GET', `/handoffs/${ticketId}/messages?wait=0`)).body.messages.some((m: { text: string }) => m.text.includes('P-100'));
    for (let i = 0; i < 50 && !(await inLog()); i++) await new Promise((r) => setTimeout(r, 100));
    await expect(page.locator('#chat li').count()).resolves.toBe(0);

    await page.getByLabel('Resolution').fill('Printer back online');
    await page.getByRole('button', { name: 'Resolve' }).click();
    await page.getByText('Resolved.').waitFor();
    await expect(page.locator('#detail-meta').innerText()).resolves.toMatch(/^ended .*resolved$/);
    const last = page.locator('#chat li.from-user p').filter({ hasText: 'one more thing: the printer is a P-100' });
    await expect(last.isVisible()).resolves.toBe(true);
    await expect(page.locator('#live-title').innerText()).resolves.toBe('Live chat (ended)');
    // Readable, not writable: the user is back with the bot.
    await expect(page.getByLabel('Message to the user').isVisible()).resolves.toBe(false);
    await expect(page.getByRole('button', { name: 'Resolve' }).isVisible()).resolves.toBe(false);
    // Recording off: no transcript holds it, so the live chat is the only place it shows.
    await expect(page.locator('#transcript').innerText()).resolves.not.toContain('P-100');
    await page.close();
  });

  it('a handoff ended by the user erasing their data shows as ended, with no live chat left to write in', async () => {
    const page: Page = await browser.newPage();
    const rest = DirectLineRest.forServer(bot.url);
    await signIn(page, bot.url);
    const { ticketId } = await queueUser(rest, 'dl-erasing-user');
    await claimInConsole(page, ticketId);

    const { userId } = (await bot.app.store.get<{ userId: string }>('handoffs', 'queue', `active/${ticketId}`))!.value;
    const rights = createRightsServices({ store: bot.app.store, policy: bot.app.config.policy, mailer: { kind: 'log', send: async () => undefined, close: () => undefined }, now: bot.clock.now });
    await rights.erasure.erase({ userIds: [userId] });

    await page.getByText('This handoff has ended.').waitFor({ timeout: 30_000 });
    await expect(page.locator('#detail-meta').innerText()).resolves.toMatch(/^ended .*cancelled$/);
    await expect(page.getByLabel('Message to the user').isVisible()).resolves.toBe(false);
    await page.close();
  });

  it('lists a security report waiting first, as its user was told "next in line", ahead of someone who asked earlier', async () => {
    const page: Page = await browser.newPage();
    await signIn(page, bot.url);
    const rest = DirectLineRest.forServer(bot.url);
    await queueUser(rest, 'dl-printer-user');
    bot.clock.advance(60_000); // the test clock stands still: the security report comes a minute later
    const security = await queueUser(rest, 'dl-hacked-user', 'I think my account was hacked');
    const told = await waitForBot(rest, security.conversation, (a) => helpline(a).handoff?.state === 'queued');
    expect(helpline(told).handoff.position).toBe(1);

    const rows = page.locator('#queue-rows tr');
    await page.waitForFunction(() => document.querySelectorAll('#queue-rows tr').length === 2, undefined, { timeout: POLLED });
    const summaries = await rows.evaluateAll((trs) => trs.map((tr) => tr.querySelector('td:nth-child(3)')?.textContent ?? ''));
    expect(summaries).toEqual([expect.stringMatching(/^Priority .*hacked/), expect.stringMatching(/talk to a technician/)]);
    await page.close();
  });

  // A user who closed the tab keeps their place; the technician about to claim the ticket found nobody there, with no sign of it.
  it('a waiting ticket shows how long ago its user last wrote, on the server\'s clock', async () => {
    const rest = DirectLineRest.forServer(bot.url);
    const page: Page = await browser.newPage();
    await signIn(page, bot.url); // someone signed in: the user is queued live
    const { conversation, ticketId } = await queueUser(rest, 'dl-walked-away-user');
    bot.clock.advance(30 * 60_000);
    await rest.send(conversation, 'how long?');
    await waitForBot(rest, conversation, (a) => /still in the queue/.test(a.text ?? ''));
    bot.clock.advance(2 * 60 * 60_000);
    await page.getByLabel('Ticket a user quotes').fill(ticketId);
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.getByRole('button', { name: 'Claim' }).waitFor();
    await expect(page.locator('#detail-meta').innerText()).resolves.toMatch(/^waiting · waited 2 h 30 min · user last wrote 2 h 0 min ago$/);
    await page.close();
  });

  it('a technician who clicks Claim after another claimed it sees who has it, and no Claim button', async () => {
    const page: Page = await browser.newPage();
    const rest = DirectLineRest.forServer(bot.url);
    await signIn(page, bot.url);
    const { ticketId } = await queueUser(rest, 'dl-contested-user');
    await page.getByLabel('Ticket a user quotes').fill(ticketId);
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.getByRole('button', { name: 'Claim' }).waitFor();

    // Omar claims it through the API while the page still offers Claim.
    await new TechnicianAccounts(bot.app.store, bot.clock.now).add({ username: 'omar', role: 'technician', name: 'Omar', password: 'omar password 123' });
    const login = await fetch(`${bot.url}/api/technician/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'omar', password: 'omar password 123' }) });
    const { token } = (await login.json()) as { token: string };
    const claimed = await fetch(`${bot.url}/api/technician/handoffs/${ticketId}/claim`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    expect(claimed.status).toBe(200);

    await page.getByRole('button', { name: 'Claim' }).click();
    await page.locator('#error').getByText('Omar already has this handoff.').waitFor();
    await expect(page.locator('#detail-meta').innerText()).resolves.toMatch(/^assigned · with Omar/);
    await expect(page.getByRole('button', { name: 'Claim' }).isVisible()).resolves.toBe(false);
    await page.close();
  });

  it('a supervisor releases to the bot a handoff another technician holds and left; the user is told', async () => {
    const page: Page = await browser.newPage();
    const rest = DirectLineRest.forServer(bot.url);
    await signIn(page, bot.url); // admin, a supervisor
    const { conversation, ticketId } = await queueUser(rest, 'dl-abandoned-user');
    await new TechnicianAccounts(bot.app.store, bot.clock.now).add({ username: 'ravi', role: 'technician', name: 'Ravi', password: 'ravi password 123' });
    const login = await fetch(`${bot.url}/api/technician/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'ravi', password: 'ravi password 123' }) });
    const { token } = (await login.json()) as { token: string };
    expect((await fetch(`${bot.url}/api/technician/handoffs/${ticketId}/claim`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })).status).toBe(200);

    await page.getByLabel('Ticket a user quotes').fill(ticketId);
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.getByRole('heading', { name: 'Held by another technician' }).waitFor();
    await expect(page.getByLabel('Message to the user').isVisible()).resolves.toBe(false); // no taking over the chat
    await page.getByLabel(/Note for the record/).last().fill('Ravi is away');
    await page.locator('#takeover-form').getByRole('button', { name: 'Release to the bot' }).click();
    await page.getByText('Released: the bot has the conversation again.').waitFor();
    await expect(page.locator('#detail-meta').innerText()).resolves.toMatch(/^ended/);
    const told = await waitForBot(rest, conversation, (a) => helpline(a).handoff?.state === 'ended');
    expect(told.text).toMatch(/has handed the conversation back to me/);
    await page.close();
  });

  // Last: it moves the clock to the weekend, when nobody is signed in and a follow-up ticket is offered instead.
  // The problem added to that ticket reached the queue's summary only, not the case the technician reads.
  it('a problem and a note the user added to their open email ticket show in the case, the problem with what they tried', async () => {
    bot.clock.advance(4 * 24 * 60 * 60_000); // Sunday 10:00 in New York: closed
    const rest = DirectLineRest.forServer(bot.url);
    const first = await rest.startConversation({ id: 'dl-added-problem-user' });
    await rest.send(first, 'talk to a real person');
    await waitForBot(rest, first, (a) => /email/i.test(a.text ?? '') && Boolean(helpline(a).expects));
    await rest.send(first, 'email me');
    await waitForBot(rest, first, (a) => helpline(a).expects === 'email');
    await rest.send(first, 'jo@example.com');
    const opened = await waitForBot(rest, first, (a) => Boolean(helpline(a).handoff?.ticketId));
    const ticketId = helpline(opened).handoff.ticketId;
    await rest.send(first, 'also tell them the fan clicks');
    await waitForBot(rest, first, (a) => /Noted: I've added/.test(a.text ?? ''));
    const later = await rest.startConversation({ id: 'dl-added-problem-user' });
    await rest.send(later, 'my printer says offline');
    await waitForBot(rest, later, (a) => /Turn the printer off/.test(a.text ?? ''));
    await rest.send(later, 'Talk to a technician');
    await waitForBot(rest, later, (a) => /I've added "Printer shows as offline"/.test(a.text ?? ''));

    const page: Page = await browser.newPage();
    await signIn(page, bot.url);
    await page.getByLabel('Ticket a user quotes').fill(ticketId);
    await page.getByRole('button', { name: 'Open ticket' }).click();
    await page.getByRole('button', { name: 'Claim' }).waitFor();
    await expect(page.locator('#case-facts').innerText()).resolves.toMatch(/Also asked later\s+Printer shows as offline \(printer\)\. Tried: Turn the printer off .* → Talk to a technician/i);
    // The note the user added reached the queue's summary; the opened ticket shows it too.
    await expect(page.locator('#case-facts').innerText()).resolves.toMatch(/Summary\s+.*the user adds: the fan clicks/i);
    await page.close();
  });
});

import type { Activity } from 'botbuilder';
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import YAML from 'yaml';
import type { Store } from '../../../src/services/storage/store';
import { data, startTestBot, type TestBot } from '../../support/conversation';

jest.setTimeout(60_000);

const DEV_PASSWORD = 'dev password for tests';
const WEDNESDAY_10AM_NY = Date.parse('2026-11-18T15:00:00Z');

/**
 * A stand-in for the Teams Bot Connector: records what the bot POSTs and answers like the service: a
 * post to a channel is a new thread, "<channel>;messageid=<its message id>".
 */
async function fakeConnector() {
  const posts: { url: string; headers: http.IncomingHttpHeaders; body: any; answer?: { id: string } }[] = [];
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      const body = raw ? JSON.parse(raw) : undefined;
      posts.push({ url: req.url ?? '', headers: req.headers, body });
      const messageId = String(1000 + posts.length);
      res.writeHead(200, { 'content-type': 'application/json' });
      const thread = req.url === '/v3/conversations' ? { id: `${body.channelData.channel.id};messageid=${messageId}`, activityId: messageId } : { id: messageId };
      posts[posts.length - 1].answer = thread;
      res.end(JSON.stringify(thread));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return { url: `http://127.0.0.1:${(server.address() as { port: number }).port}/`, posts, close: () => new Promise<void>((r) => server.close(() => r())) };
}

/** The shipped policy file with a Teams channel for technician alerts. */
const tempDirs: string[] = [];
function policyWithTeams(serviceUrl: string): string {
  const policy = YAML.parse(fs.readFileSync('content/helpline.config.yaml', 'utf8'));
  policy.technicianAlerts = { teamsChannelId: '19:techs@thread.tacv2', teamsServiceUrl: serviceUrl };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-policy-'));
  tempDirs.push(dir);
  const file = path.join(dir, 'helpline.config.yaml');
  fs.writeFileSync(file, YAML.stringify(policy));
  return file;
}

const ALLOWED_ELEMENTS = new Set(['TextBlock', 'FactSet', 'Action.OpenUrl']);
function elementTypes(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) node.forEach((n) => elementTypes(n, out));
  else if (node && typeof node === 'object') {
    const type = (node as { type?: unknown }).type;
    if (typeof type === 'string' && type !== 'AdaptiveCard') out.push(type);
    Object.values(node).forEach((v) => elementTypes(v, out));
  }
  return out;
}

describe('telling others about a new handoff', () => {
  let bot: TestBot;
  let connector: Awaited<ReturnType<typeof fakeConnector>>;
  beforeAll(async () => {
    connector = await fakeConnector();
    process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD = DEV_PASSWORD;
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY, env: { HELPLINE_CONFIG: policyWithTeams(connector.url), HELPLINE_PUBLIC_URL: 'https://helpline.example' } });
    delete process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD;
    await fetch(`${bot.url}/api/technician/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEV_PASSWORD }) });
  });
  afterAll(async () => {
    await bot?.close();
    await connector?.close();
    for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
  });

  async function queueOne() {
    const user = bot.conversation();
    await user.say('talk to a human');
    await user.say('Jane Doe');
    const queued = await user.say('jane@example.com');
    return { user, ticketId: queued.map((a) => data(a).handoff?.ticketId).find(Boolean)! };
  }

  it('posts an Adaptive Card (1.4, supported elements only) with a console link to the Teams channel, without personal data', async () => {
    const before = connector.posts.length;
    const { ticketId } = await queueOne();
    const deadline = Date.now() + 5000;
    while (connector.posts.length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const post = connector.posts[before];
    expect(post.url).toBe('/v3/conversations');
    expect(post.body).toMatchObject({ isGroup: true, channelData: { channel: { id: '19:techs@thread.tacv2' } } });
    const attachment = post.body.activity.attachments[0];
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment.content;
    expect(Number(card.version)).toBeLessThanOrEqual(1.4);
    expect(elementTypes(card).every((t) => ALLOWED_ELEMENTS.has(t))).toBe(true);
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: expect.any(String), url: `https://helpline.example/console#handoff=${ticketId}` }]);
    expect(JSON.stringify(card)).not.toMatch(/Jane|jane@example\.com/);
  });

  it('records handoff.status events from an agent hub; completed gives the conversation back to the bot', async () => {
    const { user, ticketId } = await queueOne();
    const token = (await (await fetch(`${bot.url}/api/technician/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEV_PASSWORD }) })).json()).token;
    const detail = async () => (await (await fetch(`${bot.url}/api/technician/handoffs/${ticketId}`, { headers: { authorization: `Bearer ${token}` } })).json()) as any;

    await user.send({ type: 'event', name: 'handoff.status', value: { state: 'bogus' } } as never);
    expect((await detail()).hub).toBeNull();
    await user.send({ type: 'event', name: 'handoff.status', value: { state: 'accepted' } } as never);
    expect((await detail()).hub).toMatchObject({ state: 'accepted' });
    const done = await user.send({ type: 'event', name: 'handoff.status', value: { state: 'completed' } } as never);
    expect(done.some((a) => data(a).handoff?.state === 'ended')).toBe(true);
    expect(await detail()).toMatchObject({ status: 'ended', outcome: 'completed', hub: { state: 'completed' } });
  });
});

// A note or a time for the call added to an open callback ticket reached its summary in the console,
// but neither the Teams channel nor an agent hub: both heard only of the ticket's opening.
describe('telling others what the user adds to an open callback ticket', () => {
  // 2026-11-22 is a Sunday: 12:00 in New York, outside business hours.
  const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');
  let bot: TestBot;
  let store: Store;
  let connector: Awaited<ReturnType<typeof fakeConnector>>;
  beforeEach(async () => {
    connector = await fakeConnector();
    bot = await startTestBot({
      start: SUNDAY_NOON_NY,
      env: { HELPLINE_CONFIG: policyWithTeams(connector.url), HELPLINE_PUBLIC_URL: 'https://helpline.example' },
      wrapStore: (real) => (store = real),
    });
  });
  afterEach(async () => {
    await bot?.close();
    await connector?.close();
  });

  async function callbackOpened() {
    const user = bot.conversation();
    await user.say('my tv wont turn on');
    await user.say('talk to a person');
    await user.say('call me back');
    const opened = await user.say('+1 212 555 0123');
    return { user, ticketId: opened.map((a) => data(a).handoff?.ticketId).find(Boolean)! };
  }
  async function postsAfter(count: number) {
    const deadline = Date.now() + 5000;
    while (connector.posts.length <= count && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    return connector.posts.slice(count);
  }
  // A new thread carries its first message as `activity`; a reply in a thread is the activity itself.
  const cardOf = (post: { body: any }) => (post.body.activity ?? post.body).attachments[0].content;
  const cardsAfter = async (count: number) => (await postsAfter(count)).map(cardOf);
  /** Where the ticket's alert started its thread in the channel. */
  const alertThread = (ticketId: string) => connector.posts.find((p) => p.url === '/v3/conversations' && JSON.stringify(p.body).includes(`#handoff=${ticketId}`))!.answer!.id;
  // A reply to the thread's first message (the alert), in the thread's conversation.
  const repliesIn = (thread: string) => `/v3/conversations/${encodeURIComponent(thread)}/activities/${thread.split(';messageid=')[1]}`;
  const updates = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'event' && a.name === 'handoff.update').map((a) => a.value);

  it('posts an update card and sends handoff.update with the ticket id and the note or time, masked and without secrets', async () => {
    const { user, ticketId } = await callbackOpened();
    const before = connector.posts.length;
    const noted = await user.say('add a note: my wifi password is Tr0ub4dor&3x, email me at jane@example.com');
    expect(updates(noted)).toEqual([{ ticketId, kind: 'callback', added: { kind: 'note', text: expect.stringContaining('my wifi password is [removed]') } }]);
    const [card] = await cardsAfter(before);
    expect(elementTypes(card).every((t) => ALLOWED_ELEMENTS.has(t))).toBe(true);
    expect(card.body[0].text).toBe(`Ticket ${ticketId} updated`);
    expect(card.body[1].facts).toContainEqual({ title: 'Note added', value: expect.stringContaining('my wifi password is [removed]') });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: expect.any(String), url: `https://helpline.example/console#handoff=${ticketId}` }]);
    expect(JSON.stringify([card, updates(noted)])).not.toMatch(/Tr0ub4dor|jane@example\.com/);

    const timed = await user.say('please call after 3pm');
    expect(updates(timed)).toEqual([{ ticketId, kind: 'callback', added: { kind: 'preferredTime', text: 'after 3pm' } }]);
    const [timeCard] = await cardsAfter(before + 1);
    expect(timeCard.body[1].facts).toContainEqual({ title: 'Preferred call time', value: 'after 3pm' });
  });

  // Each update started a thread of its own, away from the alert it was about.
  it("posts what the user adds as replies in the alert's thread", async () => {
    const { user, ticketId } = await callbackOpened();
    const thread = alertThread(ticketId);
    expect(thread).toMatch(/^19:techs@thread\.tacv2;messageid=\d+$/);
    const before = connector.posts.length;
    await user.say('add a note: the tv clicks');
    await user.say('please call after 3pm');
    await postsAfter(before + 1);
    const [note, time] = connector.posts.slice(before);
    expect([note.url, time.url]).toEqual([repliesIn(thread), repliesIn(thread)]);
    expect(cardOf(note).body[1].facts).toContainEqual({ title: 'Note added', value: 'the tv clicks' });
    expect(cardOf(time).body[1].facts).toContainEqual({ title: 'Preferred call time', value: 'after 3pm' });
  });

  it('a ticket whose alert thread was not kept (opened before it was) gets its update as a new thread', async () => {
    const { user, ticketId } = await callbackOpened();
    const stored = (await store.get<Record<string, unknown>>('handoffs', 'queue', `active/${ticketId}`))!;
    const { teamsThread, ...older } = stored.value;
    expect(teamsThread).toBe(alertThread(ticketId));
    await store.put('handoffs', 'queue', `active/${ticketId}`, older, { ifMatch: stored.eTag });
    const before = connector.posts.length;
    await user.say('add a note: the tv clicks');
    const [post] = await postsAfter(before);
    expect(post.url).toBe('/v3/conversations');
    expect(post.body).toMatchObject({ isGroup: true, channelData: { channel: { id: '19:techs@thread.tacv2' } } });
    expect(cardOf(post).body[0].text).toBe(`Ticket ${ticketId} updated`);
  });

  // Another problem put on the open ticket from a guide reached only the queue's summary.
  it("another problem asked about at a guide's step is told to the hub and in the alert's thread", async () => {
    const { user, ticketId } = await callbackOpened();
    const later = bot.conversation({ userId: user.user.id });
    await later.say('my printer says offline');
    const before = connector.posts.length;
    const asked = await later.say('Talk to a technician');
    expect(updates(asked)).toEqual([{ ticketId, kind: 'callback', added: { kind: 'problem', text: 'Printer shows as offline (printer)' } }]);
    const [post] = await postsAfter(before);
    expect(post.url).toBe(repliesIn(alertThread(ticketId)));
    expect(cardOf(post).body[1].facts).toContainEqual({ title: 'Problem added', value: 'Printer shows as offline (printer)' });
    // Asked again, the ticket has it already: nobody is told twice.
    await later.say('my printer says offline');
    const again = await later.say('Talk to a technician');
    expect(updates(again)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(connector.posts.length).toBe(before + 1);
  });

  it('with recording off a note is not kept, and nobody is told of it', async () => {
    const { user } = await callbackOpened();
    await user.say("please don't record this chat");
    const before = connector.posts.length;
    const noted = await user.say('add a note: it is a 2019 model');
    expect(updates(noted)).toEqual([]);
    await new Promise((r) => setTimeout(r, 300));
    expect(connector.posts.slice(before)).toEqual([]);
  });
});

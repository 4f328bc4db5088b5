import type { DirectLine } from 'botframework-directlinejs';
import { startServer, type RunningServer } from '../../support/server-process';
import { botTexts, collectActivities, createDirectLineClient, DirectLineRest, post } from '../../support/directline-client';

// Against the real server process, as Web Chat and `helpline chat` reach it.
let server: RunningServer;
let rest: DirectLineRest;
const clients: DirectLine[] = [];

beforeAll(async () => {
  server = await startServer();
  rest = DirectLineRest.forServer(server.url);
}, 90_000);

afterAll(async () => {
  for (const client of clients) client.end();
  await server?.dispose();
});

const isBotMessage = (a: { type: string; from?: { role?: string } }) => a.type === 'message' && a.from?.role === 'bot';
const replyToIdOf = (a: object) => (a as { replyToId?: string }).replyToId;

describe('a Direct Line client (botframework-directlinejs, polling)', () => {
  it('gets the welcome, sends "hi" and receives the greeting as a reply to it', async () => {
    const { token } = await rest.generateToken();
    const client = createDirectLineClient({ domain: rest.domain, token });
    clients.push(client);

    const welcome = await collectActivities(client, (all) => all.some(isBotMessage));
    expect(botTexts(welcome as never)[0]).toMatch(/virtual assistant/);

    const id = await post(client, { type: 'message', text: 'hi' });
    expect(id).toMatch(/\|\d+$/);
    const greeting = (a: { text?: string }) => /what can I help you with/i.test(a.text ?? '');
    // Other replies (a notice, say) may come first; the greeting must be one of the replies to "hi".
    const afterHi = await collectActivities(client, (all) => all.some((a) => isBotMessage(a) && replyToIdOf(a) === id && greeting(a as never)));
    const echo = afterHi.find((a) => a.id === id);
    expect(echo).toMatchObject({ type: 'message', text: 'hi', from: { role: 'user' } });
    const replies = afterHi.filter((a) => isBotMessage(a) && replyToIdOf(a) === id);
    expect(replies.length).toBeGreaterThan(0);
  });

  it('resumes a conversation by id with a refreshed token and sees the earlier messages again', async () => {
    const conversation = await rest.startConversation();
    await rest.send(conversation, 'hi');
    const refreshed = await rest.request('POST', '/tokens/refresh', { token: conversation.token });
    const client = createDirectLineClient({ domain: rest.domain, token: refreshed.body.token, conversationId: conversation.conversationId });
    clients.push(client);
    const history = await collectActivities(client, (all) => all.filter(isBotMessage).length >= 2);
    expect(history.map((a) => (a as { text?: string }).text)).toContain('hi');
    expect(botTexts(history as never)[0]).toMatch(/virtual assistant/);
  });
});

describe('tokens', () => {
  it('are scoped to one conversation: 401 without a token or with a forged one, 403 on another conversation', async () => {
    const a = await rest.startConversation();
    const b = await rest.startConversation();
    const path = (c: { conversationId: string }) => `/conversations/${c.conversationId}/activities`;

    expect((await rest.request('GET', path(b), { token: a.token })).status).toBe(403);
    expect((await rest.request('POST', path(b), { token: a.token, body: { type: 'message', text: 'hello' } })).status).toBe(403);
    expect((await rest.request('GET', `/conversations/${b.conversationId}`, { token: a.token })).status).toBe(403);

    const none = await rest.request('GET', path(a));
    expect(none.status).toBe(401);
    expect(none.body.error.code).toBe('missing_token');
    expect((await rest.request('POST', '/conversations')).status).toBe(401);

    const [header, payload] = a.token.split('.');
    const claims = JSON.parse(Buffer.from(payload as string, 'base64url').toString());
    const forgedPayload = Buffer.from(JSON.stringify({ ...claims, conv: b.conversationId })).toString('base64url');
    const forged = `${header}.${forgedPayload}.${a.token.split('.')[2]}`;
    expect((await rest.request('GET', path(b), { token: forged })).status).toBe(401);
    expect((await rest.request('GET', path(a), { token: 'not-a-token' })).status).toBe(401);
  });

  it('refresh gives a new token for the same conversation, and both work', async () => {
    const conversation = await rest.startConversation();
    await new Promise((resolve) => setTimeout(resolve, 1100)); // a new iat, so a different token
    const refreshed = await rest.request('POST', '/tokens/refresh', { token: conversation.token });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.conversationId).toBe(conversation.conversationId);
    expect(refreshed.body.token).not.toBe(conversation.token);
    const page = await rest.activities({ ...conversation, token: refreshed.body.token });
    expect(botTexts(page.activities)[0]).toMatch(/virtual assistant/);
    expect((await rest.request('POST', '/tokens/refresh')).status).toBe(401);
  });

  it('carries the user id Web Chat reads, and a client cannot claim a server-made "dl_" id', async () => {
    const chosen = await rest.generateToken({ id: 'visitor-42', name: 'Ada' });
    const claims = JSON.parse(Buffer.from(chosen.token.split('.')[1] as string, 'base64url').toString());
    expect(claims).toMatchObject({ user: 'visitor-42', conv: chosen.conversationId });
    const anonymous = await rest.generateToken();
    expect(JSON.parse(Buffer.from(anonymous.token.split('.')[1] as string, 'base64url').toString()).user).toMatch(/^dl_/);
    const stolen = await rest.request('POST', '/tokens/generate', { body: { user: { id: 'dl_someoneelse' } } });
    expect(stolen.status).toBe(400);
  });

  it('are rate-limited per client address', async () => {
    // A separate (forwarded) address, so the limit does not affect the other tests.
    const ask = () =>
      fetch(`${rest.domain}/tokens/generate`, { method: 'POST', headers: { 'x-forwarded-for': '203.0.113.77' } });
    const statuses: number[] = [];
    for (let i = 0; i < 31; i++) statuses.push((await ask()).status);
    expect(statuses.slice(0, 30).every((s) => s === 200)).toBe(true);
    const limited = await ask();
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect((await limited.json()).error.code).toBe('too_many_requests');
  });
});

describe('the conversation log', () => {
  it('returns only activities after the watermark, and the same watermark when nothing is new', async () => {
    const conversation = await rest.startConversation();
    const first = await rest.activities(conversation);
    expect(first.activities.length).toBeGreaterThanOrEqual(1);
    const unchanged = await rest.activities(conversation, first.watermark);
    expect(unchanged).toEqual({ activities: [], watermark: first.watermark });

    const id = await rest.send(conversation, 'hi');
    const next = await rest.activities(conversation, first.watermark);
    expect(next.activities[0]).toMatchObject({ id, text: 'hi' });
    expect(next.activities.slice(1).every((a: { replyToId?: string }) => a.replyToId === id)).toBe(true);
    expect(Number(next.watermark)).toBe(Number(first.watermark) + next.activities.length);
    expect(new Set([...first.activities, ...next.activities].map((a: { id: string }) => a.id)).size).toBe(first.activities.length + next.activities.length);
  });

  it('never echoes a card number the user typed', async () => {
    const conversation = await rest.startConversation();
    const id = await rest.send(conversation, 'my card is 4111 1111 1111 1111 exp 12/29');
    const page = await rest.activities(conversation);
    const raw = JSON.stringify(page);
    expect(raw).not.toContain('4111 1111 1111 1111');
    expect(raw).not.toContain('4111111111111111');
    expect(page.activities.find((a: { id: string }) => a.id === id).text).toContain('[removed]');
  });

  it('never shows the bot connector address to clients, and nobody else can post as the bot', async () => {
    const conversation = await rest.startConversation();
    await rest.send(conversation, 'hi');
    const raw = JSON.stringify(await rest.activities(conversation));
    expect(raw).not.toMatch(/connector|serviceUrl/);

    const spoof = await fetch(`${server.url}/v3/directline/connector/guessed-key/v3/conversations/${conversation.conversationId}/activities`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ type: 'message', text: 'Please type your card number here', from: { id: 'helpline-bot' } }),
    });
    expect(spoof.status).toBe(404);
    expect(JSON.stringify(await rest.activities(conversation))).not.toContain('Please type your card number');
  });
});

describe('bad requests', () => {
  it('get 400 with a JSON error, never 500', async () => {
    const conversation = await rest.startConversation();
    const path = `/conversations/${conversation.conversationId}/activities`;
    const cases: { body?: unknown; rawBody?: string }[] = [
      { rawBody: '{not json' },
      { body: { text: 'no type' } },
      { body: { type: 'conversationUpdate' } },
      { body: { type: 'message', text: 'x'.repeat(10_001) } },
      { body: { type: 'event' } },
      { body: { type: 'message', text: 42 } },
      { body: ['message'] },
      { body: { type: 'message', text: 'hi', attachments: 'nope' } },
    ];
    for (const c of cases) {
      const answer = await rest.request('POST', path, { token: conversation.token, ...c });
      expect({ case: c.rawBody ?? JSON.stringify(c.body).slice(0, 40), status: answer.status }).toEqual({
        case: c.rawBody ?? JSON.stringify(c.body).slice(0, 40),
        status: 400,
      });
      expect(answer.body.error).toEqual({ code: expect.any(String), message: expect.any(String) });
    }
    expect((await rest.request('GET', `${path}?watermark=abc`, { token: conversation.token })).status).toBe(400);
    expect((await rest.request('POST', '/tokens/generate', { body: { user: { id: 'a b c' } } })).status).toBe(400);
    expect((await rest.request('POST', '/tokens/generate', { rawBody: '[' })).status).toBe(400);
    expect((await fetch(`${server.url}/health`)).status).toBe(200);
  });
});

describe('POST /api/directline/token', () => {
  it('returns a token, its conversation and the local Direct Line domain on the host the browser used', async () => {
    const response = await fetch(`${server.url}/api/directline/token`, { method: 'POST' });
    expect(response.status).toBe(200);
    const body = await response.json();
    expect(body).toMatchObject({ token: expect.any(String), conversationId: expect.any(String), domain: `${server.url}/v3/directline` });
    const started = await rest.request('POST', '/conversations', { token: body.token });
    expect(started.status).toBe(201);
    expect(started.body.conversationId).toBe(body.conversationId);
    const again = await rest.request('POST', '/conversations', { token: body.token });
    expect(again.status).toBe(200);
    const page = await rest.activities({ token: body.token, conversationId: body.conversationId });
    expect(botTexts(page.activities)).toHaveLength(1); // one welcome, however often the client starts
  });
});

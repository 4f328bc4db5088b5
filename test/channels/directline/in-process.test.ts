import { CloudAdapter, ConfigurationBotFrameworkAuthentication, TurnContext, type ConversationReference } from 'botbuilder';
import type restify from 'restify';
import type { AppConfig } from '../../../src/config';
import { createLogger } from '../../../src/logging';
import { createServer } from '../../../src/server/server';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { createDirectLine } from '../../../src/channels/directline';
import { DirectLineRest, botTexts } from '../../support/directline-client';

// The Direct Line wired into a server in this process, with a tiny bot, to reach what the
// real server hides: proactive messages and the Azure token exchange.
const logger = createLogger('silent');

function configFor(env: Partial<AppConfig['env']> = {}): AppConfig {
  return {
    env: { PORT: 0, ...env },
    policy: { company: { name: 'Testco' }, defaultRegion: 'US' },
    localMode: !env.MicrosoftAppId,
  } as unknown as AppConfig;
}

async function listen(server: restify.Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  return `http://127.0.0.1:${(server.address() as { port: number }).port}`;
}

describe('the local Direct Line as a channel', () => {
  const references = new Map<string, Partial<ConversationReference>>();
  let store: SqliteStore;
  let adapter: CloudAdapter;
  let server: restify.Server;
  let rest: DirectLineRest;

  beforeAll(async () => {
    store = new SqliteStore({ dataDir: ':memory:' });
    adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const botLogic = async (context: TurnContext) => {
      references.set(context.activity.conversation.id, TurnContext.getConversationReference(context.activity));
      if (context.activity.type === 'message') await context.sendActivity(`echo: ${context.activity.text}`);
    };
    const directLine = createDirectLine({ config: configFor(), adapter, botLogic, store, logger });
    server = createServer({ adapter, botLogic, store, logger, routes: [directLine.routes] });
    rest = DirectLineRest.forServer(await listen(server));
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    await store.close();
  });

  it('delivers a proactive message sent later with a stored conversation reference', async () => {
    const conversation = await rest.startConversation();
    await rest.send(conversation, 'hello');
    const seen = await rest.activities(conversation);
    expect(botTexts(seen.activities)).toEqual(['echo: hello']);

    const reference = references.get(conversation.conversationId);
    expect(reference?.serviceUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3\/directline\/connector\//);
    await adapter.continueConversationAsync('', reference as ConversationReference, async (context) => {
      await context.sendActivity('A technician has joined.');
    });
    const later = await rest.activities(conversation, seen.watermark);
    expect(botTexts(later.activities)).toEqual(['A technician has joined.']);
  });

  it('gives the bot the original text while the log keeps the redacted copy', async () => {
    const conversation = await rest.startConversation();
    await rest.send(conversation, 'card 4111 1111 1111 1111');
    const page = await rest.activities(conversation);
    const [userEcho] = page.activities.filter((a: { from: { role: string } }) => a.from.role === 'user');
    expect(userEcho.text).toBe('card [removed]');
    // This test bot echoes what it received: the bot itself saw the number (its middleware removes it).
    expect(botTexts(page.activities)).toEqual(['echo: card 4111 1111 1111 1111']);
  });
});

describe('POST /api/directline/token with DIRECT_LINE_SECRET', () => {
  it("exchanges the secret for a token with Azure's Direct Line and never returns the secret", async () => {
    const store = new SqliteStore({ dataDir: ':memory:' });
    const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
    const calls: { url: string; init: RequestInit }[] = [];
    let answer: Response = new Response(JSON.stringify({ conversationId: 'azure-conv', token: 'azure-token', expires_in: 1800 }), { status: 200 });
    const fakeFetch = (async (url: string, init: RequestInit) => {
      calls.push({ url, init });
      return answer;
    }) as unknown as typeof fetch;
    const directLine = createDirectLine({ config: configFor({ DIRECT_LINE_SECRET: 'the-secret' }), adapter, botLogic: async () => undefined, store, logger, fetch: fakeFetch });
    const server = createServer({ adapter, botLogic: async () => undefined, store, logger, routes: [directLine.routes] });
    const base = await listen(server);
    try {
      const response = await fetch(`${base}/api/directline/token`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user: { name: 'Ada' } }) });
      expect(response.status).toBe(200);
      const body = await response.json();
      expect(body).toMatchObject({ token: 'azure-token', conversationId: 'azure-conv', domain: 'https://directline.botframework.com/v3/directline' });
      expect(JSON.stringify(body)).not.toContain('the-secret');
      expect(calls[0]?.url).toBe('https://directline.botframework.com/v3/directline/tokens/generate');
      expect((calls[0]?.init.headers as Record<string, string>).authorization).toBe('Bearer the-secret');
      expect(JSON.parse(String(calls[0]?.init.body)).user).toMatchObject({ id: expect.stringMatching(/^dl_/), name: 'Ada' });

      answer = new Response('nope', { status: 403 });
      const refused = await fetch(`${base}/api/directline/token`, { method: 'POST' });
      expect(refused.status).toBe(502);
      expect((await refused.json()).error.code).toBe('directline_refused');
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await store.close();
    }
  });
});

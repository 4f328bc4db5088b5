import { DirectLineRest } from '../support/directline-client';
import type { TestBot } from '../support/conversation';
import { USER_LEFT_NOTE } from '../../src/dialogs/handoff/handoff-feature';
import { startHandoffBot, TechnicianClient } from './handoff-harness';

jest.setTimeout(90_000);

type Conversation = { token: string; conversationId: string };
const helpline = (a: { channelData?: { helpline?: Record<string, any> } }) => a.channelData?.helpline ?? {};

// The widget posts endOfConversation when its page is closed or reloaded with "Remember" unticked:
// no one can come back to that chat, so a ticket waiting in it would reach a technician with nobody there.
describe('a user who closes the chat while a technician handoff is open', () => {
  let bot: TestBot;
  let rest: DirectLineRest;
  let tech: TechnicianClient;
  beforeAll(async () => {
    bot = await startHandoffBot();
    rest = DirectLineRest.forServer(bot.url);
    tech = await new TechnicianClient(bot.url).login();
  });
  afterAll(async () => bot?.close());

  async function waitForBot(conversation: Conversation, match: (a: any) => boolean) {
    for (let i = 0; i < 100; i++) {
      const found = (await rest.activities(conversation)).activities.find((a) => a.from?.role === 'bot' && match(a));
      if (found) return found;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('the user never got the expected message');
  }

  async function queue(userId: string): Promise<{ conversation: Conversation; ticketId: string }> {
    const conversation = await rest.startConversation({ id: userId });
    await rest.send(conversation, 'I need to talk to a technician');
    await waitForBot(conversation, (a) => helpline(a).expects === 'name');
    await rest.send(conversation, 'Jane Doe');
    await waitForBot(conversation, (a) => helpline(a).expects === 'email');
    await rest.send(conversation, 'jane@example.com');
    const queued = await waitForBot(conversation, (a) => helpline(a).handoff?.state === 'queued');
    return { conversation, ticketId: helpline(queued).handoff.ticketId };
  }

  const leave = (conversation: Conversation) =>
    rest.request('POST', `/conversations/${conversation.conversationId}/activities`, { token: conversation.token, body: { type: 'endOfConversation' } });
  const waitingIds = async () => (await tech.call('GET', '/handoffs?status=waiting')).body.handoffs.map((h: { id: string }) => h.id);

  it('takes a waiting ticket out of the live queue: it ends as cancelled and no technician can claim it', async () => {
    const { conversation, ticketId } = await queue('left-waiting');
    expect(await waitingIds()).toContain(ticketId);
    const before = (await rest.activities(conversation)).activities.length;

    expect((await leave(conversation)).status).toBe(200);

    expect(await waitingIds()).not.toContain(ticketId);
    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body).toMatchObject({ status: 'ended', outcome: 'cancelled' });
    expect((await tech.call('POST', `/handoffs/${ticketId}/claim`)).status).toBeGreaterThanOrEqual(400);
    // Nobody is there to read a reply.
    const after = (await rest.activities(conversation)).activities.slice(before + 1);
    expect(after.filter((a) => a.from?.role === 'bot')).toEqual([]);
  });

  it('leaves a claimed handoff with its technician, who is told in the chat that the user has gone', async () => {
    const { conversation, ticketId } = await queue('left-assigned');
    expect((await tech.call('POST', `/handoffs/${ticketId}/claim`)).status).toBe(200);

    expect((await leave(conversation)).status).toBe(200);

    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body.status).toBe('assigned');
    const messages = (await tech.call('GET', `/handoffs/${ticketId}/messages?wait=0`)).body.messages;
    expect(messages.filter((m: { from: string }) => m.from === 'system').map((m: { text: string }) => m.text)).toEqual([USER_LEFT_NOTE]);
    expect((await tech.call('POST', `/handoffs/${ticketId}/resolve`, { resolution: 'user left' })).status).toBe(200);
  });

  it('is accepted quietly from a chat with no handoff', async () => {
    const conversation = await rest.startConversation({ id: 'left-no-ticket' });
    await rest.send(conversation, 'hi');
    await waitForBot(conversation, (a) => /what can I help you with/i.test(a.text ?? ''));
    const before = (await rest.activities(conversation)).activities.length;
    expect((await leave(conversation)).status).toBe(200);
    expect((await rest.activities(conversation)).activities.slice(before + 1).filter((a) => a.from?.role === 'bot')).toEqual([]);
  });
});

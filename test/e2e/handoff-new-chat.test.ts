import { TechnicianClient, DirectLineUser, expects, hl, queueOverHttp, startHandoffBot, type Activity } from './handoff-harness';
import { data, last, type TestBot } from '../support/conversation';
import { HandoffQueue } from '../../src/services/handoff/handoff-queue';
import { exportUserData } from '../../src/cli/privacy';

jest.setTimeout(90_000);

const queuedIn = (a: Activity) => hl(a).handoff?.state === 'queued';

/** Asks for a person in a fresh Direct Line chat and gives name and email; returns the ticket id. */
async function queueLive(user: DirectLineUser): Promise<string> {
  await user.say('I want to talk to a human');
  await user.waitFor(expects('name'));
  await user.say('Jane Doe');
  await user.waitFor(expects('email'));
  await user.say('jane@example.com');
  return hl(await user.waitFor(queuedIn)).handoff!.ticketId!;
}

// The tester's report: queued live, the chat closed, the same user opens a new one. Everything
// through the real server, the local Direct Line (botframework-directlinejs) and the technician API.
describe('a user who queued for a technician and comes back in a new chat', () => {
  let bot: TestBot;
  const users: DirectLineUser[] = [];
  afterEach(async () => {
    for (const u of users.splice(0)) u.end();
    await bot?.close();
  });

  /** A user queued over /api/messages (a technician signed in) and the new chat they open later. */
  async function queuedThenNewChat() {
    bot = await startHandoffBot();
    const tech = await new TechnicianClient(bot.url).login();
    const chat = bot.conversation();
    const id = await queueOverHttp(chat, 'talk to a technician');
    return { tech, chat, id, later: bot.conversation({ userId: chat.user.id }) };
  }

  it('is told their place here, and the technician who claims the ticket reaches them here with both chats in the transcript', async () => {
    bot = await startHandoffBot();
    const tech = await new TechnicianClient(bot.url).login();
    const first = await DirectLineUser.start(bot.url, 'dl-returning');
    users.push(first);
    const id = await queueLive(first);
    // The user closes the widget: the first chat still polls here only to prove nothing more arrives in it.
    const second = await DirectLineUser.start(bot.url, 'dl-returning');
    users.push(second);

    await second.say('hi, still waiting for the technician');
    const told = await second.waitFor(queuedIn);
    expect(hl(told).handoff).toMatchObject({ ticketId: id, position: 1, etaSeconds: expect.any(Number) });
    expect(told.text).toMatch(/earlier chat/);
    expect(told.text).toMatch(/call me back instead/);
    let mark = second.activities.length;
    await second.say('how long?');
    expect(hl(await second.waitFor(queuedIn, mark)).handoff).toMatchObject({ ticketId: id, position: 1 });

    // The ticket belongs to the new chat now; the old chat's owner record no longer links it.
    const store = bot.app.store;
    expect((await store.get('conversations', second.conversationId, 'owner'))?.value).toMatchObject({ owner: 'bot', handoffId: id });
    expect((await store.get('conversations', first.conversationId, 'owner'))?.value).toEqual({ owner: 'bot' });

    // The technician reads both chats' messages, the earlier chat's first.
    const transcript: { from: string; text: string }[] = (await tech.call('GET', `/handoffs/${id}`)).body.transcript;
    const userLines = transcript.filter((t) => t.from === 'user').map((t) => t.text);
    expect(userLines).toEqual(expect.arrayContaining(['I want to talk to a human', 'hi, still waiting for the technician', 'how long?']));
    expect(userLines.indexOf('I want to talk to a human')).toBeLessThan(userLines.indexOf('hi, still waiting for the technician'));

    // Claimed: the technician joins and writes in the chat the user has open.
    const firstMark = first.activities.length;
    mark = second.activities.length;
    expect((await tech.call('POST', `/handoffs/${id}/claim`)).status).toBe(200);
    await second.waitFor((a) => hl(a).handoff?.state === 'assigned', mark, 5000);
    expect((await tech.call('POST', `/handoffs/${id}/messages`, { text: 'Hi Jane, Admin here.' })).status).toBe(202);
    expect((await second.waitFor((a) => hl(a).technician !== undefined, mark, 5000)).text).toBe('Hi Jane, Admin here.');
    const own = await tech.call('GET', `/handoffs/${id}/messages?wait=0`);
    expect(own.body.messages.map((m: { from: string }) => m.from)).toEqual(['technician']);
    const poll = tech.call('GET', `/handoffs/${id}/messages?after=${own.body.cursor}&wait=10`);
    await second.say('Hello, the printer is still offline');
    expect((await poll).body.messages.map((m: { text: string }) => m.text)).toEqual(['Hello, the printer is still offline']);
    await new Promise((r) => setTimeout(r, 600)); // time for anything (wrongly) sent to the first chat to arrive
    expect(first.botMessages(firstMark)).toEqual([]);
    expect((await store.get('conversations', first.conversationId, 'owner'))?.value).toEqual({ owner: 'bot' });
  });

  it('"where is my technician" at the offer to continue an earlier flow is about the queue, not privacy', async () => {
    bot = await startHandoffBot();
    await new TechnicianClient(bot.url).login(); // someone signed in: the handoff is live
    const chat = bot.conversation();
    await chat.say('my printer says offline');
    await chat.say('Still offline');
    // Not one of the step's options: the handoff starts on top of the unfinished flow.
    const id = await queueOverHttp(chat, 'can I speak with your support staff');
    const later = bot.conversation({ userId: chat.user.id });
    // Not "hi": a hello is told the place of the ticket waiting in the earlier chat (below).
    expect(last(await later.say('can we continue')).text).toMatch(/continue where we stopped/);
    const answer = last(await later.say('where is my technician'));
    expect(data(answer).handoff).toMatchObject({ state: 'queued', ticketId: id, position: 1 });
  });

  it('asking for a technician again in the new chat moves the ticket instead of asking for name and email', async () => {
    const { chat, id, later } = await queuedThenNewChat();
    const replies = await later.say('can I talk to a technician');
    expect(replies.some((a) => data(a).expects === 'name')).toBe(false);
    expect(data(last(replies)).handoff).toMatchObject({ state: 'queued', ticketId: id });
    expect((await bot.app.store.get('conversations', chat.conversationId, 'owner'))?.value).toEqual({ owner: 'bot' });
    // The ticket follows the chat the user writes in: asked in the first one again, it goes back there.
    expect(data(last(await chat.say('how long?'))).handoff).toMatchObject({ state: 'queued', ticketId: id });
    expect((await bot.app.store.get('conversations', later.conversationId, 'owner'))?.value).toEqual({ owner: 'bot' });
  });

  it('an agent hub is told the chat the ticket moved to: handoff.initiate from the new chat, same ticket, with the earlier chat in its transcript', async () => {
    const { id, later } = await queuedThenNewChat();
    const replies = await later.say('can I talk to a technician');
    const initiate = replies.find((a) => a.type === 'event' && a.name === 'handoff.initiate');
    expect(initiate?.conversation?.id).toBe(later.conversationId);
    expect(initiate?.value).toMatchObject({ ticketId: id, kind: 'live' });
    const lines = (initiate?.attachments?.[0].content as { activities: { text: string }[] }).activities.map((a) => a.text);
    expect(lines).toContain('talk to a technician'); // said in the chat it was queued in
  });

  it('with tickets waiting in two earlier chats, the oldest comes to the new chat and the other keeps its place, to come once the first is over', async () => {
    const { tech, chat, id, later } = await queuedThenNewChat();
    // A second ticket of the same user waits in another chat (two tabs, each asked for a person).
    bot.clock.advance(1000);
    const queue = new HandoffQueue(bot.app.store, { now: bot.clock.now });
    const second = (
      await queue.create({ conversationId: 'second-tab', userId: `test:${chat.user.id}`, kind: 'live', priority: 'normal', reason: 'Asked for a technician', device: 'laptop', contactFields: ['name'], recordingOff: false })
    ).handoff;
    expect(data(last(await later.say('how long?'))).handoff).toMatchObject({ state: 'queued', ticketId: id, position: 1 });
    // One chat links one ticket (its owner record): the second stays where it is, still waiting, its place kept.
    expect((await tech.call('GET', `/handoffs/${second.id}`)).body).toMatchObject({ status: 'waiting' });
    expect((await tech.call('GET', '/handoffs?status=waiting')).body.handoffs.map((h: { id: string }) => h.id)).toEqual([id, second.id]);
    expect(last(await later.say('stop waiting')).text).toMatch(/taken you out of the queue/);
    expect(data(last(await later.say('how long?'))).handoff).toMatchObject({ state: 'queued', ticketId: second.id, position: 1 });
    expect((await queue.get(second.id))?.conversationId).toBe(later.conversationId);
  });

  it('"call me back instead" from the new chat turns the moved ticket into a callback; an agent hub is told of the callback only, not of the live ticket that ends', async () => {
    const { tech, id, later } = await queuedThenNewChat();
    const asked = await later.say('call me back instead');
    expect(data(last(asked)).expects).toBe('phone');
    // The ticket came here only to become a callback: a hub told "it waits here now" would take up a ticket about to end.
    expect(asked.filter((a) => a.type === 'event')).toEqual([]);
    const done = await later.say('415 555 2671');
    const ticket = done.map((a) => data(a).handoff).find((h) => h?.state === 'unavailable')?.ticketId;
    expect(done.filter((a) => a.type === 'event').map((a) => [a.name, (a.value as { ticketId: string }).ticketId])).toEqual([['handoff.initiate', ticket]]);
    expect(done.map((a) => a.text).join(' ')).toMatch(/taken you out of the live queue/);
    expect((await tech.call('GET', `/handoffs/${id}`)).body).toMatchObject({ status: 'ended', outcome: 'cancelled' });
    expect((await tech.call('GET', `/handoffs/${ticket}`)).body).toMatchObject({ status: 'waiting', followUp: 'callback' });
  });

  it('"call me back instead" from the new chat, then "I\'ll wait": the ticket keeps its place here, and only now is an agent hub told it waits here', async () => {
    const { tech, id, later } = await queuedThenNewChat();
    expect((await later.say('call me back instead')).filter((a) => a.type === 'event')).toEqual([]);
    const stayed = await later.say("I'll wait");
    expect(stayed.map((a) => a.text).join(' ')).toMatch(/keep your place/);
    const initiate = stayed.filter((a) => a.type === 'event');
    expect(initiate.map((a) => [a.name, a.conversation?.id, (a.value as { ticketId: string }).ticketId])).toEqual([['handoff.initiate', later.conversationId, id]]);
    expect((await tech.call('GET', `/handoffs/${id}`)).body).toMatchObject({ status: 'waiting' });
  });

  it.each(['stop waiting', 'cancel my request'])('"%s" as the first message of the new chat cancels the waiting ticket from the earlier one', async (words) => {
    const { tech, id, later } = await queuedThenNewChat();
    const answer = last(await later.say(words));
    expect(answer.text).toMatch(/taken you out of the queue/);
    expect(data(answer).handoff).toEqual({ state: 'ended', ticketId: id });
    expect((await tech.call('GET', `/handoffs/${id}`)).body).toMatchObject({ status: 'ended', outcome: 'cancelled' });
  });

  it('after "stop waiting" in the new chat nothing waits in either chat: an agent hub is not told of the ticket again, the console lists it once as ended, the export shows one cancel', async () => {
    const { tech, chat, id, later } = await queuedThenNewChat();
    const replies = await later.say('stop waiting');
    expect(last(replies).text).toMatch(/taken you out of the queue/);
    // The ticket came here only to end: a hub told "it waits here now" would take up a cancelled ticket.
    expect(replies.filter((a) => a.type === 'event')).toEqual([]);
    for (const c of [chat, later]) expect((await bot.app.store.get('conversations', c.conversationId, 'owner'))?.value).toEqual({ owner: 'bot' });
    // Back in the earlier chat, "stop waiting" finds nothing to end, as in a chat that never queued.
    expect((await chat.say('stop waiting')).map((a) => data(a).handoff).filter(Boolean)).toEqual([]);
    expect((await tech.call('GET', '/handoffs?status=waiting')).body.handoffs).toEqual([]);
    expect((await tech.call('GET', '/handoffs?status=ended')).body.handoffs.map((h: { id: string }) => h.id)).toEqual([id]);
    const exported = (await exportUserData({ store: bot.app.store, policy: bot.app.config.policy, now: bot.clock.now }, { email: 'sam@example.com' })).accounts[0];
    expect(exported.handoffs.map((h) => [h.id, h.status, h.outcome])).toEqual([[id, 'ended', 'cancelled']]);
    expect(exported.conversations.map((c) => c.id).sort()).toEqual([chat.conversationId, later.conversationId].sort());
    const told = exported.transcripts.flatMap((t) => t.entries).filter((e) => /taken you out of the queue/.test(e.text));
    expect(told).toHaveLength(1);
  });

  it('"hello" as the first message of the new chat is told the place, as "hi, still waiting for the technician" is, and the ticket moves here', async () => {
    const { chat, id, later } = await queuedThenNewChat();
    const told = last(await later.say('hello'));
    expect(told.text).toMatch(/^Hello! I found your request from your earlier chat \(ticket T-\w+\) and moved it here with its place/);
    expect(data(told).handoff).toMatchObject({ state: 'queued', ticketId: id, position: 1 });
    expect((await bot.app.store.get('conversations', later.conversationId, 'owner'))?.value).toMatchObject({ owner: 'bot', handoffId: id });
    expect((await bot.app.store.get('conversations', chat.conversationId, 'owner'))?.value).toEqual({ owner: 'bot' });
    // Moved here: the next hello is the one of a user waiting in this chat.
    expect(last(await later.say('good morning')).text).toMatch(/^Hello, I'm still here\./);
  });

  it('"hello" in a new chat of a user with no ticket anywhere is greeted as usual', async () => {
    const { chat } = await queuedThenNewChat();
    expect(last(await chat.say('stop waiting')).text).toMatch(/taken you out of the queue/);
    const hello = last(await bot.conversation({ userId: chat.user.id }).say('hello'));
    expect(hello.text).not.toMatch(/earlier chat|queue/);
    expect(data(hello).handoff).toBeUndefined();
  });

  it('a bare "cancel" as the first message of the new chat is not about the earlier ticket, which keeps waiting', async () => {
    const { tech, id, later } = await queuedThenNewChat();
    expect(last(await later.say('cancel')).text).toMatch(/nothing in progress to cancel/);
    expect((await tech.call('GET', `/handoffs/${id}`)).body).toMatchObject({ status: 'waiting' });
  });

  it('a ticket a technician already claimed stays in the earlier chat; the user is told, and the technician learns the user is elsewhere', async () => {
    const { tech, chat, id, later } = await queuedThenNewChat();
    expect((await tech.call('POST', `/handoffs/${id}/claim`)).status).toBe(200);
    const answer = last(await later.say('where is my technician?'));
    expect(answer.text).toMatch(/Admin.*earlier chat/);
    expect(data(answer).handoff).toMatchObject({ state: 'assigned', ticketId: id });
    await later.say('any update on my technician?');
    const notes = (await tech.call('GET', `/handoffs/${id}/messages`)).body.messages.filter((m: { from: string }) => m.from === 'system');
    expect(notes).toHaveLength(1);
    expect(notes[0].text).toMatch(/new chat/);
    expect((await bot.app.store.get('conversations', chat.conversationId, 'owner'))?.value).toMatchObject({ owner: { name: 'Admin' }, handoffId: id });
  });

  it("a child's 'I'm 12' in the chat a ticket was opened in ends it, though it moved to a newer chat", async () => {
    const { tech, chat, id, later } = await queuedThenNewChat();
    expect(data(last(await later.say('how long?'))).handoff).toMatchObject({ ticketId: id });
    expect((await chat.say("oh wait I'm 12")).map((a) => a.text).join(' ')).toMatch(/cancelled your place in the queue/);
    expect((await tech.call('GET', `/handoffs/${id}`)).body).toMatchObject({ status: 'ended', outcome: 'cancelled' });
  });
});

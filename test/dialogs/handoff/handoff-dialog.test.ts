import { EventFactory, TestAdapter, TurnContext, type Activity } from 'botbuilder';
import type { ContainerName } from '../../../src/services/storage/containers';
import { ForwardingStore } from '../../../src/services/storage/forwarding-store';
import { StoreUnavailableError, type PutOptions, type StoredRecord } from '../../../src/services/storage/store';
import { createRightsServices } from '../../../src/services/privacy/requests';
import { OFFER_QUESTION } from '../../../src/dialogs/handoff/follow-up-offer';
import { data, startTestBot, type TestBot } from '../../support/conversation';
import { advanceSignedIn } from '../../support/signed-in';
import { signIn, withDevTechnician } from '../../support/technician';
import { withoutIds } from '../../support/without-ids';
import { HandoffRepository } from '../../../src/services/handoff/handoff-repository';

jest.setTimeout(60_000);

// 2026-11-18 is a Wednesday: 10:00 in New York, inside business hours.
const WEDNESDAY_10AM_NY = Date.parse('2026-11-18T15:00:00Z');
const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');

const texts = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').map((a) => a.text ?? '');
const lastMessage = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').at(-1)!;

/** A user in a live queue (during business hours, a technician signed in): the technician and the ticket. */
async function queuedUser(b: TestBot, opening: string) {
  const tech = await signIn(b);
  const user = b.conversation();
  await user.say(opening);
  await user.say('Jane Doe');
  const queued = await user.say('jane@example.com');
  return { tech, user, ticketId: queued.map((a) => data(a).handoff?.ticketId).find(Boolean)! };
}

describe('asking for a human', () => {
  let bot: TestBot;
  withDevTechnician();
  afterEach(() => bot?.close());

  it('collects name and email, queues the user with their position and wait, and lets them stop waiting', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const user = bot.conversation();
    await user.join();
    const asked = await user.say('I want to talk to a real person');
    expect(texts(asked).join('\n')).toContain("I'll connect you with one of our technicians");
    expect(data(lastMessage(asked)).expects).toBe('name');
    expect(asked.some((a) => data(a).notice?.id === 'contact')).toBe(true);
    expect(data(lastMessage(await user.say('Jane Doe'))).expects).toBe('email');

    const queued = await user.say('jane@example.com');
    const status = queued.find((a) => data(a).handoff?.state === 'queued')!;
    expect(status.text).toMatch(/next in line/);
    expect(data(status).handoff).toEqual({ state: 'queued', position: 1, etaSeconds: 300, ticketId: expect.any(String) });
    // The standard event for external agent hubs, with the case context and the redacted transcript.
    const initiate = queued.find((a) => a.type === 'event' && a.name === 'handoff.initiate')!;
    expect(initiate.value).toMatchObject({ ticketId: data(status).handoff?.ticketId, contact: { name: 'Jane Doe', email: 'jane@example.com' }, consents: { recording: true } });
    const transcript = initiate.attachments?.find((a) => a.name === 'Transcript')?.content as { activities: { text: string }[] };
    expect(transcript.activities.length).toBeGreaterThan(0);
    expect(JSON.stringify(transcript)).not.toContain('jane@example.com');
    // Field for field what botbuilder's EventFactory builds for the same turn (ids and times are per event).
    const turn = new TurnContext(new TestAdapter(), { type: 'message', id: initiate.replyToId, from: initiate.from, conversation: initiate.conversation, channelId: initiate.channelId, serviceUrl: initiate.serviceUrl, recipient: initiate.recipient });
    const reference = JSON.parse(JSON.stringify(EventFactory.createHandoffInitiation(turn, initiate.value, transcript as never)));
    for (const field of Object.keys(reference).filter((k) => k !== 'id' && k !== 'timestamp' && k !== 'relatesTo')) expect([field, (initiate as Record<string, unknown>)[field]]).toEqual([field, reference[field]]);
    expect(initiate.relatesTo).toMatchObject({ conversation: initiate.conversation, channelId: initiate.channelId });

    const again = await user.say('Can I talk to a technician?');
    expect(texts(again).join('\n')).toContain("You're already in the queue");

    const left = await user.say('stop waiting');
    expect(texts(left)).toEqual(["OK, I've taken you out of the queue. I'm still here if you need anything else."]);
    expect(data(left[0]).handoff).toMatchObject({ state: 'ended' });
  });

  it('from a troubleshooting flow, the queue shows the flow\'s device and problem', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('my printer says offline');
    await user.say('Talk to a technician');
    await user.say('Jane Doe');
    await user.say('jane@example.com');
    const { body } = await tech.call('GET', `/handoffs?status=waiting`);
    expect(body.handoffs).toEqual([expect.objectContaining({ device: 'printer', summary: 'Printer shows as offline' })]);
  });

  it.each([
    ['i need a technician my laptop wont turn on', 'computer'],
    ['get me a person, my wifi is broken', 'network'],
  ])('"%s": a person asked for with the problem in one message is handed over, the queue showing the device and the words', async (opening, device) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    const asked = await user.say(opening);
    expect(texts(asked).join('\n')).toContain("I'll connect you with one of our technicians");
    expect(asked.some((a) => data(a).step)).toBe(false);
    await user.say('Jane Doe');
    await user.say('jane@example.com');
    const { body } = await tech.call('GET', `/handoffs?status=waiting`);
    expect(body.handoffs).toEqual([expect.objectContaining({ device, summary: opening })]);
  });

  it('"my laptop wont turn on, can you help" names no person: a guide starts, and asking for one at its step hands over with the case', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    const started = await user.say('my laptop wont turn on, can you help');
    expect(started.map((a) => data(a).step).find(Boolean)).toMatchObject({ flow: 'computer-wont-boot', n: 1 });
    expect(texts(await user.say('i want a technician, it still wont turn on')).join('\n')).toContain("I'll connect you with one of our technicians");
    await user.say('Jane Doe');
    await user.say('jane@example.com');
    const { body } = await tech.call('GET', `/handoffs?status=waiting`);
    expect(body.handoffs).toEqual([expect.objectContaining({ device: 'computer', summary: "Computer won't start or shows a blue screen" })]);
  });

  it('a name typed alone at the name question shows masked in the transcript, and the technician reveals it from the profile (P10)', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, ticketId } = await queuedUser(bot, 'talk to a person');
    await tech.call('POST', `/handoffs/${ticketId}/claim`);
    const view = (await tech.call('GET', `/handoffs/${ticketId}`)).body as { transcript: { from: string; text: string }[] };
    expect(view.transcript.filter((t) => t.from === 'user').map((t) => t.text)).toEqual(['talk to a person', '[NAME]', '[EMAIL]']);
    expect(JSON.stringify(view)).not.toContain('Jane');
    expect((await tech.call('POST', `/handoffs/${ticketId}/reveal`, { field: 'name' })).body).toEqual({ value: 'Jane Doe' });
  });

  it('a waiting user who would rather be called back gets a callback ticket and leaves the live queue', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId: live } = await queuedUser(bot, 'I want to talk to a real person');

    const asked = await user.say("I can't wait, can you call me back instead?");
    expect(texts(asked).join('\n')).toMatch(/call you back instead/);
    expect(data(lastMessage(asked)).expects).toBe('phone');
    // Still in line until the callback exists, in case the user stops here.
    expect((await tech.waiting()).map((h) => h.id)).toEqual([live]);

    const done = await user.say('(415) 555-2671');
    expect(texts(done).join('\n')).toMatch(/taken you out of the live queue.*call you back on the number you gave/s);
    const waiting = await tech.waiting();
    expect(waiting).toHaveLength(1);
    expect(waiting[0].id).not.toBe(live);
    expect((await tech.call('GET', `/handoffs/${live}`)).body).toMatchObject({ status: 'ended' });
    expect(texts(await user.say('Can I talk to a technician?')).join('\n')).not.toContain("You're already in the queue");
  });

  // At the number for the call back the goodbye was read as a refusal: "This one can't be skipped".
  it.each(['bye', 'gotta go', 'thanks bye'])('"%s" at the number for a call back instead keeps the question open and the place in the live queue', async (said) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    await user.say('call me back instead');
    const left = await user.say(said);
    expect(texts(left)).toEqual([
      "OK, bye for now! When you're back, just answer my last question and we'll carry on from there. You keep your place in the queue while this chat stays open, and if you come back to it.",
    ]);
    expect(data(lastMessage(left)).expects).toBe('phone');
    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body).toMatchObject({ status: 'waiting' });
    expect(texts(await user.say('(415) 555-2671')).join('\n')).toMatch(/taken you out of the live queue.*call you back on the number you gave/s);
  });

  it.each([
    ['writing the callback ticket', (key: string, live: string) => key.startsWith('active/') && key !== `active/${live}`],
    ['ending the live ticket', (key: string) => key.startsWith('ended/')],
  ])('a store failure while %s loses neither ticket, and the retried answer leaves exactly one callback', async (_step, failsOn) => {
    let armed = false;
    let live = '';
    bot = await startTestBot({
      start: WEDNESDAY_10AM_NY,
      wrapStore: (store) => new (class extends ForwardingStore {
        override async put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
          if (armed && container === 'handoffs' && failsOn(key, live)) {
            armed = false;
            throw new StoreUnavailableError('injected outage');
          }
          return super.put(container, partition, key, value, options);
        }
      })(store),
    });
    const queued = await queuedUser(bot, 'I want to talk to a real person');
    const { tech, user } = queued;
    live = queued.ticketId;
    await user.say('can you call me back instead?');
    armed = true;
    expect(texts(await user.say('(415) 555-2671')).join('\n')).toMatch(/try again/i);
    expect(armed).toBe(false);
    // Whatever failed, the user is still somewhere in the queue: a technician would reach them.
    const between = await tech.waiting();
    expect(between.map((h) => h.id)).toContain(live);

    expect(texts(await user.say('(415) 555-2671')).join('\n')).toMatch(/taken you out of the live queue.*call you back on the number you gave/s);
    const waiting = await tech.waiting();
    expect(waiting).toHaveLength(1);
    expect(waiting[0].id).not.toBe(live);
    expect((await tech.call('GET', `/handoffs/${live}`)).body).toMatchObject({ status: 'ended' });
  });

  // "how lonh" started a pick between privacy questions and small talk.
  it.each(['how long?', 'where is my technician', 'any update?', 'how much longer?', 'hw long now', 'how lonh', 'how lomg?'])('a waiting user who asks "%s" is told their place and wait', async (question) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    const replies = await user.say(question);
    expect(texts(replies)).toEqual([expect.stringMatching(/^You're already in the queue: number 1, estimated wait/)]);
    expect(data(lastMessage(replies)).handoff).toMatchObject({ state: 'queued', position: 1, ticketId });
  });

  // The step a waiting user was at stayed open but unasked after these answers, its buttons gone.
  it.each(['whats my ticket number', 'how long?', 'stop waiting'])('a waiting user at a troubleshooting step who says "%s" is answered and the step asked again', async (said) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { user } = await queuedUser(bot, 'I need a technician');
    const step = lastMessage(await user.say('my printer says offline'));
    expect(data(step).step).toMatchObject({ flow: 'printer-offline' });
    const replies = await user.say(said);
    expect(texts(replies)).toHaveLength(2);
    expect(lastMessage(replies).text).toBe(step.text);
    expect(data(lastMessage(replies)).step).toMatchObject({ flow: 'printer-offline' });
  });

  it('a waiting user who asks "whats my ticket number" is told it, with their place', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    const replies = await user.say('whats my ticket number');
    expect(texts(replies)).toEqual([`Your ticket number is ${ticketId}. You're already in the queue: number 1, estimated wait about 5 minutes. Say "stop waiting" if you'd rather leave it.`]);
    expect(data(lastMessage(replies)).handoff).toMatchObject({ state: 'queued', ticketId });
  });

  // Read as nothing the bot does ("how long will this take": out of scope) or as plan questions ("billing").
  // "did anyone look at my refund request" was read as a data request's status (ambiguous: a person or their data).
  it.each(['how long will this take', 'hw long will it take?', 'is a technician coming', 'is someone from billing coming?', 'did anyone look at my refund request', 'did anyone look at my ticket yet'])('a waiting user who asks "%s" is told their place and wait', async (question) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    const replies = await user.say(question);
    expect(texts(replies)).toEqual([expect.stringMatching(/^You're already in the queue: number 1, estimated wait/)]);
    expect(data(lastMessage(replies)).handoff).toMatchObject({ state: 'queued', ticketId });
  });

  // Typed with a typo ("tiket") it started a handoff; "wheres my techician" at the name question was taken as the name.
  it.each(['whats my ticket number', 'whats my tiket number'])('with no ticket, "%s" is told there is none, and no handoff starts', async (question) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const replies = await bot.conversation().say(question);
    expect(texts(replies).at(-1)).toBe("You don't have an open ticket, so there's no ticket number yet. If you'd like a technician or our billing team to contact you, just ask.");
    expect(replies.some((a) => data(a).expects === 'name')).toBe(false);
  });

  // "whats my ticket number" at a step got "Sorry, I can't answer questions here"; "did anyone look at
  // my ticket" was answered but the step not asked again; "is a technician coming" started a handoff.
  it.each([
    ['whats my ticket number', "You don't have an open ticket, so there's no ticket number yet."],
    ['did anyone look at my ticket', "I can't find an open callback or email ticket for you."],
    ['is a technician coming?', "You're not waiting for a technician at the moment"],
  ])('at a troubleshooting step with no ticket, "%s" is answered and the step asked again', async (question, answer) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const user = bot.conversation();
    const step = lastMessage(await user.say('my printer is offline'));
    const replies = await user.say(question);
    expect(texts(replies)[0]).toContain(answer);
    expect(lastMessage(replies).text).toBe(step.text);
    expect(lastMessage(replies).suggestedActions?.actions.map((a) => a.title)).toEqual(step.suggestedActions?.actions.map((a) => a.title));
    expect(replies.some((a) => data(a).expects === 'name')).toBe(false);
    // The step still takes its answer.
    expect(texts(await user.say('That worked')).join('\n')).not.toMatch(/Sorry/);
  });

  // It was told no ticket was found, and the name question not asked again: the next words were taken as the name.
  it.each(['wheres my techician', 'hw long will the tech take', 'any updates on my case?', 'is the technician coming today?'])('at the name question, %j is not taken as the name', async (question) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const user = bot.conversation();
    await user.say('I want to talk to a real person');
    const replies = await user.say(question);
    expect(texts(replies)).toEqual(["Your ticket isn't open yet: I'll open it as soon as I have the details I'm asking for.", 'What name should we use for you?']);
  });

  it('at the name question, "did anyone look at my ticket" is told the ticket comes once the details are given, and the name asked again', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const user = bot.conversation();
    await user.say('I want to talk to a real person');
    const replies = await user.say('did anyone look at my ticket');
    expect(texts(replies)).toEqual(["Your ticket isn't open yet: I'll open it as soon as I have the details I'm asking for.", 'What name should we use for you?']);
    expect(data(lastMessage(replies)).expects).toBe('name');
  });

  // "That reads like a sentence rather than a name": the problem was lost.
  it('at the name question, "no wait, actually my printer is offline" is asked about as another problem, and "Help with that now" starts its guide; a name like "Mac Miller" is still the name', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const user = bot.conversation();
    await user.say('I want to talk to a real person');
    const question = lastMessage(await user.say('no wait, actually my printer is offline'));
    expect(question.text).toBe("That sounds like another problem. Shall I help you with it now (I'll stop asking for your name), or carry on where we were?");
    expect(data(lastMessage(await user.say('Help with that now'))).step).toMatchObject({ flow: 'printer-offline', n: 1 });
    const other = bot.conversation();
    await other.say('I want to talk to a real person');
    expect(texts(await other.say('Mac Miller')).join('\n')).not.toMatch(/another problem/);
  });

  // "ok thanks" was told "Glad I could help. Goodbye!" (as if it were over) and "ok ill wait" "Sorry, I'm not sure what you mean".
  it.each([
    ['ok thanks', "You're welcome."],
    ['thank you', "You're welcome."],
    ['ok ill wait', 'OK.'],
    ["sure, i'll hang on", 'OK.'],
    ['ok', 'OK.'],
  ])('a user waiting in the live queue who says "%s" is told they keep their place', async (said, lead) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    const replies = await user.say(said);
    expect(texts(replies)).toEqual([`${lead} You're already in the queue: number 1, estimated wait about 5 minutes. Say "stop waiting" if you'd rather leave it.`]);
    expect(data(lastMessage(replies)).handoff).toMatchObject({ state: 'queued', ticketId });
  });

  // "Glad I could help. Goodbye!" as if the chat were over, though the ticket stayed in the queue.
  it.each(['bye', 'ok bye', 'thanks bye', 'gotta go'])('a user waiting in the live queue who says "%s" is told they keep their place, and the ticket stays', async (said) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    const replies = await user.say(said);
    expect(texts(replies)).toEqual([
      `OK. You keep your place in the queue (you're next in line) while this chat stays open, and if you come back to it. A technician will join you here. If you no longer need help, say "stop waiting" to leave the queue.`,
    ]);
    expect(data(lastMessage(replies)).handoff).toMatchObject({ state: 'queued', ticketId });
    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body).toMatchObject({ status: 'waiting' });
  });

  // "brb" was told "Take your time" with no word of the queue, "going to grab lunch, brb" "that's not something I can help with".
  it.each(['brb', 'going to grab lunch, brb', 'be right back', 'one sec', 'back soon'])('a user waiting in the live queue who says "%s" is told the bot is there and they keep their place', async (said) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    const replies = await user.say(said);
    expect(texts(replies)).toEqual(["OK, I'll be here, and you keep your place in the queue (you're next in line). A technician will join you here."]);
    expect(data(lastMessage(replies)).handoff).toMatchObject({ state: 'queued', ticketId });
    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body).toMatchObject({ status: 'waiting' });
  });

  // "back" and "back again" (read as cancel at 0.86 and 0.90) took the user out of the queue they came back to.
  it.each(['back', 'back again', "i'm back"])('a user waiting in the live queue who says "%s" is welcomed back and told their place, which stays', async (said) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    const replies = await user.say(said);
    expect(texts(replies)).toEqual([`Welcome back! You're already in the queue: number 1, estimated wait about 5 minutes. Say "stop waiting" if you'd rather leave it.`]);
    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body).toMatchObject({ status: 'waiting' });
  });

  // "no" (cancel at 0.72) took the user out of the queue: with nothing asked, and at a step, where it answers the step.
  it.each(['no', 'nope'])('a user waiting in the live queue who says "%s" with nothing asked keeps their place', async (said) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    expect(texts(await user.say(said))).toEqual([`OK. You're already in the queue: number 1, estimated wait about 5 minutes. Say "stop waiting" if you'd rather leave it.`]);
    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body).toMatchObject({ status: 'waiting' });
  });

  it('"no" at a troubleshooting step while waiting is about the step: the place stays', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    await user.say('my printer is offline');
    await user.say('Still offline');
    const replies = await user.say('no');
    expect(texts(replies).join('\n')).not.toMatch(/out of the queue/);
    expect(data(lastMessage(replies)).expects).toBe('choice');
    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body).toMatchObject({ status: 'waiting' });
  });

  // At a step "going to grab lunch, brb" was asked to pick an option; "bye" said nothing of the queue.
  it.each([
    ['going to grab lunch, brb', "Take your time: I'll be here when you're ready, and you keep your place in the queue."],
    ['brb', "Take your time: I'll be here when you're ready, and you keep your place in the queue."],
    ['bye', "OK, bye for now! When you're back, just answer my last question and we'll carry on from there. You keep your place in the queue while this chat stays open, and if you come back to it."],
  ])('at a troubleshooting step while waiting, "%s" keeps the step open and the place', async (said, reply) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    await user.say('my printer is offline');
    const paused = await user.say(said);
    expect(texts(paused)).toEqual([reply]);
    expect(data(lastMessage(paused)).expects).toBe('choice');
    expect(lastMessage(paused).suggestedActions?.actions.map((a) => a.title)).toContain('Still offline');
    expect(texts(await user.say('Still offline')).join('\n')).toContain('How is the printer connected');
    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body).toMatchObject({ status: 'waiting' });
  });

  it.each(['whats taking so long', 'why is this taking so long?', 'this is taking forever', 'hurry up please'])('a user waiting in the live queue who asks "%s" is told their place', async (said) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    expect(data(lastMessage(await user.say(said))).handoff).toMatchObject({ state: 'queued', ticketId });
  });

  it('after leaving the queue, "how long?" is told plainly there is no wait, with the way to a technician, and "stop waiting" that there is nothing to stop', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { user } = await queuedUser(bot, 'I want to talk to a real person');
    await user.say('stop waiting');
    for (let round = 0; round < 2; round++) {
      const asked = await user.say('how long?');
      expect(texts(asked)).toEqual(["You're not waiting for a technician at the moment, so there's no wait to tell you about. If you'd like one, just ask."]);
      expect(lastMessage(asked).suggestedActions?.actions.map((a) => a.title)).toEqual(['Talk to a technician']);
      expect(data(lastMessage(asked)).expects).toBeUndefined();
      expect(texts(await user.say('stop waiting'))).toEqual(["You're not waiting for a technician, so there's nothing to stop. I'm still here if you need anything else."]);
    }
    // The way offered leads to a technician again.
    const again = await user.say('Talk to a technician');
    expect(texts(again)[0]).toBe("I'll connect you with one of our technicians.");
    // The details given for the first ticket are offered back rather than asked for again.
    expect(lastMessage(again).text).toBe('You gave us the name and email address before. Shall the technician reach you at j***@example.com?');
    expect(data(lastMessage(again)).expects).toBe('confirm');
  });

  it.each(['how long?', 'where is my technician?', 'am i still in the queue', 'stop waiting', 'leave the queue'])('in a chat that never queued, "%s" is told there is no wait', async (question) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const user = bot.conversation();
    await user.say('hi');
    expect(texts(await user.say(question))).toEqual([expect.stringMatching(/^You're not waiting for a technician/)]);
  });

  it('"what happens now?" with no ticket is what the bot can do; at an open question "how long?" is left to that question', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    expect(texts(await user.say('what happens now?')).join('\n')).not.toMatch(/not waiting/);
    await user.say('can I speak to an agent');
    const atOffer = await user.say('how long?');
    expect(texts(atOffer).join('\n')).not.toMatch(/not waiting/);
    expect(data(lastMessage(atOffer)).expects).toBe('choice');
  });

  // "helloooo?" was greeted with the menu, "??" told what the bot can do: both as if nothing were under way.
  it.each(['are you still there?', 'hello?', 'is anyone there?', 'anyone there?', 'helloooo?', 'hellooooo', '??'])('a waiting user who asks "%s" hears that the bot is here and that they are still in the queue', async (question) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    const replies = await user.say(question);
    expect(texts(replies)).toEqual([expect.stringMatching(/^Yes, I'm here\. You're already in the queue: number 1, estimated wait about 5 minutes/)]);
    expect(data(lastMessage(replies)).handoff).toMatchObject({ state: 'queued', position: 1, ticketId });
  });

  // A plain greeting got the greeting and the menu, as if nothing were under way.
  it.each(['hello', 'hi', 'hey there', 'good morning', 'hiya'])('a waiting user who says "%s" with nothing asked is greeted and told they are still in the queue', async (greeting) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { user, ticketId } = await queuedUser(bot, 'I want to talk to a real person');
    const replies = await user.say(greeting);
    expect(texts(replies)).toEqual([expect.stringMatching(/^Hello, I'm still here\. You're already in the queue: number 1, estimated wait about 5 minutes/)]);
    expect(data(lastMessage(replies)).handoff).toMatchObject({ state: 'queued', position: 1, ticketId });
  });

  it('a user who has waited past the estimate (technicians at lunch) is told how long they have waited, not the same estimate again', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { user, ticketId, tech } = await queuedUser(bot, 'I want to talk to a real person');
    // Signed in but busy: the technician's console keeps polling.
    await advanceSignedIn(bot.clock, 40 * 60_000, () => tech.call('GET', `/handoffs?status=waiting`));
    const replies = await user.say('how much longer??');
    const [text] = texts(replies);
    expect(text).toMatch(/^You're still in the queue: number 1\. You've waited about 40 minutes, longer than we estimated/);
    expect(text).toContain('call me back instead');
    expect(text).not.toContain('about 5 minutes');
    expect(data(lastMessage(replies)).handoff).toMatchObject({ state: 'queued', position: 1, ticketId });
    // Asking for a technician again while waiting says the same.
    expect(texts(await user.say('I want to talk to a real person')).join('\n')).toMatch(/You've waited about 40 minutes/);
  });

  it('a security report goes ahead of everyone else', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const tech = await signIn(bot);
    const replies: Partial<Activity>[][] = [];
    for (const text of ['talk to a human please', 'I think my account was hacked, someone changed my password']) {
      const user = bot.conversation();
      replies.push(await user.say(text));
      await user.say('Sam Smith');
      replies.push(await user.say('sam@example.com'));
      bot.clock.advance(1000);
    }
    expect(texts(replies[2]).join('\n')).toContain("That sounds like a security issue, so I'm putting you through to a technician with priority.");
    const place = replies[3].map((a) => data(a).handoff).find(Boolean);
    expect(place).toMatchObject({ state: 'queued', position: 1 });
    const waiting = await tech.waiting();
    expect(waiting.map((h) => h.priority)).toEqual(['normal', 'high']);
  });

  it('while a technician owns the conversation the bot stays silent and relays; after resolve it asks for and stores a rating', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId } = await queuedUser(bot, 'I need a technician');
    expect((await tech.call('POST', `/handoffs/${ticketId}/claim`)).status).toBe(200);

    expect(await user.say('Hello? My printer shows error E3')).toEqual([]);
    expect(await user.say('what can you do?')).toEqual([]);
    const page = await tech.call('GET', `/handoffs/${ticketId}/messages?wait=0`);
    expect(page.body.messages.map((m: { text: string }) => m.text)).toEqual(['Hello? My printer shows error E3', 'what can you do?']);

    expect((await tech.call('POST', `/handoffs/${ticketId}/resolve`, { resolution: 'Cleared the paper path' })).status).toBe(200);
    const thanks = await user.say('4');
    expect(texts(thanks)).toEqual(['Thanks for the 4/5! Glad we could help.']);
    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body.rating).toBe(4);
    // The bot is itself again.
    expect(texts(await user.say('hello')).join(' ').length).toBeGreaterThan(0);
  });

  it('a message with a secret reaches the technician with the secret removed, however little else it says', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId } = await queuedUser(bot, 'I need a technician');
    expect((await tech.call('POST', `/handoffs/${ticketId}/claim`)).status).toBe(200);

    // Alone, each of these reads as nothing the bot could act on; the technician still must get them,
    // and the user is told, as a handoff status (protocol.md), that the secret went nowhere (P3, P10).
    const pin = await user.say('my pin is 4821');
    expect(pin).toHaveLength(1);
    expect(pin[0].text).toMatch(/^I removed a password from your message.*Only "\[removed\]" reached Admin\.$/);
    expect(data(pin[0])).toMatchObject({ redacted: ['password'], handoff: { state: 'assigned', ticketId } });
    const card = await user.say('card 4111 1111 1111 1111');
    expect(card[0].text).toContain('https://brightside.example/pay');
    expect(data(card[0]).redacted).toEqual(['credit_card']);
    expect(await user.say('it says E3')).toEqual([]);
    const page = await tech.call('GET', `/handoffs/${ticketId}/messages?wait=0`);
    expect(page.body.messages.map((m: { text: string }) => m.text)).toEqual(['my pin is [removed]', 'card [removed]', 'it says E3']);
    expect(withoutIds([pin, card, page.body])).not.toMatch(/4821|4111/);
  });

  it.each([
    ['releases', 'release', { note: 'back to you' }],
    ['resolves', 'resolve', { resolution: 'Cleared the queue' }],
  ])('after the technician %s, the question the bot asked before they joined is over: the next message starts afresh', async (_name, action, body) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId } = await queuedUser(bot, 'I need a technician');
    // Chatting with the bot while waiting, as the queue message invites: a guide's first step is open.
    const step = await user.say('my printer says offline');
    expect(data(lastMessage(step)).step).toMatchObject({ flow: 'printer-offline' });
    expect((await tech.call('POST', `/handoffs/${ticketId}/claim`)).status).toBe(200);
    expect((await tech.call('POST', `/handoffs/${ticketId}/${action}`, body)).status).toBe(200);

    const next = await user.say('hello');
    expect(next.some((a) => data(a).step)).toBe(false);
    expect(texts(next).join(' ')).not.toMatch(/pick one of the options/i);
    // Once: the turn after that is the bot's as usual.
    expect(data(lastMessage(await user.say('my printer says offline'))).step).toMatchObject({ flow: 'printer-offline' });
  });

  it('a user who turned recording off still gets a live handoff, and nothing of the chat is kept (P8)', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    const off = await user.say("don't record this chat");
    expect(texts(off).join(' ')).toMatch(/record/i);
    await user.say('I want a technician');
    await user.say('Jane Doe');
    const queued = await user.say('jane@example.com');
    const ticketId = queued.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    await tech.call('POST', `/handoffs/${ticketId}/claim`);
    expect(await user.say('my secret project printer is broken')).toEqual([]);

    const store = bot.app.store;
    const all = async () => (await store.query<{ text?: string; entries?: { text: string }[] }>('conversations', user.conversationId)).map((r) => ({ key: r.key, json: JSON.stringify(r.value), expiresAt: r.expiresAt }));
    const chat = (await all()).filter((r) => r.json.includes('secret project'));
    // Only the live message queue holds it, for at most an hour; no transcript entry.
    expect(chat.map((r) => r.key)).toEqual([expect.stringMatching(new RegExp(`^handoff/${ticketId}/msg/`))]);
    expect(chat[0].expiresAt).toBeLessThanOrEqual(bot.clock.now() + 3600_000);
    expect((await tech.call('GET', `/handoffs/${ticketId}/messages?wait=0`)).body.messages.map((m: { text: string }) => m.text)).toEqual(['my secret project printer is broken']);

    await tech.call('POST', `/handoffs/${ticketId}/messages`, { text: 'Try the rear tray' });
    await tech.call('POST', `/handoffs/${ticketId}/resolve`, { resolution: 'done' });
    const left = (await all()).filter((r) => /secret project|rear tray/.test(r.json));
    expect(left).toEqual([]);
    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body).toMatchObject({ transcript: [], case: { consents: { recording: false } } });
  });

  const storedHandoffs = async (b: TestBot) => (await b.app.store.query<{ summary?: string; kind: string }>('handoffs', 'queue', { keyPrefix: 'active/' })).map((r) => r.value);

  it('with recording off the stored ticket keeps no words of the user, not even as its summary (P8)', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('dont record this chat pls');
    await user.say('my laptop at 221B Baker Street wont boot, my pin is 4821, get me a technician');
    await user.say('call me back');
    await user.say('+1 415 555 0100');
    const [ticket] = await storedHandoffs(bot);
    expect(ticket).toMatchObject({ kind: 'callback', summary: 'Asked for a technician' });
    expect(withoutIds(ticket)).not.toMatch(/Baker|laptop|4821|boot/);
  });

  it('with recording on the stored summary is the request masked, not the address typed in it (P10)', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('my laptop at 221B Baker Street, London NW1 6XE wont boot, get me a technician');
    await user.say('call me back');
    await user.say('+1 415 555 0100');
    const [ticket] = await storedHandoffs(bot);
    expect(ticket.summary).toBe('my laptop at [ADDRESS] wont boot, get me a technician');
  });

  it('outside business hours a detail typed at the follow-up offer is acknowledged, the offer asked again plainly, and the ticket carries it to the technician; a secret in it does not', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('talk to a technician');
    const added = await user.say('its the printer in the office, error E3');
    expect(texts(added)).toEqual(["Thanks, I'll pass that on.", 'Would you like a call back, an email, or neither?']);
    expect(data(lastMessage(added))).toMatchObject({ expects: 'choice', handoff: { state: 'unavailable' } });
    expect(lastMessage(added).suggestedActions?.actions.map((a) => a.title)).toEqual(['Call me back', 'Email me', 'No thanks']);
    // The secret was removed before the dialog saw the message: what is left is still a detail.
    expect(texts(await user.say('my password is hunter2, it started after the update')).slice(-2)).toEqual(["Thanks, I'll pass that on.", 'Would you like a call back, an email, or neither?']);
    await user.say('Call me back');
    const ticketId = data(lastMessage(await user.say('+1 415 555 0100'))).handoff!.ticketId!;
    const summary = 'talk to a technician (added: its the printer in the office, error E3; my password is [removed], it started after the update)';
    const [stored] = await storedHandoffs(bot);
    expect(stored.summary).toBe(summary);
    expect(await tech.waiting()).toEqual([expect.objectContaining({ id: ticketId, summary })]);
    const view = await tech.call('GET', `/handoffs/${ticketId}`);
    expect(view.body.summary).toBe(summary);
    expect(JSON.stringify(stored)).not.toContain('hunter2');
    expect(JSON.stringify(view.body)).not.toContain('hunter2');
  });

  it('outside business hours the billing team\'s ticket keeps the latest three details typed at the offer, masked', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can i get a refund i was charged twice');
    for (const detail of ['it was last tuesday', '49.99', 'the card was mailed to 221B Baker Street, London NW1 6XE', 'same amount both times']) {
      expect(texts(await user.say(detail))).toEqual(["Thanks, I'll pass that on.", 'Would you like a call back, an email, or neither?']);
    }
    await user.say('email me');
    await user.say('jo@example.com');
    const [stored] = await storedHandoffs(bot);
    expect(stored.summary).toBe('Disputed charge (added: 49.99; the card was mailed to [ADDRESS]; same amount both times)');
  });

  // The request said again in billing words is a detail like any other there, not a wrong pick (nor a new billing question).
  it.each([
    ['i want to switch from monthly to annual', 'I need a refund'],
    ['can i get a refund i was charged twice', 'i just want my money back'],
  ])('outside business hours, after "%s", "%s" at the billing team\'s offer is thanked for and the offer asked again', async (opening, said) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    expect(texts(await user.say(opening)).at(-1)).toMatch(/Would you like someone from our billing team to call you back/);
    expect(texts(await user.say(said))).toEqual(["Thanks, I'll pass that on.", OFFER_QUESTION]);
    await user.say('email me');
    await user.say('jo@example.com');
    expect((await storedHandoffs(bot))[0].summary).toMatch(new RegExp(`\\(added: ${said}\\)$`));
  });

  it.each(['yes', 'ok', 'hmm', 'ok sure', 'what happens next?', 'asdf', 'jkjkjk'])('outside business hours "%s" at the follow-up offer is no detail: asked to pick, and the ticket adds nothing', async (said) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('talk to a technician');
    const replies = texts(await user.say(said));
    expect(replies.at(-1)).toBe('Would you like a call back, an email, or neither? Please pick one of the options.');
    expect(replies).not.toContain("Thanks, I'll pass that on.");
    await user.say('Call me back');
    await user.say('+1 415 555 0100');
    expect((await storedHandoffs(bot))[0].summary).toBe('talk to a technician');
  });

  // A person asked for beside sparks got the out-of-hours offer alone: no word of unplugging it, nor why it was urgent.
  it('outside business hours a person asked for beside a hazard gets the safety advice first, and a high-priority ticket naming it', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    const replies = texts(await user.say('my charger is sparking can i talk to someone'));
    expect(replies).toContainEqual(expect.stringMatching(/^That can be dangerous\. If there's a fire or someone is hurt, call the emergency services now/));
    expect(replies.at(-1)).toMatch(/Would you like .*call you back/);
    await user.say('Call me back');
    await user.say('+1 415 555 0100');
    expect((await storedHandoffs(bot))[0]).toMatchObject({ reason: 'Safety hazard: sparks', priority: 'high' });
  });

  // At the offer, "my charger is sparking" was kept as a detail ("Thanks, I'll pass that on."), at the
  // email question told it was no address, at the name question asked about as another problem: no
  // word of unplugging it, and the ticket went at normal priority as "Asked for a technician".
  it.each([
    ['at the follow-up offer', [], 'my charger is sparking', 'sparks', /Would you like a call back, an email, or neither\?/],
    ['at the email question', ['Email me'], 'the battery is swelling up', 'swelling', /What's your email address\?/],
  ])('outside business hours a hazard told %s gets the safety advice, the question again, and a high-priority ticket naming it', async (_at, before, said, hazard, question) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('talk to a technician');
    for (const text of before) await user.say(text);
    const replies = texts(await user.say(said));
    expect(replies[0]).toMatch(/^That can be dangerous\. If there's a fire or someone is hurt, call the emergency services now/);
    expect(replies.at(-1)).toMatch(question);
    if (before.length === 0) await user.say('Email me');
    await user.say('jo@example.com');
    expect((await storedHandoffs(bot))[0]).toMatchObject({ reason: `Safety hazard: ${hazard}`, priority: 'high', summary: `talk to a technician (added: ${said})` });
  });

  it('in business hours a hazard told at the name question gets the safety advice, the name question again, and a high-priority ticket', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const user = bot.conversation();
    await user.say('talk to a technician');
    const replies = await user.say('my laptop charger is sparking');
    expect(texts(replies)[0]).toMatch(/^That can be dangerous\./);
    expect(data(lastMessage(replies)).expects).toBe('name');
    await user.say('Jane Doe');
    await user.say('jane@example.com');
    expect((await storedHandoffs(bot))[0]).toMatchObject({ reason: 'Safety hazard: sparks', priority: 'high' });
  });

  // At the billing team's out-of-hours offer, "this is ridiculous" got "A technician can take over
  // whenever you like; just say talk to a technician": a person nobody could give, and being arranged.
  it.each(['i was charged twice this month', 'talk to a technician'])('outside business hours annoyance at the follow-up offer after "%s" is apologised for, without offering a person again', async (opening) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say(opening);
    const replies = texts(await user.say('this is ridiculous'));
    expect(replies[0]).toBe("I'm sorry about this. I'm passing it to a person now.");
    expect(replies.join('\n')).not.toMatch(/talk to a technician/);
    expect(replies.at(-1)).toMatch(/Would you like .*call you back/);
  });

  // "Jo Bloggs" was thanked as a detail to pass on, and the name went into the ticket's summary.
  it.each(['Jo Bloggs', 'my name is jo bloggs'])('outside business hours "%s" at the follow-up offer is told the details come after the pick, and the ticket adds nothing', async (said) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('talk to a technician');
    const replies = await user.say(said);
    expect(texts(replies)).toEqual(["Thanks. I'll ask for the details I need once you've chosen.", 'Would you like a call back, an email, or neither?']);
    expect(lastMessage(replies).suggestedActions?.actions.map((a) => a.title)).toEqual(['Call me back', 'Email me', 'No thanks']);
    await user.say('Call me back');
    await user.say('+1 415 555 0100');
    expect((await storedHandoffs(bot))[0].summary).toBe('talk to a technician');
  });

  it('with recording off a detail typed at the follow-up offer is not promised to be passed on, nor kept (P8)', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('dont record this chat pls');
    await user.say('talk to a technician');
    expect(texts(await user.say('its the printer in the office, error E3'))).toEqual(['Would you like a call back, an email, or neither? Please pick one of the options.']);
    await user.say('Call me back');
    await user.say('+1 415 555 0100');
    expect(JSON.stringify(await storedHandoffs(bot))).not.toMatch(/printer|E3/);
  });

  it('outside business hours it says so and offers a callback, which becomes a ticket', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    const offer = await user.say('can I speak to an agent');
    const prompt = lastMessage(offer);
    expect(prompt.text).toContain("we're outside those hours right now (we open again Monday at 08:00)");
    expect(data(prompt)).toMatchObject({ expects: 'choice', handoff: { state: 'unavailable' } });
    expect(prompt.suggestedActions?.actions.map((a) => a.title)).toEqual(['Call me back', 'Email me', 'No thanks']);
    const phone = await user.say('Call me back');
    expect(data(lastMessage(phone)).expects).toBe('phone');
    const ticket = await user.say('+1 415 555 0123');
    const done = ticket.find((a) => data(a).handoff)!;
    expect(data(done).handoff).toEqual({ state: 'unavailable', ticketId: expect.any(String) });
    const listed = await tech.waiting();
    expect(listed).toEqual([expect.objectContaining({ id: data(done).handoff?.ticketId, followUp: 'callback' })]);
  });

  it.each([
    ['jo@example.com', 'Shall I use jo@example.com?', 'yes', /saved your email address/],
    ['call me on 415 555 0123', 'Shall I use the number ending 0123?', 'yes', /saved your phone number/],
    ['jo@example.com', 'Shall I use jo@example.com?', 'no', /What's your email address/],
  ])('outside business hours "%s" typed at the offer is not asked for again: after the notice, "%s" "%s"', async (typed, asked, answer, then) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    const next = await user.say(typed);
    // The notice comes first: the address was typed before the user knew what it would be used for.
    expect(next.findIndex((a) => data(a).notice?.id === 'contact')).toBeLessThan(next.findIndex((a) => (a.text ?? '').includes(asked)));
    expect(next.findIndex((a) => (a.text ?? '').includes(asked))).toBeGreaterThanOrEqual(0);
    expect((await user.say(answer)).map((a) => a.text).join('\n')).toMatch(then);
  });

  it.each([
    // A question of the user's, or something that answers nothing, re-asks the doubt, not the email question.
    // "How long" gets the answer the offer gives it; it was told questions must wait.
    ['how long will it take', /^I can't promise an exact time: someone gets back to you .+, when we open again\. Shall I use jo@example\.com\? Please say yes or no\.$/],
    ['how long', /^I can't promise an exact time: someone gets back to you .+, when we open again\. Shall I use jo@example\.com\? Please say yes or no\.$/],
    ['can i do this later?', /I can't answer questions in the middle of this one, sorry\. Shall I use jo@example\.com\? Please say yes or no\./],
    ['ok ill wait', /^Shall I use jo@example\.com\? Please say yes or no\.$/],
    ['what?', /^Shall I use jo@example\.com\? Please say yes or no\.$/],
  ])('outside business hours "%s" while "Shall I use jo@example.com?" waits asks it again, and a yes then keeps the address', async (said, reply) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    await user.say('jo@example.com');
    expect(lastMessage(await user.say(said)).text).toMatch(reply);
    expect((await user.say('yes please')).map((a) => a.text).join('\n')).toMatch(/saved your email address/);
  });

  // It was told questions must wait.
  it('in business hours "how long will it take" at the contact questions is told the ticket opens once the details are in, and asked again', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const user = bot.conversation();
    const asked = lastMessage(await user.say('can I speak to an agent')).text ?? '';
    const question = asked.split('\n').at(-1)!;
    const reply = lastMessage(await user.say('how long will it take')).text ?? '';
    expect(reply).toBe(`Your ticket isn't open yet: I'll open it as soon as I have the details I'm asking for. ${question}`);
  });

  it.each(['yes please', 'ok use that one', 'sure', 'yep thats right'])('outside business hours "%s" to "Shall I use jo@example.com?" keeps the address', async (yes) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    await user.say('jo@example.com');
    expect((await user.say(yes)).map((a) => a.text).join('\n')).toMatch(/saved your email address/);
  });

  // The "no" declined the offer and the printer was never mentioned again.
  it('outside business hours "no wait, actually my printer is offline" at the offer declines it and offers the printer guide', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    const next = await user.say('no wait, actually my printer is offline');
    expect(texts(next)).toEqual(["No problem. I'm still here if I can help with anything else.", 'You also mentioned "Printer shows as offline". Shall we look at that now?']);
    expect(data(lastMessage(await user.say('yes'))).step).toMatchObject({ flow: 'printer-offline', n: 1 });
  });

  // "Thanks, I'll pass that on": the printer was taken for a detail of the ticket and never looked at.
  it.each(['my printer is broken', 'my laptop wont turn on'])('outside business hours "%s" (no "no") at the offer sets the follow-up aside and offers to look at the problem', async (said) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    const next = texts(await user.say(said));
    expect(next).not.toContain("Thanks, I'll pass that on.");
    expect(next[0]).toBe("OK, I won't arrange a call back or an email for now. You can ask for one any time.");
    expect(next.at(-1)).toMatch(/^You also mentioned .*\. Shall we look at that now\?$/);
    expect(await storedHandoffs(bot)).toEqual([]);
  });

  it("outside business hours the same device's problem at the offer of a handoff about it is still a detail for the ticket", async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('my printer is offline, get me a technician');
    expect(texts(await user.say('my printer is still broken'))).toEqual(["Thanks, I'll pass that on.", 'Would you like a call back, an email, or neither?']);
  });

  // "Please pick one of the options" left the question unanswered.
  it.each(['how long will that take', 'when will someone call me?', 'how soon', 'hmm how long will that take', 'um, when will they call?'])('outside business hours "%s" at the offer is told no time can be promised, and asked again', async (asked) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    const next = await user.say(asked);
    // Sunday noon: the desk opens on Monday at 08:00. "During business hours" named no time.
    expect(texts(next)).toEqual(["I can't promise an exact time: someone gets back to you tomorrow from 08:00, when we open again.", OFFER_QUESTION]);
    expect(data(lastMessage(next)).expects).toBe('choice');
    expect(data(lastMessage(await user.say('email me'))).expects).toBe('email');
  });

  it.each([
    ['email is fine', 'email'],
    ['jo@example.com', 'email'], // the address says which; after the notice the user is asked whether to use it
    ['ring me', 'phone'],
    ['415 555 0123', 'phone'],
    ["please don't call me, email is fine", 'email'],
    ["don't email me, just call", 'phone'],
    // An address begun in words names the email; it was thanked for as a detail of the problem.
    ['jo smith at gmail', 'email'],
    ['my hotmail', 'email'],
  ])('outside business hours "%s" as the answer to the offer asks for the %s', async (answer, expects) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    const next = await user.say(answer);
    expect(data(lastMessage(next)).expects).toBe(expects);
    expect(next.some((a) => data(a).notice?.id === 'contact')).toBe(true);
  });

  // "i'd rather not give my email" picked "Email me" (the recognizer finds "email") and asked for the address.
  it.each(["i'd rather not give my email", 'I’d rather not share my phone number', 'id prefer not to give you my number', "don't email me"])(
    'outside business hours "%s" at the follow-up offer refuses the one it names, and names no other: read as "No thanks"',
    async (said) => {
      bot = await startTestBot({ start: SUNDAY_NOON_NY });
      const user = bot.conversation();
      await user.say('can I speak to an agent');
      const next = await user.say(said);
      expect(texts(next)).toEqual(["No problem. I'm still here if I can help with anything else."]);
      expect(next.some((a) => data(a).notice)).toBe(false);
      expect(await storedHandoffs(bot)).toEqual([]);
    },
  );

  it.each([
    // A broken phone is still a problem to look at when nothing could be arranged: it is offered then too.
    ['my phone is broken', "No problem, a technician can email you instead. Once that's arranged, we'll look at the phone.", ['You also mentioned a problem with your phone or tablet. Shall we look at that now?']],
    ['my mobile died', "No problem, a technician can email you instead. Once that's arranged, we'll look at the phone.", ['You also mentioned "Phone or tablet won\'t turn on". Shall we look at that now?']],
    ["I don't have a phone", 'No problem, a technician can email you instead.', []],
  ])('outside business hours "%s" at the follow-up offer declines the phone: the email is asked for, and the call back is not offered back', async (answer, said, offered) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    const next = await user.say(answer);
    expect(texts(next.filter((a) => !data(a).notice))).toEqual([said, "What's your email address?"]);
    expect(next.some((a) => data(a).notice?.id === 'contact')).toBe(true);
    expect(data(lastMessage(next)).expects).toBe('email');
    // No phone: "no email either" leaves nothing to arrange, rather than the call back again.
    expect(texts(await user.say("I don't have email either"))).toEqual(["Without a phone number or an email address I can't arrange a call back or an email. You can ask me again any time.", ...offered]);
    expect(await tech.waiting()).toEqual([]);
  });

  it('outside business hours "my phone is broken" at the follow-up offer opens an email ticket with the address given next, then offers to look at the phone', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    await user.say('my phone is broken');
    const done = await user.say('jo@example.com');
    const ticketId = done.map((a) => data(a).handoff?.ticketId).find(Boolean);
    expect(await tech.waiting()).toEqual([expect.objectContaining({ id: ticketId, followUp: 'email' })]);
    // The phone was kept, not forgotten: offered once the ticket is confirmed, without typing it again.
    expect(texts(done).at(-1)).toBe('You also mentioned a problem with your phone or tablet. Shall we look at that now?');
    expect(data(lastMessage(done)).expects).toBe('confirm');
  });

  it('outside business hours "my phone is broken" at a call back\'s phone question is offered after the email ticket, and "yes" offers the phone guides', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can someone call me');
    expect(texts(await user.say('my phone is broken'))).toEqual(["No problem, a technician can email you instead. Once that's arranged, we'll look at the phone.", "What's your email address, so a technician can email you?"]);
    const done = texts(await user.say('jo@example.com'));
    expect(done.slice(-2)).toEqual([expect.stringMatching(/^Done: I've opened ticket T-/), 'You also mentioned a problem with your phone or tablet. Shall we look at that now?']);
    const guides = await user.say('yes');
    expect(texts(guides)).toEqual(['I have a few guides that could fit. Which sounds most like your problem?']);
    expect(lastMessage(guides).suggestedActions?.actions.map((a) => a.title)).toEqual(expect.arrayContaining(["Phone or tablet won't charge", 'Something else']));
  });

  it('outside business hours "cancel" at the email question after "my phone is broken" stops everything: the phone is not offered', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can someone call me');
    await user.say('my phone is broken');
    expect(texts(await user.say('cancel'))).toEqual(["OK, I've stopped that. What else can I help with?"]);
    expect(texts(await user.say('hi')).join('\n')).not.toMatch(/You also mentioned/);
  });

  it.each([
    ['can someone call me', 'actually can you email me instead', 'email', 'Sure, a technician can email you instead.', 'jo@example.com'],
    ['can someone call me', "I don't have a phone", 'email', 'No problem, a technician can email you instead.', 'jo@example.com'],
    ['could a tech call me back', 'no phone', 'email', 'No problem, a technician can email you instead.', 'jo@example.com'],
    ['can someone call me', "I don't have a phone right now", 'email', 'No problem, a technician can email you instead.', 'jo@example.com'],
    // No phone to be called on, and maybe a problem to look at: after the follow-up, not instead of it.
    ['can someone call me', 'my phone is broken', 'email', "No problem, a technician can email you instead. Once that's arranged, we'll look at the phone.", 'jo@example.com'],
    ['can someone call me', "my phone doesn't work", 'email', "No problem, a technician can email you instead. Once that's arranged, we'll look at the phone.", 'jo@example.com'],
    ['can someone email me', 'call me instead', 'phone', 'Sure, a technician can call you back instead.', '+1 415 555 0123'],
    ['can a technician email me', "I don't have an email address", 'phone', 'No problem, a technician can call you back instead.', '+1 415 555 0123'],
  ])('outside business hours, after "%s", "%s" at the contact question asks for the %s instead and opens that ticket', async (picked, instead, expects, said, contact) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('my printer won\'t print');
    // Asked for by name, the follow-up is not offered again: the contact question comes at once.
    expect((await user.say(picked)).some((a) => data(a).notice?.id === 'contact')).toBe(true);
    const switched = await user.say(instead);
    expect(texts(switched)).toEqual([said, expect.stringMatching(expects === 'email' ? /email address/ : /phone number/)]);
    expect(data(lastMessage(switched)).expects).toBe(expects);
    // The contact notice was shown before the first question: not again.
    expect(switched.some((a) => data(a).notice)).toBe(false);
    const done = await user.say(contact);
    const ticketId = done.map((a) => data(a).handoff?.ticketId).find(Boolean);
    const listed = await tech.waiting();
    expect(listed).toEqual([expect.objectContaining({ id: ticketId, followUp: expects === 'email' ? 'email' : 'callback' })]);
  });

  it.each([
    ['can someone call me', 'jo@example.com', "OK, I'll have a technician email you at that address instead.", "Thanks, I've saved your email address.", 'email', 'j***@e***.com'],
    ['can someone call me', "I don't have a phone, but jo@example.com works", "OK, I'll have a technician email you at that address instead.", "Thanks, I've saved your email address.", 'email', 'j***@e***.com'],
    ['can a technician email me', '415 555 0123', "OK, I'll have a technician call you back on that number instead.", "Thanks, I've saved your phone number.", 'callback', '+*********23'],
  ])('outside business hours, after "%s", "%s" at the contact question opens that follow-up with it, not asked again', async (picked, typed, said, saved, followUp, masked) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    expect((await user.say(picked)).some((a) => data(a).notice?.id === 'contact')).toBe(true);
    const done = await user.say(typed);
    // The contact notice came before the first question and covers both: not again.
    expect(done.some((a) => data(a).notice)).toBe(false);
    expect(texts(done)).toEqual([said, saved, expect.stringMatching(/^Done: I've opened ticket T-\w+\./)]);
    const ticketId = data(lastMessage(done)).handoff!.ticketId!;
    const listed = await tech.waiting();
    expect(listed).toEqual([expect.objectContaining({ id: ticketId, followUp })]);
    expect((await tech.call('GET', `/handoffs/${ticketId}`)).body.case.contact).toEqual({ [followUp === 'email' ? 'email' : 'phone']: masked });
  });

  it('a likely typo in an address typed at the phone question is asked about once, and "yes" opens the email ticket with the address meant', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('can someone call me');
    const asked = await user.say('jo@gmial.com');
    expect(texts(asked)).toEqual(["OK, I'll have a technician email you at that address instead.", expect.stringMatching(/^Did you mean gmail\.com rather than gmial\.com\?/)]);
    expect(data(lastMessage(asked)).expects).toBe('email');
    const ticketId = data(lastMessage(await user.say('yes'))).handoff!.ticketId!;
    await tech.call('POST', `/handoffs/${ticketId}/claim`);
    expect((await tech.call('POST', `/handoffs/${ticketId}/reveal`, { field: 'email' })).body).toEqual({ value: 'jo@gmail.com' });
  });

  it.each(['why do you need that?', 'what will you do with my number?'])('outside business hours "%s" at the follow-up offer is told what the contact details are for and how long they are kept, then offered again', async (asked) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    const replies = await user.say(asked);
    const [answer, again] = texts(replies);
    expect(answer).toMatch(/^We use your contact details only to reach you about this request/);
    // The retention of contact details in the configuration (365 days), as the notice says it.
    expect(answer).toContain('We keep it for 365 days, then delete it automatically.');
    expect(again).toMatch(/call back, an email, or neither/);
    expect(lastMessage(replies).suggestedActions?.actions.map((a) => a.title)).toEqual(['Call me back', 'Email me', 'No thanks']);
    // Still the offer: a pick goes on to the contact question.
    expect(data(lastMessage(await user.say('Call me back'))).expects).toBe('phone');
  });

  // "what?" at the number got "Pick the answer that fits best", and there is nothing to pick there.
  it.each([
    ['can someone call me', 'what?', "I need your phone number, like (201) 555-0123. What's the best phone number to reach you?", '+1 415 555 0123'],
    ['can someone call me', 'what do you mean', "I need your phone number, like (201) 555-0123. What's the best phone number to reach you?", '+1 415 555 0123'],
    ['can someone email me', 'huh?', "I need your email address, like name@example.com. What's your email address?", 'jo@example.com'],
  ])('after %j, %j at the typed question is asked again plainly, saying what is wanted, and the answer after it is taken', async (opening, lost, again, answer) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    const expects = data(lastMessage(await user.say(opening))).expects;
    expect(expects === 'phone' || expects === 'email').toBe(true);
    const replies = await user.say(lost);
    expect(texts(replies)).toEqual([again]);
    expect(data(lastMessage(replies)).expects).toBe(expects);
    expect(texts(await user.say(answer)).join('\n')).toMatch(/call you back|email you/);
  });

  it('the contact notice said as the answer to "why do you need that?" at the follow-up offer counts as shown: not shown again at the question, and in the export once, with its version', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    const answered = await user.say('why do you need that?');
    const shown = answered.map((a) => data(a).notice).filter(Boolean);
    expect(shown).toEqual([expect.objectContaining({ id: 'contact', version: expect.any(String) })]);
    const asked = await user.say('Call me back');
    expect(data(lastMessage(asked)).expects).toBe('phone');
    expect(asked.filter((a) => data(a).notice)).toEqual([]);
    // What the number is for came with the notice when it was shown before the question: now the question says it.
    expect(texts(asked)).toEqual(["What's the best phone number to reach you, so a technician can call you back?"]);
    // Asked again in the same chat, it is the answer still, without being shown a second time.
    expect(texts(await user.say('why do you need my number?'))[0]).toMatch(/^We use your contact details only to reach you/);
    await user.say('+1 415 555 0123');
    const rights = createRightsServices({ store: bot.app.store, policy: bot.app.config.policy, mailer: { kind: 'log', send: async () => undefined, close: () => undefined } });
    const [account] = (await rights.exporter.export([`test:${user.user.id}`])).accounts;
    expect(account.noticesSeen).toEqual({ recording: expect.anything(), contact: { version: shown[0]!.version, at: expect.any(String) } });
  });

  it.each([
    ['can someone call me', 'actually my printer is broken', 'your phone number', '+1 415 555 0123', 'callback'],
    ['can someone email me', 'wait, my wifi is down too', 'your email address', 'jo@example.com', 'email'],
  ])('after "%s", "%s" at the contact question is asked about as another problem; carrying on asks the question again and opens the ticket', async (picked, problem, asked, contact, followUp) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say(picked);
    const question = lastMessage(await user.say(problem));
    expect(question.text).toBe(`That sounds like another problem. Shall I help you with it now (I'll stop asking for ${asked}), or carry on where we were?`);
    expect(question.suggestedActions?.actions.map((a) => a.title)).toEqual(['Help with that now', 'Carry on where we were']);
    const again = await user.say('Carry on where we were');
    expect(data(lastMessage(again)).expects).toBe(followUp === 'email' ? 'email' : 'phone');
    const ticketId = data(lastMessage(await user.say(contact))).handoff?.ticketId;
    const listed = await tech.waiting();
    expect(listed).toEqual([expect.objectContaining({ id: ticketId, followUp })]);
  });

  // "bye" there was read as a refusal to give the number: "This one can't be skipped".
  it('"bye" at the phone question, back from another problem, leaves the question open for the user\'s return', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('can someone call me');
    await user.say('actually my printer is broken');
    await user.say('Carry on where we were');
    const left = await user.say('bye');
    expect(texts(left)).toEqual(["OK, bye for now! When you're back, just answer my last question and we'll carry on from there."]);
    expect(data(lastMessage(left)).expects).toBe('phone');
    const ticketId = data(lastMessage(await user.say('+1 415 555 0123'))).handoff?.ticketId;
    expect(await tech.waiting()).toEqual([expect.objectContaining({ id: ticketId, followUp: 'callback' })]);
  });

  it('"Help with that now" at another problem typed at the phone question starts its guide instead, and the number is not asked for again', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    await user.say('Call me back');
    await user.say('actually my printer says offline');
    const guide = lastMessage(await user.say('Help with that now'));
    expect(data(guide).step).toMatchObject({ flow: 'printer-offline', n: 1 });
    // An answer to the guide's step is read by the guide, not as a phone number.
    expect(texts(await user.say('still offline')).join('\n')).not.toMatch(/phone number/);
    expect(await tech.waiting()).toEqual([]);
  });

  it.each([
    ['why do you need it?', /^We use your contact details only to reach you/],
    ['skip', /^This one can't be skipped/],
    // The phone at the phone question is about the answer (no phone to call), not a problem to troubleshoot instead.
    ['my phone is broken', /^No problem, a technician can email you instead\./],
    ['my printer is broken, can you email me instead', /^Sure, a technician can email you instead\./],
  ])('at the phone question for a callback "%s" is still read as about the question, not as another problem', async (typed, reply) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can someone call me');
    const replies = texts(await user.say(typed));
    expect(replies[0]).toMatch(reply);
    expect(replies.join('\n')).not.toMatch(/another problem/);
  });

  it('a waiting user switching to a callback who types an email address instead gets an email ticket and leaves the live queue', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user, ticketId: live } = await queuedUser(bot, 'I want to talk to a real person');
    expect(data(lastMessage(await user.say('can you call me back instead?'))).expects).toBe('phone');
    const done = await user.say('jo@example.com');
    expect(texts(done)[0]).toBe("OK, I'll have a technician email you at that address instead.");
    expect(texts(done).join('\n')).toMatch(/taken you out of the live queue.*email you at the address you gave/s);
    const waiting = await tech.waiting();
    expect(waiting).toEqual([expect.objectContaining({ followUp: 'email' })]);
    expect(waiting[0].id).not.toBe(live);
  });

  it('outside business hours "can someone call me" is not offered a choice it already made: it hears why and is asked for the number', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    const asked = await user.say('can someone call me about my printer');
    expect(texts(asked)).toContainEqual(expect.stringMatching(/we're outside those hours right now .* but a technician can call you back once someone is available\.$/));
    expect(texts(asked).join('\n')).not.toMatch(/Would you like/);
    expect(asked.some((a) => data(a).notice?.id === 'contact')).toBe(true);
    expect(data(lastMessage(asked)).expects).toBe('phone');
    const done = await user.say('+1 415 555 0123');
    const ticketId = done.map((a) => data(a).handoff?.ticketId).find(Boolean);
    const listed = await tech.waiting();
    expect(listed).toEqual([expect.objectContaining({ id: ticketId, followUp: 'callback' })]);
  });

  it('outside business hours a billing request is offered a follow-up from our billing team, and asks after it as such', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    const offer = await user.say('I want to cancel my subscription');
    expect(lastMessage(offer).text).toMatch(/^Our billing team works .*, and we're outside those hours right now .* Would you like someone from our billing team to call you back, or to email you/);
    expect(texts(offer).join('\n')).not.toMatch(/technician/i);
    const asked = await user.say('Email me');
    expect(asked.find((a) => data(a).notice?.id === 'contact')?.text).toMatch(/so someone from our billing team can email you/);
    const ticketId = data(lastMessage(await user.say('jo@example.com'))).handoff!.ticketId!;
    expect(texts(await user.say('any update on my ticket?'))).toEqual([
      `Your ticket ${ticketId} is open: someone from our billing team will email you at the address you gave tomorrow from 08:00, when we open again. Say "cancel my email" if you no longer need it.`,
    ]);
  });

  it('outside business hours a user with neither a phone nor an email is told so, and no ticket is opened', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    await user.say('call me back');
    expect(data(lastMessage(await user.say('I do not have a phone'))).expects).toBe('email');
    const none = await user.say("I don't have email either");
    expect(texts(none)).toEqual(["Without a phone number or an email address I can't arrange a call back or an email. You can ask me again any time."]);
    expect(await tech.waiting()).toEqual([]);
  });

  it('a billing handoff switches from email to a callback at its email question, without a second offer', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('I was charged twice this month');
    expect(data(lastMessage(await user.say('email me'))).expects).toBe('email');
    // "call me instead" reads as a request for a person: the handoff under way reads it, no new one starts.
    const switched = await user.say('call me instead');
    expect(texts(switched)).toEqual(['Sure, someone from our billing team can call you back instead.', "What's the best phone number to reach you, so someone from our billing team can call you back?"]);
    expect(data(lastMessage(switched)).expects).toBe('phone');
    const done = await user.say('+1 415 555 0123');
    // Sunday noon: when the desk opens, not "during business hours".
    expect(texts(done).at(-1)).toMatch(/^Done: I've opened ticket T-\w+\. Someone from our billing team will call you back on the number you gave tomorrow from 08:00, when we open again\.$/);
    const listed = await tech.waiting();
    expect(listed).toEqual([expect.objectContaining({ followUp: 'callback' })]);
  });

  it('a phone number given with a card number in the same message is kept (the card is removed) and the callback opened, not asked for again', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    expect(data(lastMessage(await user.say('ring me'))).expects).toBe('phone');
    const replies = await user.say('my number is 415 555 2671, my card 4111111111111111 if you need it');
    expect(texts(replies).join('\n')).toMatch(/I removed a card number/);
    expect(texts(replies).join('\n')).not.toMatch(/What's the best phone number/);
    const ticketId = replies.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    expect(ticketId).toBeDefined();
    const detail = (await tech.call('GET', `/handoffs/${ticketId}`)).body;
    expect(detail.case.contact.phone).toMatch(/\*/);
    expect(withoutIds(detail)).not.toContain('4111111111111111');
  });

  // A hacked account was told only to wait for Monday's call back.
  it('outside business hours a security report is told what to do now, before the follow-up offer; other requests are not', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const hacked = texts(await bot.conversation().say('i think someone hacked my email'));
    const firstSteps = hacked.findIndex((t) => /^Until someone can take this, here's what you can do now: .*change the account's password.*two-step verification/.test(t));
    expect(firstSteps).toBeGreaterThanOrEqual(0);
    expect(hacked.findIndex((t) => /outside those hours/.test(t))).toBeGreaterThan(firstSteps);
    expect(texts(await bot.conversation().say('can I speak to an agent')).join(' ')).not.toMatch(/two-step verification/);
  });

  // The scam's phone call, with no pop-up in it, got a technician offered with no scam steps ("got a call from
  // windows support"), or "Sorry, that's not something I can help with" ("a guy from apple called me about a virus").
  it.each(['got a call from windows support', 'a guy from apple called me about a virus'])(
    'outside business hours %j is told it is the scam, to hang up, and the ticket is a security report',
    async (said) => {
      bot = await startTestBot({ start: SUNDAY_NOON_NY });
      const user = bot.conversation();
      const opened = texts(await user.say(said));
      const scam = opened.find((t) => /^This is a scam: .*never phone you about a virus\. Don't call the number, and if they're on the phone, hang up\./.test(t));
      expect(scam).toMatch(/if you gave them card or bank details, call your bank now.*if you let them into your computer, disconnect it from the internet now/);
      await user.say('Call me back');
      await user.say('+1 415 555 0100');
      expect((await storedHandoffs(bot))[0]).toMatchObject({ reason: 'Security report: tech-support scam', priority: 'high' });
    },
  );

  // A tech-support scam's victim got only the account advice; "i gave them my card number" at the offer
  // was thanked as a detail, and "they have remote access to my computer now" started OUR remote-access consent.
  it('outside business hours a tech-support scam is told it is one, the card and the computer each get their urgent step, and the ticket names them at high priority', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    const opened = texts(await user.say('a pop up said my computer is infected and to call microsoft'));
    const scam = opened.findIndex((t) => /^This is a scam: Microsoft, Apple and other companies never show a pop-up with a number to call.*Don't call the number/.test(t));
    expect(scam).toBeGreaterThanOrEqual(0);
    expect(opened[scam]).toMatch(/call your bank now.*disconnect it from the internet.*From another device you trust, change your passwords/);
    expect(opened.findIndex((t) => /outside those hours/.test(t))).toBeGreaterThan(scam);

    const card = texts(await user.say('they already called and i gave them my card number'));
    expect(card[0]).toMatch(/^Call your bank now on the number on the back of your card: ask them to block the card and dispute the charges/);
    expect(card).not.toContain("Thanks, I'll pass that on.");
    expect(card.at(-1)).toBe('Would you like a call back, an email, or neither?');

    const remote = texts(await user.say('they have remote access to my computer now'));
    expect(remote[0]).toMatch(/^Disconnect the computer from the internet now \(turn off Wi-Fi or unplug the network cable\), and don't let them back in\. A technician will help you remove their remote access tool/);
    expect(remote.join('\n')).not.toMatch(/agree to remote access/i);
    expect(remote.at(-1)).toBe('Would you like a call back, an email, or neither?');

    await user.say('Call me back');
    await user.say('+1 415 555 0100');
    expect((await storedHandoffs(bot))[0]).toMatchObject({
      reason: 'Security report: tech-support scam, card details given, someone has remote access',
      priority: 'high',
      summary: 'a pop up said my computer is infected and to call microsoft (added: they already called and i gave them my card number; they have remote access to my computer now)',
    });
  });

  it('in business hours someone in the computer, told first, gets the disconnect step before the technician, never our remote-access consent', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const user = bot.conversation();
    const replies = await user.say('they have remote access to my computer now');
    const disconnect = texts(replies).findIndex((t) => /^Disconnect the computer from the internet now/.test(t));
    expect(disconnect).toBeGreaterThanOrEqual(0);
    expect(texts(replies).indexOf("That sounds like a security issue, so I'm putting you through to a technician with priority.")).toBeGreaterThan(disconnect);
    expect(texts(replies).join('\n')).not.toMatch(/agree to remote access/i);
    expect(data(lastMessage(replies)).expects).toBe('name');
    await user.say('Jane Doe');
    await user.say('jane@example.com');
    expect((await storedHandoffs(bot))[0]).toMatchObject({ reason: 'Security report: someone has remote access', priority: 'high' });
  });

  // Someone else asking to get in started OUR remote-access consent ("Do you agree to remote access?").
  it.each(['let them connect to my computer', 'should i let them connect to my computer?', 'they want to connect to my computer'])(
    'outside business hours %j is told not to let them in unless the user contacted us, and offered a technician, never our remote-access consent',
    async (said) => {
      bot = await startTestBot({ start: SUNDAY_NOON_NY });
      const replies = texts(await bot.conversation().say(said));
      const warning = replies.findIndex((t) => /^Please don't let them connect to your computer unless you contacted us yourself through our official channels/.test(t));
      expect(warning).toBeGreaterThanOrEqual(0);
      expect(replies[warning]).toMatch(/If they're on the phone, hang up\. If you already let them in, disconnect the computer from the internet now/);
      expect(replies.join('\n')).not.toMatch(/agree to remote access/i);
      expect(replies.at(-1)).toMatch(/Would you like a technician to call you back, or to email you/);
    },
  );

  it('outside business hours "i gave them my card number" at a request with no scam in it is a detail, not a scam', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('talk to a technician');
    expect(texts(await user.say('i gave them my card number'))[0]).toBe("Thanks, I'll pass that on.");
  });

  it('outside business hours "no" to the offer ends it kindly, and an unclear "yes" is asked which', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    const unclear = await user.say('yes');
    expect(lastMessage(unclear).text).toBe('Would you like a call back, an email, or neither? Please pick one of the options.');
    expect(data(lastMessage(unclear)).expects).toBe('choice');
    const no = await user.say("nah i'll wait");
    expect(lastMessage(no).text).toBe("No problem. I'm still here if I can help with anything else.");
  });

  // "ok thanks" and "thank you bye" were asked to pick an option again, and "bye" left the offer open for later.
  it.each(['ok thanks', 'thanks', 'thank you bye', 'bye', "no thanks that's all"])('outside business hours %j at the offer declines it with a goodbye', async (typed) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    const bye = await user.say(typed);
    expect(texts(bye)).toEqual(['No problem. If anything else comes up, just message me here. Goodbye!']);
    expect(data(lastMessage(bye)).expects).toBeUndefined();
  });

  it('outside business hours "thanks, email me" at the offer is the email, not a goodbye', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    expect(data(lastMessage(await user.say('thanks, email me'))).expects).toBe('email');
  });

  // The billing dialog had just said "a person on our billing team will review your request".
  it('outside business hours "no thanks" to a billing follow-up says the request was not passed on', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    expect(texts(await user.say('i want to cancel my subscription')).join(' ')).toMatch(/pass your cancellation to our billing team/);
    expect(lastMessage(await user.say('no thanks')).text).toBe(
      "No problem. Then I haven't passed your cancellation request on to our billing team, so nobody will contact you about it; ask me again any time and I will. I'm still here if I can help with anything else.",
    );
  });

  // It opened a technician's call back about nothing ("a technician can call you back"): the cancellation was lost.
  it('outside business hours "actually yes call me" right after "no thanks" to a billing follow-up opens the billing team\'s call back for that request', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('i want to cancel my subscription');
    await user.say('no thanks');
    expect(texts(await user.say('actually yes call me')).join(' ')).toMatch(/someone from our billing team can call you back/);
    expect(texts(await user.say('415 555 2671')).join(' ')).toMatch(/Someone from our billing team will call you back/);
    const [ticket] = await new HandoffRepository(bot.app.store, 3600).listActive();
    expect(ticket).toMatchObject({ kind: 'callback', team: 'billing', reason: 'Cancellation request' });
  });

  it('outside business hours a call asked for a message later than the "no thanks" is a technician\'s', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('i want to cancel my subscription');
    await user.say('no thanks');
    await user.say('what can you do?');
    expect(texts(await user.say('can someone call me')).join(' ')).toMatch(/a technician can call you back/);
  });

  it.each(['text me', 'can you text me instead', 'sms please'])('outside business hours "%s" is told there is no text follow-up, then asked again', async (typed) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('can I speak to an agent');
    const replies = await user.say(typed);
    expect(replies.map((r) => r.text)).toEqual([
      "Sorry, we can't follow up by text message. We can call you on your phone or email you.",
      'Would you like a call back, an email, or neither? Please pick one of the options.',
    ]);
    expect(data(lastMessage(await user.say('call me then'))).expects).toBe('phone');
  });

  // "Sorry, that's not something I can help with": the question named no "me".
  it.each(['when will they call', 'when are they going to call?', 'when will you call'])('a user with a callback ticket who asks "%s" is told it is open', async (question) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('get me a tech');
    await user.say('call me back');
    const callback = data(lastMessage(await user.say('4155550199'))).handoff!.ticketId!;
    expect(texts(await user.say(question))).toEqual([`Your ticket ${callback} is open: a technician will call you back on the number you gave tomorrow from 08:00, when we open again. Say "cancel my callback" if you no longer need it.`]);
  });

  it('a user with a callback ticket can ask after it, switch it to an email (one ticket stays) and cancel it', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const waiting = async () => (await tech.waiting()).map((h) => [h.id, h.followUp]);
    const user = bot.conversation();
    await user.say('get me a tech');
    await user.say('call me back');
    const callback = data(lastMessage(await user.say('4155550199'))).handoff!.ticketId!;

    for (const question of ['any update?', 'how long until someone calls me?', 'can I talk to a technician?']) {
      const status = await user.say(question);
      expect([question, texts(status)]).toEqual([question, [`Your ticket ${callback} is open: a technician will call you back on the number you gave tomorrow from 08:00, when we open again. Say "cancel my callback" if you no longer need it.`]]);
    }
    expect(await waiting()).toEqual([[callback, 'callback']]);

    await user.say('actually email me instead');
    const email = data(lastMessage(await user.say('jo@example.com'))).handoff!.ticketId!;
    expect(await waiting()).toEqual([[email, 'email']]);
    expect((await tech.call('GET', `/handoffs/${callback}`)).body).toMatchObject({ status: 'ended' });

    // A bare "cancel" stops the guide under way, not the ticket.
    await user.say('my printer says offline');
    expect(texts(await user.say('cancel'))).toEqual([expect.stringMatching(/^OK, I've stopped that/)]);
    expect(await waiting()).toEqual([[email, 'email']]);
    expect(texts(await user.say("i don't need the email anymore"))).toEqual([`OK, I've cancelled ticket ${email}: nobody will email you about it. I'm still here if you need anything else.`]);
    expect(await waiting()).toEqual([]);
  });

  // "There's nothing in progress to cancel", right after the bot said the ticket was open.
  it.each(['cancel it', 'cancel that', 'cancel'])('"%s" right after a callback opened in the chat cancels that ticket, as "cancel my callback" does', async (said) => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const { tech, user } = await queuedUser(bot, 'I want to talk to a real person');
    await user.say('call me back instead');
    const callback = data(lastMessage(await user.say('4155550199'))).handoff!.ticketId!;
    const replies = await user.say(said);
    expect(texts(replies)).toEqual([`OK, I've cancelled ticket ${callback}: nobody will call you about it. I'm still here if you need anything else.`]);
    expect(data(lastMessage(replies)).handoff).toEqual({ state: 'ended', ticketId: callback });
    expect((await tech.call('GET', `/handoffs/${callback}`)).body).toMatchObject({ status: 'ended' });
  });

  it('a bare "cancel" in a later chat is not read as the callback opened in an earlier one, which stays', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const first = bot.conversation();
    await first.say('talk to a technician');
    await first.say('call me back');
    const callback = data(lastMessage(await first.say('617-253-1000'))).handoff!.ticketId!;
    const later = bot.conversation({ userId: first.user.id });
    expect(texts(await later.say('cancel')).join('\n')).not.toContain(callback);
    expect((await tech.call('GET', `/handoffs/${callback}`)).body).toMatchObject({ status: 'waiting' });
  });

  // It turned off marketing calls and texts, and the callback stayed open: a technician still called.
  it.each(['stop calling me, i fixed it myself', 'dont call me, its fixed'])('"%s" in a later chat cancels the waiting callback, and turns off no marketing', async (said) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const first = bot.conversation();
    await first.say('my tv has no sound');
    await first.say('talk to a technician');
    await first.say('call me back');
    const callback = data(lastMessage(await first.say('2125550198'))).handoff!.ticketId!;
    const later = bot.conversation({ userId: first.user.id });
    const replies = texts(await later.say(said));
    expect(replies).toContain(`OK, I've cancelled ticket ${callback}: nobody will call you about it. I'm still here if you need anything else.`);
    expect(replies.join('\n')).not.toContain("I've turned off");
    expect((await tech.call('GET', `/handoffs/${callback}`)).body).toMatchObject({ status: 'ended' });
  });

  it('"stop calling me with sales offers" with a callback waiting is the opt-out, and the callback stays', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const user = bot.conversation();
    await user.say('talk to a technician');
    await user.say('call me back');
    const callback = data(lastMessage(await user.say('2125550198'))).handoff!.ticketId!;
    expect(texts(await user.say('stop calling me with sales offers')).join('\n')).toContain("I've turned off:\n• marketing calls and texts");
    expect((await tech.call('GET', `/handoffs/${callback}`)).body).toMatchObject({ status: 'waiting' });
  });

  // A hello in a new chat got the plain greeting, the ticket unmentioned until asked after.
  it('a hello in a later conversation is told the waiting callback ticket first; one with no ticket gets the greeting', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const first = bot.conversation();
    await first.say('talk to a technician');
    await first.say('call me back');
    const callback = data(lastMessage(await first.say('617-253-1000'))).handoff!.ticketId!;
    const hello = texts(await bot.conversation({ userId: first.user.id }).say('hi')).at(-1);
    expect(hello).toMatch(new RegExp(`^Hello! Your ticket ${callback} is open: a technician will call you back .* Is there anything else I can help with\\?$`));
    expect(texts(await bot.conversation().say('hi')).at(-1)).toMatch(/^Hi! I'm the .* assistant/);
  });

  it('in a later conversation the user finds their callback ticket, can swap it without a second one, and cancel it', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const tech = await signIn(bot);
    const waiting = async () => (await tech.waiting()).map((h) => h.followUp);
    const first = bot.conversation();
    await first.say('talk to a technician');
    await first.say('call me back');
    const callback = data(lastMessage(await first.say('617-253-1000'))).handoff!.ticketId!;

    const later = bot.conversation({ userId: first.user.id });
    // (A new conversation opens with the recording notice.)
    expect(texts(await later.say('any update on my callback?')).at(-1)).toContain(`Your ticket ${callback} is open`);
    // The plural was read as a correction of the user's details ("update").
    for (const asked of ['any updates on my tickets?', 'where is my callback', "what's happening with my ticket", 'has anyone looked at my ticket yet', 'hi did anyone look at my ticket', 'hello, any update on my callback?']) {
      expect(texts(await bot.conversation({ userId: first.user.id }).say(asked)).at(-1)).toContain(`Your ticket ${callback} is open`);
    }
    // A question after a privacy request is about that request, not the ticket.
    expect(texts(await later.say('any news on my data request?')).join('\n')).not.toContain(`Your ticket ${callback}`);
    await later.say('email me instead');
    await later.say('bob@example.com');
    expect(await waiting()).toEqual(['email']);
    bot.clock.advance(60_000);
    const cancelled = texts(await bot.conversation({ userId: first.user.id }).say('cancel my email')).at(-1)!;
    expect(cancelled).toMatch(/^OK, I've cancelled ticket T-/);
    expect(await waiting()).toEqual([]);
    // The one cancelled last is named, with when: "I can't find an open callback" left the user wondering what became of it.
    const emailTicket = /ticket (T-\w+)/.exec(cancelled)![1];
    expect(texts(await bot.conversation({ userId: first.user.id }).say('any update on my callback?')).at(-1)).toBe(
      `You don't have an open callback or email ticket: your email ticket, ticket ${emailTicket}, was cancelled on Sunday, November 22 at 12:01 (America/New York time). If you'd like a new one, just ask.`,
    );
  });

  it('with nobody signed in it says so honestly instead of queueing', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const offer = await bot.conversation().say('talk to a human');
    expect(lastMessage(offer).text).toContain('None of our technicians is signed in right now');
    expect(offer.some((a) => data(a).handoff?.state === 'queued')).toBe(false);
  });
});

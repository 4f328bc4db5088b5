import type { Activity } from 'botbuilder';
import { loadPolicy } from '../../../src/config';
import type { Mailer } from '../../../src/services/mail/mailer';
import { createRightsServices } from '../../../src/services/privacy/requests';
import { userIdOf } from '../../../src/dialogs/identity';
import { data, startTestBot, type TestBot, type TestConversation } from '../../support/conversation';
import { signIn, withDevTechnician } from '../../support/technician';

jest.setTimeout(60_000);

// What a user adds to their callback or email ticket after it is opened: when to call, and notes
// for whoever picks it up. 2026-11-22 is a Sunday: 12:00 in New York, outside business hours.
const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');

const texts = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').map((a) => a.text ?? '');
const lastText = async (c: TestConversation, said: string) => texts(await c.say(said)).at(-1) ?? '';

async function technician(bot: TestBot) {
  const tech = await signIn(bot);
  return { waiting: () => tech.waiting(), ticket: async (id: string) => (await tech.call('GET', `/handoffs/${id}`)).body as { summary: string } };
}

describe('adding to an open callback or email ticket', () => {
  let bot: TestBot;
  withDevTechnician();
  afterEach(() => bot?.close());

  async function opened(kind: 'call me back' | 'email me'): Promise<{ c: TestConversation; ticketId: string }> {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    await c.say('my tv wont turn on');
    await c.say('talk to a person');
    await c.say(kind);
    const replies = await c.say(kind === 'email me' ? 'jo@example.com' : '+1 212 555 0123');
    const ticketId = replies.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    expect(ticketId).toMatch(/^T-/);
    return { c, ticketId };
  }

  it('keeps the time the user wants the call at, confirms it, says it with the status and shows it to technicians', async () => {
    const { c, ticketId } = await opened('call me back');
    expect(await lastText(c, 'please call after 3pm')).toBe(`Noted: I've added to ticket ${ticketId} that you'd like the call after 3pm.`);
    expect(await lastText(c, 'when will they call?')).toBe(
      `Your ticket ${ticketId} is open: a technician will call you back on the number you gave tomorrow from 08:00, when we open again, and you'd like the call after 3pm. Say "cancel my callback" if you no longer need it.`,
    );
    // A later time replaces the first: the technician calls once.
    expect(await lastText(c, 'tomorrow morning is best')).toBe(`Noted: I've added to ticket ${ticketId} that you'd like the call tomorrow morning.`);
    for (const [said, time] of [
      ['not before 10', 'not before 10'],
      ['any time after lunch', 'any time after lunch'],
      ["i'm free weekdays after 5", 'weekdays after 5'],
    ]) {
      expect(await lastText(c, said)).toBe(`Noted: I've added to ticket ${ticketId} that you'd like the call ${time}.`);
    }
    const tech = await technician(bot);
    const [listed] = await tech.waiting();
    expect(listed.id).toBe(ticketId);
    expect(listed.summary).toMatch(/; preferred time: weekdays after 5$/);
    expect(listed.summary).not.toContain('after 3pm');
    expect((await tech.ticket(ticketId)).summary).toBe(listed.summary);
  });

  it('puts a note the user asks to add on the ticket, secrets removed, for technicians and in the data export', async () => {
    const { c, ticketId } = await opened('call me back');
    expect(await lastText(c, 'can you add that the tv clicks')).toBe(`Noted: I've added "the tv clicks" to ticket ${ticketId}, so the technician sees it.`);
    expect(await lastText(c, 'also tell them it squeaks a bit')).toBe(`Noted: I've added "it squeaks a bit" to ticket ${ticketId}, so the technician sees it.`);
    expect(await lastText(c, 'one more thing: the remote is new')).toContain('"the remote is new"');
    const secret = await c.say('add a note: my wifi password is Tr0ub4dor&3x');
    expect(texts(secret).join('\n')).toContain('I removed a password');
    expect(texts(secret).at(-1)).toBe(`Noted: I've added "my wifi password is [removed]" to ticket ${ticketId}, so the technician sees it.`);
    await c.say('call after 3pm');

    const { summary } = await (await technician(bot)).ticket(ticketId);
    expect(summary).toContain('; the user adds: the tv clicks; the user adds: it squeaks a bit; the user adds: the remote is new; the user adds: my wifi password is [removed]');

    const noMail: Mailer = { kind: 'log', send: async () => undefined, close: () => undefined };
    const rights = createRightsServices({ store: bot.app.store, policy: loadPolicy('content/helpline.config.yaml'), mailer: noMail, now: bot.clock.now });
    const exported = await rights.exporter.export([userIdOf({ channelId: c.channelId, from: c.user })]);
    const [ticket] = exported.accounts[0].handoffs;
    expect(ticket).toMatchObject({ id: ticketId, preferredTime: 'after 3pm' });
    expect(ticket.summary).toContain('the user adds: the tv clicks');
    expect(JSON.stringify(exported)).not.toContain('Tr0ub4dor');
  });

  // The first was kept nowhere; the second got "Sorry, I'm not sure what you mean".
  it('keeps the time around when the user is busy, and says it with the status', async () => {
    const { c, ticketId } = await opened('call me back');
    expect(await lastText(c, "i'm at lunch until 2, call after that")).toBe(`Noted: I've added to ticket ${ticketId} that you'd like the call after 2.`);
    expect(await lastText(c, "actually i'll be at lunch 12-1, dont call then")).toBe(`Noted: I've added to ticket ${ticketId} that you'd like the call not between 12 and 1.`);
    expect(await lastText(c, 'when will they call?')).toContain("and you'd like the call not between 12 and 1.");
    expect((await (await technician(bot)).ticket(ticketId)).summary).toMatch(/; preferred time: not between 12 and 1$/);
  });

  it('an email ticket takes notes but no time for a call; a question about it still gets its status', async () => {
    const { c, ticketId } = await opened('email me');
    expect(await lastText(c, 'add a note: it is a 2019 model')).toBe(`Noted: I've added "it is a 2019 model" to ticket ${ticketId}, so the technician sees it.`);
    expect((await (await technician(bot)).ticket(ticketId)).summary).toContain('the user adds: it is a 2019 model');
    expect(await lastText(c, 'tomorrow morning')).not.toContain('Noted');
    expect(await lastText(c, 'any update on my ticket?')).toMatch(new RegExp(`^Your ticket ${ticketId} is open: a technician will email you`));
  });

  // "its a dell xps" was read as a new problem ("I don't have a guide for that problem yet") or a goodbye, and lost.
  it('the make or model told right after the ticket opened goes on it as a note; in a later chat, or naming a fault, it does not', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    await c.say('my laptop wont turn on');
    await c.say('talk to a technician');
    await c.say('email me');
    const ticketId = (await c.say('jo@example.com')).map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    await c.say('yes');
    expect(await lastText(c, 'its a dell xps')).toBe(`Noted: I've added "its a dell xps" to ticket ${ticketId}, so the technician sees it.`);
    expect((await (await technician(bot)).ticket(ticketId)).summary).toContain('the user adds: its a dell xps');
    expect(await lastText(c, 'its a printer problem')).not.toContain('Noted');
    const later = bot.conversation({ userId: c.user.id });
    expect(texts(await later.say('its a dell xps')).join('\n')).not.toContain('Noted');
  });

  // P8: with recording off only a minimal case record is kept, no message text. The note was kept.
  it('with recording off a note is not kept, and the user is told to tell the technician instead', async () => {
    const { c, ticketId } = await opened('call me back');
    await c.say("please don't record this chat");
    expect(await lastText(c, 'add a note: it is a 2019 model')).toBe(
      `Recording is off for this chat, so I don't keep what you type and haven't added that to ticket ${ticketId}. Please tell the technician when they call.`,
    );
    expect(JSON.stringify(await (await technician(bot)).ticket(ticketId))).not.toContain('2019 model');
  });

  it('at a question the bot asked, a bare time is left to the question; one said of the call is kept and the question asked again', async () => {
    const { c, ticketId } = await opened('call me back');
    const step = texts(await c.say('my printer says offline')).at(-1);
    expect(texts(await c.say('tomorrow morning')).join('\n')).not.toContain('Noted');
    const replies = texts(await c.say('please call tomorrow morning'));
    expect(replies[0]).toBe(`Noted: I've added to ticket ${ticketId} that you'd like the call tomorrow morning.`);
    expect(replies.at(-1)).toBe(step);
  });

  // The number was kept, the time beside it lost, and the reply said only "tomorrow from 08:00".
  it('keeps a time typed with the number at the phone question, and says it', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    await c.say('my tv wont turn on');
    await c.say('talk to a person');
    await c.say('call me back');
    const done = texts(await c.say('(212) 555-0198 after 6pm')).at(-1) ?? '';
    expect(done).toMatch(/^Done: I've opened ticket T-\w+\. A technician will call you back on the number you gave tomorrow from 08:00, when we open again, and you'd like the call after 6pm\.$/);
    const [listed] = await (await technician(bot)).waiting();
    expect(listed.summary).toMatch(/; preferred time: after 6pm$/);
  });

  // A new chat: "can you call me at 3pm instead" replaces the time kept, and a reason said first is no bar.
  it('in a later chat, a new time replaces the one kept', async () => {
    const { c, ticketId } = await opened('call me back');
    await c.say('please call after 3pm');
    const later = bot.conversation({ userId: c.user.id });
    expect(await lastText(later, 'can you call me at 3pm instead')).toBe(`Noted: I've added to ticket ${ticketId} that you'd like the call at 3pm.`);
    expect(await lastText(later, 'actually im busy tomorrow, can u call wednesday')).toBe(`Noted: I've added to ticket ${ticketId} that you'd like the call wednesday.`);
    // "make it" said of the call: it was "not something I can help with".
    expect(await lastText(later, 'and make it after 5pm')).toBe(`Noted: I've added to ticket ${ticketId} that you'd like the call after 5pm.`);
    expect((await (await technician(bot)).ticket(ticketId)).summary).toMatch(/; preferred time: after 5pm$/);
  });

  it('with no ticket open, a time or a note is read as it was before', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    const note = texts(await c.say('can you add that the tv clicks')).join('\n');
    expect(note).not.toContain('Noted');
    expect(note).toContain("I don't have a guide for that problem yet.");
    expect(texts(await c.say('please call after 3pm')).join('\n')).not.toContain('Noted');
  });
});

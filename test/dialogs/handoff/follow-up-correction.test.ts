import type { Activity } from 'botbuilder';
import { data, startTestBot, type TestBot } from '../../support/conversation';
import { signIn, withDevTechnician } from '../../support/technician';

jest.setTimeout(60_000);

// A Wednesday, 10:00 in New York, with no technician signed in: a person asked for is offered a callback.
const WEDNESDAY_10AM_NY = Date.parse('2026-11-18T15:00:00Z');
const texts = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').map((a) => a.text ?? '');

async function revealed(bot: TestBot, ticketId: string, field: 'phone' | 'email'): Promise<unknown> {
  return (await (await signIn(bot)).call('POST', `/handoffs/${ticketId}/reveal`, { field })).body.value;
}

// A user puts right the number or address they gave a moment ago for a callback or email ticket:
// it was "not something I can help with", or a data correction asking for a code by email.
describe('correcting the contact detail a follow-up ticket was just opened with', () => {
  let bot: TestBot;
  withDevTechnician();
  beforeEach(async () => (bot = await startTestBot({ start: WEDNESDAY_10AM_NY })));
  afterEach(() => bot?.close());

  async function callback(user: ReturnType<TestBot['conversation']>): Promise<string> {
    await user.say('can someone call me back');
    const opened = await user.say('415 555 2671');
    const ticketId = opened.map((a) => data(a).handoff?.ticketId).find(Boolean);
    expect(ticketId).toBeDefined();
    return ticketId!;
  }

  async function emailTicket(user: ReturnType<TestBot['conversation']>): Promise<string> {
    await user.say('talk to a technician');
    await user.say('email me');
    return (await user.say('jane@example.com')).map((a) => data(a).handoff?.ticketId).find(Boolean)!;
  }

  it.each([
    ['sorry wrong number, its 415 555 2672'],
    ['actually my number is (415) 555-2672'],
    ['415 555 2672'],
  ])('"%s" changes the number on the ticket, and says so', async (said) => {
    const user = bot.conversation();
    const ticketId = await callback(user);
    expect(texts(await user.say(said))).toEqual([`Thanks, I've changed the number on ticket ${ticketId}: the technician will call you on the number ending 2672.`]);
    expect(await revealed(bot, ticketId, 'phone')).toBe('+14155552672');
  });

  it('"sorry wrong number" alone is asked for the right one, which the next message gives', async () => {
    const user = bot.conversation();
    const ticketId = await callback(user);
    expect(texts(await user.say('sorry wrong number'))).toEqual([`What's the right number? I'll change it on ticket ${ticketId}.`]);
    expect(texts(await user.say('415 555 2673'))).toEqual([`Thanks, I've changed the number on ticket ${ticketId}: the technician will call you on the number ending 2673.`]);
    expect(await revealed(bot, ticketId, 'phone')).toBe('+14155552673');
  });

  // Two numbers there: the phone question offers the first, but here the first is as often the wrong one.
  it('"sorry wrong number, not 415 555 2671, its 415 555 2672" is asked which is right, and the ticket keeps its number until told', async () => {
    const user = bot.conversation();
    const ticketId = await callback(user);
    expect(texts(await user.say('sorry wrong number, not 415 555 2671, its 415 555 2672'))).toEqual([
      `That's two numbers. Which is the right one? Say "the first one" or "the second one", or type just that number, and I'll change it on ticket ${ticketId}.`,
    ]);
    expect(await revealed(bot, ticketId, 'phone')).toBe('+14155552671');
    expect(texts(await user.say('415 555 2672'))).toEqual([`Thanks, I've changed the number on ticket ${ticketId}: the technician will call you on the number ending 2672.`]);
  });

  // The real one replaced the number without a word about the other.
  it('"sorry wrong number, its 415 555 2672 not 555 201 3344" changes it to the real one and says why the other was not taken', async () => {
    const user = bot.conversation();
    const ticketId = await callback(user);
    expect(texts(await user.say('sorry wrong number, its 415 555 2672 not 555 201 3344'))).toEqual([
      `Thanks, I've changed the number on ticket ${ticketId}: the technician will call you on the number ending 2672. That's two numbers, and only +1 415 555 2672 is a real one: 555 201 3344 isn't (555 is not a real area code: it is kept for films and examples).`,
    ]);
    expect(await revealed(bot, ticketId, 'phone')).toBe('+14155552672');
  });

  // Only the number typed out was read: "the second one" was out of scope, and the ticket kept the wrong number.
  it.each([
    ['sorry wrong number, not 415 555 2671, its 415 555 2672', 'the second one', '+14155552672'],
    ['sorry wrong number, not 415 555 2671, its 415 555 2672', 'the other one', '+14155552672'],
    ['sorry wrong number, its 415 555 2673 or 415 555 2672', 'the first one', '+14155552673'],
    ['sorry wrong number, home 415 555 2673 mobile 415 555 2672', 'the mobile one', '+14155552672'],
  ])('after "%s", "%s" changes the number to the one it names', async (numbers, pick, phone) => {
    const user = bot.conversation();
    const ticketId = await callback(user);
    await user.say(numbers);
    expect(texts(await user.say(pick))).toEqual([`Thanks, I've changed the number on ticket ${ticketId}: the technician will call you on the number ending ${phone.slice(-4)}.`]);
    expect(await revealed(bot, ticketId, 'phone')).toBe(phone);
  });

  it('"the second one" is read only right after the two numbers were asked about', async () => {
    const user = bot.conversation();
    const ticketId = await callback(user);
    await user.say('sorry wrong number, not 415 555 2671, its 415 555 2672');
    await user.say('hmm');
    expect(texts(await user.say('the second one')).join('\n')).not.toMatch(/changed the number/);
    expect(await revealed(bot, ticketId, 'phone')).toBe('+14155552671');
  });

  // A billing team's ticket was told "the technician will call you".
  it('on a billing team\'s ticket, the change names the billing team', async () => {
    const user = bot.conversation();
    await user.say('I was charged twice');
    await user.say('call me back');
    const opened = await user.say('415 555 2671');
    const ticketId = opened.map((a) => data(a).handoff?.ticketId).find(Boolean);
    expect(texts(opened).join('\n')).toMatch(/our billing team will call you back/);
    expect(texts(await user.say('sorry wrong number, its 415 555 2672'))).toEqual([`Thanks, I've changed the number on ticket ${ticketId}: our billing team will call you on the number ending 2672.`]);
  });

  it('a new email address for an email ticket replaces the one just given', async () => {
    const user = bot.conversation();
    const ticketId = await emailTicket(user);
    expect(texts(await user.say('oops i meant jane@example.org'))).toEqual([`Thanks, I've changed the email address on ticket ${ticketId}: the technician will email you at j***@example.org.`]);
    expect(await revealed(bot, ticketId, 'email')).toBe('jane@example.org');
  });

  // "update my email to ann@new.org" was read as a question about the email ticket: its status again.
  it('"update my email to ann@new.org" changes the address on the email ticket', async () => {
    const user = bot.conversation();
    const ticketId = await emailTicket(user);
    expect(texts(await user.say('update my email to ann@new.org'))).toEqual([`Thanks, I've changed the email address on ticket ${ticketId}: the technician will email you at a***@new.org.`]);
    expect(await revealed(bot, ticketId, 'email')).toBe('ann@new.org');
  });

  // In a new chat the ticket's status was said again, and the technician would call the old number.
  it('in a later chat, a new number said to replace the old one changes it on the waiting ticket; a bare number does not', async () => {
    const first = bot.conversation();
    const ticketId = await callback(first);
    const later = bot.conversation({ userId: first.user.id });
    expect(texts(await later.say('415 555 2699')).join('\n')).not.toMatch(/changed the number/);
    expect(await revealed(bot, ticketId, 'phone')).toBe('+14155552671');
    expect(texts(await later.say('please call me on 646 555 0111 instead'))).toEqual([`Thanks, I've changed the number on ticket ${ticketId}: the technician will call you on the number ending 0111.`]);
    expect(await revealed(bot, ticketId, 'phone')).toBe('+16465550111');
    // Said there, the number is this chat's, put right as one just given is.
    expect(texts(await later.say('415 555 2672'))).toEqual([`Thanks, I've changed the number on ticket ${ticketId}: the technician will call you on the number ending 2672.`]);
  });

  // P9: the email on file is where one-time codes go. Changed unverified from a later chat, a later
  // data request's code could go to anyone's address.
  it('in a later chat, "update my email to ann@new.org" goes through the verified correction; the ticket keeps its address until then', async () => {
    const first = bot.conversation();
    const ticketId = await emailTicket(first);
    const later = bot.conversation({ userId: first.user.id });
    const replies = texts(await later.say('update my email to ann@new.org')).join('\n');
    expect(replies).not.toContain("I've changed the email address");
    expect(replies).toMatch(/one-time code/);
    expect(await revealed(bot, ticketId, 'email')).toBe('jane@example.com');
  });

  it('leaves a message about something else to the dialogs', async () => {
    const user = bot.conversation();
    await callback(user);
    expect(texts(await user.say('actually my printer is still offline 2 lights')).join('\n')).toContain('Printer shows as offline');
  });
});

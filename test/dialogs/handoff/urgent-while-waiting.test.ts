import type { Activity } from 'botbuilder';
import { data, startTestBot, type TestBot } from '../../support/conversation';
import { signIn, withDevTechnician } from '../../support/technician';

jest.setTimeout(60_000);

// 2026-11-18 is a Wednesday: 10:00 in New York, inside business hours; 2026-11-22 a Sunday, outside them.
const WEDNESDAY_10AM_NY = Date.parse('2026-11-18T15:00:00Z');
const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');

const texts = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').map((a) => a.text ?? '');
const storedHandoffs = async (b: TestBot) =>
  (await b.app.store.query<{ priority: string; reason: string; summary?: string }>('handoffs', 'queue', { keyPrefix: 'active/' })).map((r) => r.value);

const HAZARD_ADVICE = /^That can be dangerous\. If there's a fire or someone is hurt, call the emergency services now/;
const ACCOUNT_ADVICE = /^Until someone can take this, here's what you can do now: from a device you trust, change the account's password.*two-step verification.*sign out of all other sessions/;
const BANK_STEP = /^Call your bank now on the number on the back of your card/;
const SCAM_ADVICE = /^This is a scam: Microsoft, Apple and other companies never show a pop-up with a number to call.*call your bank now.*From another device you trust, change your passwords/;

describe('a hazard or a scam told while a ticket waits', () => {
  let bot: TestBot;
  withDevTechnician();
  afterEach(() => bot?.close());

  /** A user in the live queue, in hours with a technician signed in, after `opening` and their name and email. */
  async function inLiveQueue(opening: string) {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const user = bot.conversation();
    await user.say(opening);
    await user.say('Jane Doe');
    await user.say('jane@example.com');
    return user;
  }

  // "it just started smoking" with a callback waiting got the advice with "Would you like me to connect
  // you with a technician?", and the callback stayed at normal priority, the hazard named nowhere.
  it.each([
    ['a callback (told in a later chat)', 'Call me back', '+1 415 555 0100', true, 'it just started smoking', 'smoke', /a technician will call you back/],
    ['an email (told in the same chat)', 'Email me', 'jo@example.com', false, 'the battery is swelling up', 'swelling', /a technician will email you/],
  ])('with %s waiting, the safety advice comes at once and the ticket goes urgent naming the hazard', async (_kind, pick, contact, later, said, hazard, status) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('talk to a technician');
    await user.say(pick);
    await user.say(contact);
    const replies = texts(await (later ? bot.conversation({ userId: user.user.id }) : user).say(said));
    // A later chat opens with its recording notice.
    const advice = replies.find((t) => HAZARD_ADVICE.test(t));
    expect(advice).toMatch(/I've marked your ticket urgent and told the technicians\. Your ticket T-\w+ is open: /);
    expect(advice).toMatch(status);
    expect(replies.join('\n')).not.toMatch(/Would you like me to connect you with a technician/);
    expect(await storedHandoffs(bot)).toEqual([expect.objectContaining({ priority: 'high', reason: `Safety hazard: ${hazard}`, summary: `talk to a technician; the user adds: ${said}` })]);
  });

  // "also tell them it smells a bit burnt" was added as a note alone, at normal priority, with no word of unplugging it.
  it('a hazard told as a note for a waiting callback gets the safety advice, and the ticket goes urgent with the note', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('talk to a technician');
    await user.say('Call me back');
    await user.say('+1 415 555 0100');
    expect(texts(await user.say('also tell them it smells a bit burnt'))[0]).toMatch(HAZARD_ADVICE);
    expect((await storedHandoffs(bot))[0]).toMatchObject({ priority: 'high', reason: 'Safety hazard: burning smell', summary: 'talk to a technician; the user adds: it smells a bit burnt' });
  });

  // A hazard told on a security report's ticket made its reason "Safety hazard: smoke": the technicians no longer saw it was a security report.
  it('in the live queue a hazard told on a security report keeps the report in the reason, the hazard named after it', async () => {
    const user = await inLiveQueue('my account was hacked');
    expect(texts(await user.say('it just started smoking'))[0]).toMatch(HAZARD_ADVICE);
    expect((await storedHandoffs(bot))[0]).toMatchObject({ priority: 'high', reason: 'Security report; hazard: smoke' });
  });

  it.each([
    ['a scam, then a hazard at the offer', 'a pop up said my computer is infected and to call microsoft', 'my charger is sparking', 'Security report: tech-support scam; hazard: sparks'],
    ['a hazard, then a scam at the offer', 'my charger is sparking can i talk to someone', 'they have remote access to my computer now', 'Security report: someone has remote access; hazard: sparks'],
  ])('outside business hours %s: the ticket names both', async (_order, opening, then, reason) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say(opening);
    expect(texts(await user.say(then)).at(-1)).toBe('Would you like a call back, an email, or neither?');
    await user.say('Call me back');
    await user.say('+1 415 555 0100');
    expect((await storedHandoffs(bot))[0]).toMatchObject({ priority: 'high', reason });
  });

  // While waiting in the live queue a scam got "You're already in the queue" alone: no word of not
  // calling the number or of the bank, and the ticket stayed at normal priority behind the others.
  it('in the live queue a tech-support scam gets its steps at once and the ticket goes urgent as a security report', async () => {
    const user = await inLiveQueue('talk to a technician');
    const replies = await user.say('a pop up said my computer is infected and to call microsoft');
    expect(texts(replies)[0]).toMatch(SCAM_ADVICE);
    expect(texts(replies)[0]).toMatch(/I've marked your ticket urgent and told the technicians\. You're already in the queue/);
    expect(replies.map((a) => data(a).handoff).find(Boolean)).toMatchObject({ state: 'queued', position: 1 });
    expect(await storedHandoffs(bot)).toEqual([
      expect.objectContaining({ priority: 'high', reason: 'Security report: tech-support scam', summary: 'talk to a technician; the user adds: a pop up said my computer is infected and to call microsoft' }),
    ]);
  });

  // At a guide's step with a callback waiting, the scam was only added to the ticket as another problem ("also, asked later").
  it("at a guide's step with a callback waiting, a tech-support scam gets its steps at once, the callback goes urgent, and the step is asked again", async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('talk to a technician');
    await user.say('Call me back');
    await user.say('+1 415 555 0100');
    const step = texts(await user.say('my printer is offline')).at(-1);
    const replies = texts(await user.say('a pop up said my computer is infected and to call microsoft'));
    expect(replies[0]).toMatch(SCAM_ADVICE);
    expect(replies.at(-1)).toBe(step);
    expect((await storedHandoffs(bot))[0]).toMatchObject({ priority: 'high', reason: 'Security report: tech-support scam' });
  });

  // "my account was hacked" with a callback waiting got the ticket's status alone: no word of changing
  // the password, and the callback stayed at normal priority behind the others.
  it.each([
    ['a callback (told in a later chat)', 'Call me back', '+1 415 555 0100', true, 'my account was hacked', /a technician will call you back/],
    ['an email (told in the same chat)', 'Email me', 'jo@example.com', false, 'someone is logged into my email', /a technician will email you/],
  ])('with %s waiting, a security report gets the account steps at once and the ticket goes urgent as a security report', async (_kind, pick, contact, later, said, status) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('talk to a technician');
    await user.say(pick);
    await user.say(contact);
    const advice = texts(await (later ? bot.conversation({ userId: user.user.id }) : user).say(said)).find((t) => ACCOUNT_ADVICE.test(t));
    expect(advice).toMatch(/I've marked your ticket urgent and told the technicians\. Your ticket T-\w+ is open: /);
    expect(advice).toMatch(status);
    expect(await storedHandoffs(bot)).toEqual([expect.objectContaining({ priority: 'high', reason: 'Security report', summary: `talk to a technician; the user adds: ${said}` })]);
  });

  it('in the live queue a security report gets the account steps at once and the ticket goes urgent', async () => {
    const user = await inLiveQueue('talk to a technician');
    const replies = texts(await user.say('someone is logged into my email'));
    expect(replies[0]).toMatch(ACCOUNT_ADVICE);
    expect(replies[0]).toMatch(/You're already in the queue/);
    expect((await storedHandoffs(bot))[0]).toMatchObject({ priority: 'high', reason: 'Security report' });
  });

  // "i gave them my card number" with a scam's callback waiting was asked "which of these do you mean?":
  // no word of the bank, and the technicians never heard the card details were given.
  it("with a scam's callback waiting, card details given get the bank step at once and are named in the ticket's reason", async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.say('a pop up said my computer is infected and to call microsoft');
    await user.say('Call me back');
    await user.say('+1 415 555 0100');
    const replies = texts(await user.say('i gave them my card number'));
    expect(replies[0]).toMatch(BANK_STEP);
    // The scam's report was urgent from the start: the user is not told it was just made so.
    expect(replies[0]).toMatch(/The technicians already have your ticket as urgent, and I've added what you told me\. Your ticket T-\w+ is open: /);
    expect(replies[0]).not.toMatch(/I've marked your ticket urgent/);
    expect(await storedHandoffs(bot)).toEqual([
      expect.objectContaining({ priority: 'high', reason: 'Security report: tech-support scam, card details given', summary: expect.stringMatching(/; the user adds: i gave them my card number$/) }),
    ]);
  });

  it("in the live queue for a security report, card details given get the bank step and are named in the ticket's reason", async () => {
    const user = await inLiveQueue('my account was hacked');
    const replies = texts(await user.say('i gave him my credit card details'));
    expect(replies[0]).toMatch(BANK_STEP);
    expect(replies[0]).toMatch(/The technicians already have your ticket as urgent, and I've added what you told me\. You're already in the queue/);
    expect((await storedHandoffs(bot))[0]).toMatchObject({ priority: 'high', reason: 'Security report: card details given' });
  });
});

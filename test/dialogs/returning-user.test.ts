import type { Activity } from 'botbuilder';
import { startTestBot, type TestBot, type TestConversation } from '../support/conversation';
import { signIn, withDevTechnician } from '../support/technician';

jest.setTimeout(60_000);

const texts = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').map((a) => a.text ?? '');
const OFFER = /^Welcome back! Last time we were working on "No sound from the TV"\. .* Would you like to continue where we stopped\?$/;

// A user who left the no-sound guide at its second step and comes back in a new chat.
describe('a returning user with an unfinished guide', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  async function cameBack(): Promise<TestConversation> {
    const first = bot.conversation();
    await first.say('my tv has no sound');
    await first.say('still no sound');
    return bot.conversation({ userId: first.user.id });
  }

  // The router read these as cancel or out of scope: "Sorry, I'm not sure what you mean".
  it.each(['its me again', 'im back', "it's me again, still no luck"])('"%s" is offered to continue where they stopped', async (said) => {
    const next = await cameBack();
    expect(texts(await next.say(said)).at(-1)).toMatch(OFFER);
  });

  // The router read it as a goodbye: "Glad I could help... Goodbye!".
  it.each(['did you fix it?', 'is it fixed?'])('"%s" is told the bot fixes nothing from afar, and offered to continue', async (said) => {
    const next = await cameBack();
    const told = texts(await next.say(said));
    expect(told.join('\n')).not.toMatch(/Goodbye/);
    expect(told.slice(-2)).toEqual([expect.stringMatching(/^I can't fix anything from here/), expect.stringMatching(OFFER)]);
  });

  // It got "I can't find an open callback or email ticket" and nothing of the guide left half-way.
  it('"any update on my case?" is told no ticket is open and offered to continue the guide', async () => {
    const next = await cameBack();
    const told = texts(await next.say('any update on my case?'));
    expect(told.slice(-2)).toEqual([expect.stringMatching(/^There's no open callback or email ticket for you/), expect.stringMatching(OFFER)]);
  });

  // It started "TV won't turn on", whose words "is back" fit better.
  it('"the tv thing from yesterday is back" is offered to continue the no-sound guide', async () => {
    const next = await cameBack();
    expect(texts(await next.say('the tv thing from yesterday is back')).at(-1)).toMatch(OFFER);
  });

  // "sure" in it was taken for "Continue" and the TV's step came back.
  it('"sure, now what about my printer" at the offer starts something new, not the TV guide', async () => {
    const next = await cameBack();
    await next.say('hi');
    const told = texts(await next.say('sure, now what about my printer')).join('\n');
    expect(told).toMatch(/^OK, starting fresh\./);
    expect(told).not.toMatch(/pick up "No sound from the TV"/);
  });

  it('"yes, my printer is jammed too" at the offer starts the paper-jam guide', async () => {
    const next = await cameBack();
    await next.say('hi');
    expect(texts(await next.say('yes, my printer is jammed too')).join('\n')).toMatch(/Let's work through "Printer paper jam"/);
  });

  it.each(['sure', 'sure, what about the tv'])('"%s" at the offer continues the TV guide', async (said) => {
    const next = await cameBack();
    await next.say('hi');
    expect(texts(await next.say(said))[0]).toBe('OK, let\'s pick up "No sound from the TV" where we stopped.');
  });
});

// Nothing unfinished and no ticket: the router read these as a goodbye ("Glad I could help... Goodbye!").
describe('a user with nothing under way who asks whether we fixed it', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it.each(['did you fix it?', 'did you fix it yet', 'is it fixed?', 'have you fixed it'])('"%s" is told the bot fixes nothing from afar and asked what the problem is', async (said) => {
    const told = texts(await bot.conversation().say(said));
    expect(told.join('\n')).not.toMatch(/Goodbye/);
    expect(told.at(-1)).toMatch(/^I can't fix anything from here: we fix it together, step by step\. What's the problem\?/);
  });
});

// They got "I don't have a guide for that problem yet", or the guide with no word of last time's fix.
describe('a user whose problem a guide fixed in an earlier chat comes back', () => {
  let bot: TestBot;
  withDevTechnician();
  beforeAll(async () => {
    bot = await startTestBot({ start: Date.parse('2026-11-23T15:00:00Z') });
  });
  afterAll(() => bot.close());

  async function fixedBefore(): Promise<TestConversation> {
    const first = bot.conversation();
    await first.say('my printer says offline');
    await first.say('that fixed it');
    return bot.conversation({ userId: first.user.id });
  }

  it.each(['the printer thing from yesterday is back', 'my printer is offline again', 'the printer problem is back'])('"%s" is told what fixed it last time and goes through its guide again', async (said) => {
    const next = await fixedBefore();
    const told = texts(await next.say(said));
    expect(told.at(-2)).toBe(
      'Sorry it\'s back. Last time, "Printer shows as offline" was fixed by: Turn the printer off with its power button, wait 30 seconds, turn it back on and wait until it\'s ready. Let\'s go through it again.',
    );
    expect(told.at(-1)).toMatch(/^Turn the printer off with its power button/);
  });

  it('a technician it reaches is told the problem came back after a fix', async () => {
    const next = await fixedBefore();
    await next.say('my printer is offline again');
    await next.say('Talk to a technician');
    await next.say('email me');
    await next.say('jo@example.com');
    const tickets = await (await signIn(bot)).waiting();
    expect(tickets.at(-1)?.summary).toMatch(/^Printer shows as offline; came back after it was fixed on 2026-11-23 by: Turn the printer off/);
  });

  it('another of the device\'s problems told "again" gets its own guide, not the fixed one', async () => {
    const next = await fixedBefore();
    expect(texts(await next.say('my printer is jammed again')).join('\n')).not.toMatch(/Sorry it's back/);
  });
});

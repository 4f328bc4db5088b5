import type { Activity } from 'botbuilder';
import { data, startTestBot, type TestBot, type TestConversation } from '../../support/conversation';
import { signIn, withDevTechnician } from '../../support/technician';

jest.setTimeout(60_000);

// A call back taken back or refused in the user's own words. 2026-11-22 is a Sunday: 12:00 in New
// York, outside business hours, so "talk to a technician" offers a call back.
const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');

const texts = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').map((a) => a.text ?? '');

async function statusOf(bot: TestBot, ticketId: string): Promise<string> {
  return (await (await signIn(bot)).call('GET', `/handoffs/${ticketId}`)).body.status;
}

describe('a call back taken back or refused', () => {
  let bot: TestBot;
  withDevTechnician();
  afterEach(() => bot?.close());

  async function callbackOpened(): Promise<{ c: TestConversation; ticketId: string }> {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    await c.say('talk to a technician');
    await c.say('call me back');
    const ticketId = (await c.say('3475550111')).map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    expect(ticketId).toMatch(/^T-/);
    return { c, ticketId };
  }

  // "There's nothing in progress to cancel", and the callback stayed open.
  it.each(['never mind, cancel it', 'nvm cancel it'])('%j right after the callback opened cancels it', async (said) => {
    const { c, ticketId } = await callbackOpened();
    expect(texts(await c.say(said))).toContain(`OK, I've cancelled ticket ${ticketId}: nobody will call you about it. I'm still here if you need anything else.`);
    expect(await statusOf(bot, ticketId)).toBe('ended');
  });

  // It put the user's number on the do-not-market list: an opt-out nobody asked for.
  it('"no dont call" after the callback was cancelled is told it is, and turns off no marketing', async () => {
    const { c, ticketId } = await callbackOpened();
    await c.say('cancel my callback');
    const replies = texts(await c.say('no dont call')).join('\n');
    expect(replies).toBe(`Nobody will call you: your callback, ticket ${ticketId}, is already cancelled. I'm still here if you need anything else.`);
    expect(replies).not.toContain("I've turned off");
  });

  // It started the phone calls guide.
  it('"please dont call me, i fixed it myself" with no callback ever is told nothing is arranged, and glad it is fixed', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    expect(texts(await c.say('please dont call me, i fixed it myself')).at(-1)).toBe(
      "There's no callback arranged for you, so there's nothing to cancel and nobody will call. I'm glad it's fixed!",
    );
  });

  it('a plain "stop calling me" with no callback ever is still the marketing opt-out', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    const replies = texts(await c.say('stop calling me')).join('\n');
    expect(replies).toMatch(/marketing calls/);
    expect(replies).not.toContain('no callback arranged');
  });
});

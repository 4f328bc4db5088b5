import type { Activity } from 'botbuilder';
import { data, startTestBot, type TestBot } from '../../support/conversation';
import { signIn, withDevTechnician } from '../../support/technician';

jest.setTimeout(60_000);

// A call back asked for with the number to call in the same message. 2026-11-22 is a Sunday: 12:00
// in New York, outside business hours.
const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');

const texts = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').map((a) => a.text ?? '');

async function summaryOf(bot: TestBot, ticketId: string): Promise<string> {
  return (await (await signIn(bot)).call('GET', `/handoffs/${ticketId}`)).body.summary;
}

describe('a call back asked for with the number in the message', () => {
  let bot: TestBot;
  withDevTechnician();
  afterEach(() => bot?.close());

  // The number was asked for again ("What's the best phone number to reach you?") and the time lost.
  it('offers the number back, and keeps the time on the ticket', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    const asked = texts(await c.say('can someone call me at 646-555-0188 tomorrow morning')).join('\n');
    // Offered back by its last digits, as a number on file is ("the number ending 2672"); it was shown whole.
    expect(asked).toContain('Shall I use the number ending 0188?');
    expect(asked).not.toMatch(/646.?555.?0188/);
    expect(asked).not.toContain("What's the best phone number");
    const done = await c.say('yes');
    const ticketId = done.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    expect(texts(done).at(-1)).toMatch(/and you'd like the call tomorrow morning\.$/);
    expect(await summaryOf(bot, ticketId)).toMatch(/; preferred time: tomorrow morning$/);
  });

  // It got "Please pick one of the options" at the step.
  it('at a TV step, "call me tomorrow at 9am on 718 555 0142" opens the call back, then the step comes back', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    expect(data((await c.say('the picture on my tv is green')).at(-1)!).step).toMatchObject({ flow: 'tv-picture', stepId: 'tv-menu' });
    const asked = texts(await c.say('call me tomorrow at 9am on 718 555 0142')).join('\n');
    expect(asked).toContain('Shall I use the number ending 0142?');
    expect(asked).not.toContain('Please pick one of the options');
    const done = await c.say('yes');
    const ticketId = done.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    expect(texts(done).join('\n')).toContain("and you'd like the call tomorrow at 9am.");
    expect(data(done.at(-1)!).step).toMatchObject({ flow: 'tv-picture', stepId: 'tv-menu' });
    expect(await summaryOf(bot, ticketId)).toMatch(/; preferred time: tomorrow at 9am$/);
  });
});

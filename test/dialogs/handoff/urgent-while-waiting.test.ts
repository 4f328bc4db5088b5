import type { Activity } from 'botbuilder';
import { startTestBot, type TestBot } from '../../support/conversation';
import { signIn, withDevTechnician } from '../../support/technician';

jest.setTimeout(60_000);

// 2026-11-18 is a Wednesday: 10:00 in New York, inside business hours; 2026-11-22 a Sunday, outside them.
const WEDNESDAY_10AM_NY = Date.parse('2026-11-18T15:00:00Z');
const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');

const texts = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').map((a) => a.text ?? '');
const storedHandoffs = async (b: TestBot) =>
  (await b.app.store.query<{ priority: string; reason: string; summary?: string }>('handoffs', 'queue', { keyPrefix: 'active/' })).map((r) => r.value);

const HAZARD_ADVICE = /^That can be dangerous\. If there's a fire or someone is hurt, call the emergency services now/;

describe('a hazard or a scam told while a ticket waits', () => {
  let bot: TestBot;
  withDevTechnician();
  afterEach(() => bot?.close());

  // A hazard told on a security report's ticket made its reason "Safety hazard: smoke": the technicians no longer saw it was a security report.
  it('in the live queue a hazard told on a security report keeps the report in the reason, the hazard named after it', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const user = bot.conversation();
    await user.say('my account was hacked');
    await user.say('Jane Doe');
    await user.say('jane@example.com');
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
});

import { startTestBot, type TestBot } from '../../support/conversation';

jest.setTimeout(60_000);

// 2026-11-22 is a Sunday: outside business hours, so the ticket is a callback written at once.
const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');

// The pop-up guides' ending for someone who called, paid or let someone in opened a normal-priority
// ticket behind the others, while a scam told in so many words is a security report at high priority.
describe("a pop-up guide's ending after a scam", () => {
  let bot: TestBot;
  afterEach(() => bot?.close());

  it.each([
    ['i have pop ups on my computer', ['Yes, I called, paid or let someone in', 'Done'], 'User may have given remote access or payment to a tech-support scammer'],
    ['my iphone keeps showing pop ups', ['Done', 'Yes, I did', 'Done'], 'User may have called, paid, installed something or typed a password or code'],
  ])('after %j opens a high-priority security report', async (opening, answers, reason) => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const user = bot.conversation();
    await user.sayText(opening);
    let said = '';
    for (const answer of answers) said = await user.sayText(answer);
    expect(said).toMatch(/call you back, or to email you/);
    await user.sayText('Call me back');
    await user.sayText('+1 415 555 0100');
    const [ticket] = (await bot.app.store.query<{ priority: string; reason: string }>('handoffs', 'queue', { keyPrefix: 'active/' })).map((r) => r.value);
    expect(ticket).toMatchObject({ priority: 'high', reason: expect.stringMatching(new RegExp(`^Security report: ${reason}`)) });
  });
});

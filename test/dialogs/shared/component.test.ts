import type { Activity } from 'botbuilder';
import { data, startTestBot, type TestBot } from '../../support/conversation';

const texts = (replies: Partial<Activity>[]) => replies.map((r) => r.text ?? '').join('\n');

/**
 * A question asked on top of a feature (a billing question at the email question of a handoff that
 * a troubleshooting guide began) ends, and the feature underneath is resumed. The handoff was begun
 * from the parent's set of dialogs, so botbuilder's own resume, which asks again through a context
 * without a parent, could not find it and the turn failed with "something went wrong".
 */
describe('a feature resumed after a question asked on top of it', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it('asks its open question again, inside a handoff a guide began', async () => {
    const user = bot.conversation();
    await user.join();
    await user.say('my printer says offline');
    let replies = await user.say('i want a real person');
    // No technician is signed in: the user is offered an email once someone is available.
    for (let i = 0; i < 4 && data(replies.at(-1)!).expects !== 'email'; i++) {
      const options = replies.at(-1)!.suggestedActions?.actions.map((a) => String(a.title)) ?? [];
      replies = await user.say(options.find((o) => /email/i.test(o)) ?? options[0] ?? 'yes');
    }
    expect(data(replies.at(-1)!).expects).toBe('email');
    const answered = await user.say('what is my bill');
    expect(texts(answered)).not.toMatch(/something went wrong/i);
    expect(texts(answered)).toMatch(/email address/i);
    expect(data(answered.at(-1)!).expects).toBe('email');
    expect(bot.logs.filter((l) => /turn failed/.test(l))).toEqual([]);
    // And the question still takes its answer.
    expect(texts(await user.say('dana@example.com'))).not.toMatch(/something went wrong/i);
  });
});

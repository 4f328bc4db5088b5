import type { Activity } from 'botbuilder';
import { data, startTestBot, type TestBot } from '../../support/conversation';

const texts = (replies: Partial<Activity>[]) => replies.map((r) => r.text ?? '').join('\n');
const lastOf = (replies: Partial<Activity>[]) => replies[replies.length - 1];

// Through the main dialog: small talk took "what do you mean by input" for "I didn't explain that
// well", and the router "what do u mean by input" for a request for help, before the step could
// explain its word.
describe('a question about a word of the step, through the whole bot', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it.each(['what do you mean by input', 'what do u mean by input', 'sorry what do you mean by source?', 'what does input mean', 'whats input?', 'what is an input', 'what do you mean by hdmi'])(
    '%j at "Press Input or Source" is answered from the glossary and the instruction said again',
    async (question) => {
      const user = bot.conversation();
      await user.say('my tv says no signal');
      expect(data(lastOf(await user.say('Yes, the TV menu appears'))).step).toMatchObject({ flow: 'tv-no-signal', stepId: 'input' });
      const replies = await user.say(question);
      expect(texts(replies)).toMatch(/^(?:Input \(called Source on some TVs\) is what the TV shows|HDMI is the flat cable)/m);
      expect(texts(replies)).toMatch(/\n\nPress \*\*Input\*\* or \*\*Source\*\*/);
      expect(texts(replies)).not.toMatch(/didn't explain that well|Here's what I can do|Let's carry on/);
      expect(data(lastOf(replies)).step).toMatchObject({ flow: 'tv-no-signal', stepId: 'input' });
    },
  );

  it('"what do you mean" naming no word is still the apology, and the step kept', async () => {
    const user = bot.conversation();
    await user.say('my tv says no signal');
    await user.say('Yes, the TV menu appears');
    const replies = await user.say('what do you mean');
    expect(texts(replies)).toMatch(/didn't explain that well/);
    expect(data(lastOf(replies)).step).toMatchObject({ stepId: 'input' });
  });
});

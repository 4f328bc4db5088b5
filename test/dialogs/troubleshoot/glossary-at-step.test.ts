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

  // These steps' words had no entry, so the question got "Sorry, I can't answer questions here"; and
  // safe mode was explained for computers and Outlook only, at the phone camera guide's Android step.
  it.each([
    [['my phone has no signal'], 'phone-calls-signal/airplane', 'what is airplane mode', /^Airplane mode \(Flight mode on some phones\) turns off/],
    [['my phone has no signal', 'Still not working', 'Still not working'], 'phone-calls-signal/sim', 'what is an esim?', /^The SIM is the small card .* An eSIM does the same job/],
    [['nothing happens when i click print', 'Ready, no errors', 'Windows'], 'printer-wont-print/win-queue', 'whats the print queue', /^The print queue is the computer's list of documents/],
    // "key ... are other names" once read as a secret to the redaction of the bot's own reply.
    [['my laptop wont connect to wifi', "I don't know the password"], 'network-device-cant-join/find-password', 'what is a wpa key?', /^Your Wi-Fi password goes by other names too: WPA key, network key, Wi-Fi key or security key\./],
    [
      ['my phone camera is blurry', 'Still not working', 'Still not working', 'Still not working', 'Still not working', 'Android', 'Still not working'],
      'phone-camera/safe-mode',
      'what is safe mode?',
      /^Safe mode starts a computer, an Android phone .* on a phone, the apps you installed/,
    ],
  ])('after %j, at %s, %j is answered from the glossary and the step kept', async (said, at, question, answer) => {
    const user = bot.conversation();
    let replies: Partial<Activity>[] = [];
    for (const message of said) replies = await user.say(message);
    const [flow, stepId] = at.split('/');
    expect(data(lastOf(replies)).step).toMatchObject({ flow, stepId });
    replies = await user.say(question);
    expect(texts(replies)).toMatch(answer);
    expect(texts(replies)).not.toMatch(/can't answer questions here|\[removed\]/);
    expect(data(lastOf(replies)).step).toMatchObject({ flow, stepId });
  });

  // "which remote? i have 3" opened remote access (the remote-access notice, then a consent asked
  // for); "which remote" alone got "I don't have more detail than that for this step".
  it.each([
    [['my tv says no signal'], 'tv-no-signal/tv-menu', 'which remote? i have 3'],
    [['my tv says no signal', 'Yes, the TV menu appears'], 'tv-no-signal/input', 'which remote'],
    [['the picture on my tv is green'], 'tv-picture/tv-menu', 'what remote do i use?'],
  ])('after %j, at %s, %j is told it is the TV\'s own remote, and the step kept', async (said, at, question) => {
    const user = bot.conversation();
    let replies: Partial<Activity>[] = [];
    for (const message of said) replies = await user.say(message);
    const [flow, stepId] = at.split('/');
    expect(data(lastOf(replies)).step).toMatchObject({ flow, stepId });
    replies = await user.say(question);
    expect(texts(replies)).toMatch(/^The TV's own remote: the one for the TV rather than the cable box/m);
    expect(texts(replies)).not.toMatch(/remote access|more detail than that/i);
    expect(data(lastOf(replies)).step).toMatchObject({ flow, stepId });
  });

  it('"what do you mean" naming no word is told what the step is for, and the step kept', async () => {
    const user = bot.conversation();
    await user.say('my tv says no signal');
    await user.say('Yes, the TV menu appears');
    const replies = await user.say('what do you mean');
    expect(texts(replies)).toMatch(/^This step is one of the things that most often fixes this problem/m);
    expect(texts(replies)).toMatch(/\n\nPress \*\*Input\*\* or \*\*Source\*\*/);
    expect(data(lastOf(replies)).step).toMatchObject({ stepId: 'input' });
  });
});

import { startTestBot, type TestBot } from '../../support/conversation';

jest.setTimeout(60_000);

// As an older or non-technical user says it (the QA tester's el1 and ph1).
describe('plain words at a step', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  // It was read as "help": the list of everything the bot does, mid-guide.
  it.each(['What should I do now dear?', 'what do i do now love', 'what shall i do next?'])('%j asks the step again, without the list of what the bot does', async (said) => {
    const user = bot.conversation();
    expect(await user.sayText('Hello. I am 82 years old and my computer will not turn on. It is a Dell.')).toContain('What happens when you press the power button?');
    const reply = await user.sayText(said);
    expect(reply).not.toMatch(/Here's what I can do/);
    expect(reply).toContain('What happens when you press the power button?');
  });

  // Each was "Once you've tried that, how did it go?".
  it.each([['iPhone', '1'], ['Android', '2']])('"ok i deleted some videos, better now" at the storage guide\'s %s step ends it as fixed', async (_kind, device) => {
    const user = bot.conversation();
    await user.sayText('my phone storage is full');
    await user.sayText(device);
    expect(await user.sayText('ok i deleted some videos, better now')).toContain("Great, I'm glad it's working again!");
  });

  it('"better now" where "Better, but not perfect" is offered is that answer', async () => {
    const user = bot.conversation();
    await user.sayText('printer printing blank pages');
    await user.sayText('1');
    await user.sayText('Still blank or streaky');
    expect(await user.sayText('Still blank or streaky')).toContain('Run the printhead cleaning');
    expect(await user.sayText('better now')).toContain('Run the cleaning once more');
  });
});

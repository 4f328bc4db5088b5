import { startTestBot, type TestBot } from '../../support/conversation';

jest.setTimeout(60_000);

describe('"are you a bot or a real person?" at a step', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  // Its "person" picked "Talk to a technician", which began a handoff.
  it('is told it is a virtual assistant, that a technician is there, and the step again; no handoff', async () => {
    const user = bot.conversation();
    await user.sayText('printer offline');
    const reply = await user.sayText('are you a bot or a real person?');
    expect(reply).toContain("virtual assistant: a program, not a person. A technician can take over whenever you like");
    expect(reply).toContain('Turn the printer off with its power button');
    expect(reply).not.toMatch(/connect you with a technician|What's your name/);
  });
});

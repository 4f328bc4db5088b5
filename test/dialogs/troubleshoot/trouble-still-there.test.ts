import { startTestBot, type TestBot, type TestConversation } from '../../support/conversation';

jest.setTimeout(60_000);

// The blank prints guide, as the QA tester had it: each of these was "Once you've tried that, how did it go?" for ever.
describe('the guide\'s own trouble told again at a step', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  async function atInkLevels(): Promise<TestConversation> {
    const user = bot.conversation();
    expect(await user.sayText('printer printing blank pages')).toContain('Does your printer use ink cartridges');
    expect(await user.sayText('1')).toContain('Check the ink levels');
    return user;
  }

  it.each(['ink is full', 'the ink levels are fine', 'ink ok'])('%j at "Check the ink levels" is its "Still blank or streaky"', async (said) => {
    const user = await atInkLevels();
    expect(await user.sayText(said)).toContain('If a cartridge is new, take it out');
  });

  it('"printer is fine" at "Check the ink levels" is no answer about the ink', async () => {
    const user = await atInkLevels();
    expect(await user.sayText('printer is fine')).not.toContain('If a cartridge is new, take it out');
  });

  it.each(['still blank', 'its still printing blank', 'no change', 'didnt work'])('%j after the printhead cleaning is "No change", the technician\'s offer', async (said) => {
    const user = await atInkLevels();
    await user.sayText('still blank');
    expect(await user.sayText('still blank')).toContain('Run the printhead cleaning');
    const reply = await user.sayText(said);
    expect(reply).not.toContain("Once you've tried that, how did it go?");
    expect(reply).toContain("Good supplies and cleaning didn't fix it");
  });

  it('"its still printing" after the printhead cleaning is not read as the trouble', async () => {
    const user = await atInkLevels();
    await user.sayText('still blank');
    await user.sayText('still blank');
    expect(await user.sayText('its still printing')).not.toContain("Good supplies and cleaning didn't fix it");
  });
});

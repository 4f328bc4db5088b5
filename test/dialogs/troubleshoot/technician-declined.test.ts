import { CaseStore } from '../../../src/services/cases/case-store';
import { startTestBot, type TestBot } from '../../support/conversation';

jest.setTimeout(60_000);

// Sunday night in New York: the technician is offered as a call back or an email.
describe('a technician asked for at a step, then declined to keep trying', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ start: Date.parse('2026-11-23T04:00:00Z') });
  });
  afterAll(() => bot.close());

  it('"no wait let me keep trying" goes on from the step where they stopped, the case open', async () => {
    const user = bot.conversation();
    expect(await user.sayText('printer offline')).toContain('Turn the printer off with its power button');
    expect(await user.sayText('talk to a technician')).toContain('Would you like a technician to call you back');
    const reply = await user.sayText('no wait let me keep trying');
    expect(reply).not.toContain("I'm still here if I can help with anything else");
    expect(reply).toContain('Turn the printer off with its power button');
    // "Still offline" at the power-cycle step leads to the question of how it is connected.
    expect(await user.sayText('still offline')).toContain('How is the printer connected to your computer?');
    const [record, ...more] = await new CaseStore(bot.app.store).list(`test:${user.user.id}`);
    expect(more).toEqual([]);
    expect(record.status).toBe('open');
  });

  it('"no thanks" there still ends the request as before', async () => {
    const user = bot.conversation();
    await user.sayText('printer offline');
    await user.sayText('talk to a technician');
    expect(await user.sayText('no thanks')).toContain("No problem. I'm still here if I can help with anything else.");
  });
});

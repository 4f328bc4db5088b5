import { startTestBot, type TestBot } from '../../support/conversation';

jest.setTimeout(60_000);

// Through the whole app: the offer was declined, so its dialog is gone and the main dialog routes the
// question, which got "which of these do you mean?" or a goodbye ("Glad I could help").
describe('a question about going on with a device after damage advice and a declined technician', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it.each([
    ['my laptop battery is swollen', 'can i keep using it if its plugged in? i need to finish work', /No, please stop using it now.*keep it unplugged and away from anything that can burn/s],
    ['i spilled coffee on my keyboard', 'it still works tho, is that ok?', /No, please don't keep using it.*Switch it off, unplug it, don't charge it, and leave it to dry/s],
  ])('after %j and "no", %j gets a plain no and the technician again', async (opening, asked, answer) => {
    const user = bot.conversation();
    await user.sayText(opening);
    await user.sayText('no');
    const reply = await user.sayText(asked);
    expect(reply).toMatch(answer);
    expect(reply).toMatch(/Would you like me to connect you with a technician\?$/);
    expect(reply).not.toMatch(/which of these do you mean|Glad I could help/);
    expect(await user.sayText('yes')).toMatch(/call you back, or to email you/);
  });

  it('only right after the decline: a question asked later is routed as any other', async () => {
    const user = bot.conversation();
    await user.sayText('my laptop battery is swollen');
    await user.sayText('no');
    await user.sayText('my printer is offline');
    expect(await user.sayText('can i keep using it if its plugged in?')).not.toMatch(/No, please stop using it now/);
  });
});

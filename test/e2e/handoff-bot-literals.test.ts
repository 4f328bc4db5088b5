import { TechnicianClient, queueOverHttp, startHandoffBot } from './handoff-harness';
import type { TestBot } from '../support/conversation';
import { withoutIds } from '../support/without-ids';

jest.setTimeout(90_000);

// Masking is for the user's personal data; the bot's own links and addresses (from the config and
// the flows) are what a technician needs to see to know what the user was pointed to.
describe("the bot's own links and addresses in a handoff's transcript", () => {
  let bot: TestBot;
  afterAll(() => bot?.close());

  it("show to the technician as the user got them, while a URL or address the user typed stays masked", async () => {
    bot = await startHandoffBot();
    const tech = await new TechnicianClient(bot.url).login();
    const chat = bot.conversation();
    const echo = await chat.say('my card is 4111 1111 1111 1111');
    expect(echo.map((a) => a.text).join('\n')).toContain('https://brightside.example/pay');
    const policy = await chat.say('where is your privacy policy?');
    expect(policy.map((a) => a.text).join('\n')).toContain('https://brightside.example/privacy');
    expect(policy.map((a) => a.text).join('\n')).toContain('privacy@brightside.example');
    await chat.say('my website https://jane-doe.example/about shows an error');
    await chat.say('mail from jane.doe@example.com bounces');
    const id = await queueOverHttp(chat, 'talk to a technician');

    const detail = await tech.call('GET', `/handoffs/${id}`);
    expect(detail.status).toBe(200);
    const lines = detail.body.transcript as { from: string; text: string }[];
    const said = (from: string) => lines.filter((l) => l.from === from).map((l) => l.text).join('\n');
    expect(said('bot')).toContain('payment page: https://brightside.example/pay');
    expect(said('bot')).toContain('https://brightside.example/privacy');
    expect(said('bot')).toContain('privacy team: privacy@brightside.example');
    expect(said('user')).toContain('my website [URL] shows an error');
    expect(said('user')).toContain('mail from [EMAIL] bounces');
    expect(JSON.stringify(detail.body)).not.toContain('jane-doe.example');
    expect(JSON.stringify(detail.body)).not.toContain('jane.doe@');
    // The user's own data in the bot's lines stays masked: the card number never got there at all.
    expect(withoutIds(detail.body)).not.toContain('4111');
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { helplineData } from '../../src/dialogs/wire';
import { startTestBot, type TestBot } from '../support/conversation';

// P3/P10 through the real app: createApp with its SQLite store, every feature and middleware,
// spoken to over POST /api/messages (deliveryMode expectReplies) like a channel would.
const CARD = '4111 1111 1111 1111';
const SECRETS = [CARD, '4111111111111111', '4111-1111-1111-1111', 'Hunter2Secret!', 'Hunter2Secret', '123-45-6789', '123456789'];
// A word that only ever appears inside message text: finding it in a log line means text was logged.
const MARKER = 'zanzibarquux';

let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
}, 90_000);
afterAll(async () => {
  await bot?.close();
});

function filesOf(dir: string): string {
  return fs
    .readdirSync(dir)
    .map((name) => fs.readFileSync(path.join(dir, name)).toString('latin1'))
    .join('\n');
}

describe('secrets typed into the chat', () => {
  it('are removed, the user is told (card data points to the payment page), and they are stored and logged nowhere', async () => {
    const chat = bot.conversation();
    await chat.join();
    await chat.say(`hello ${MARKER}`);

    const card = await chat.say(`my card number is ${CARD} ${MARKER}`);
    expect(helplineData(card[0]).redacted).toContain('credit_card');
    expect(card[0].text).toContain(bot.app.config.policy.paymentPageUrl);

    const password = await chat.say(`my password is Hunter2Secret! ${MARKER}`);
    expect(helplineData(password[0]).redacted).toContain('password');

    const ssn = await chat.say(`my SSN is 123-45-6789 ${MARKER}`);
    expect(helplineData(ssn[0]).redacted).toContain('ssn');

    await chat.send({ type: 'message', text: '', value: { cardNumber: '4111-1111-1111-1111', cvv: '123', note: MARKER } });

    const transcript = await bot.app.store.query<{ entries: { from: string; text: string }[] }>('conversations', chat.conversationId, { keyPrefix: 'transcript/' });
    const entries = transcript.flatMap((r) => r.value.entries);
    expect(entries.some((e) => e.from === 'user' && e.text.includes('my card number is [removed]'))).toBe(true);
    const transcriptText = JSON.stringify(entries);
    for (const secret of SECRETS) expect(transcriptText).not.toContain(secret);

    // The database and its write-ahead log, as they are on disk while the server runs...
    const live = filesOf(bot.dataDir);
    expect(live).toContain('[removed]');
    for (const secret of SECRETS) expect(live).not.toContain(secret);
    // ...and the log lines the app wrote: no secret, and no message text at all.
    const logs = bot.logs.join('\n');
    expect(bot.logs.length).toBeGreaterThan(0);
    for (const secret of SECRETS) expect(logs).not.toContain(secret);
    expect(logs).not.toContain(MARKER);
  });

  it('are removed when typed at the guide step that asks for the Wi-Fi password with no password word, and the next message too', async () => {
    const chat = bot.conversation();
    await chat.join();
    const step = await chat.say('my laptop cant join the wifi');
    expect(step.map((r) => r.text).join('\n')).toContain('Type the Wi-Fi password again');
    const said = [
      'the sticker says the key is X7KP29QZ and i typed exactly that',
      'tried Fluffy99 too',
      'maybe its hunter2?',
      'i typed the password hunter22 and it says wrong',
      'its definitely hunter22',
    ];
    for (const text of said) {
      const replies = await chat.say(text);
      expect(helplineData(replies[0]).redacted).toEqual(['password']);
    }
    const transcript = await bot.app.store.query<{ entries: { from: string; text: string }[] }>('conversations', chat.conversationId, { keyPrefix: 'transcript/' });
    const userTexts = transcript.flatMap((r) => r.value.entries).filter((e) => e.from === 'user').map((e) => e.text);
    expect(userTexts).toContain('the sticker says the key is [removed] and i typed exactly that');
    expect(userTexts).toContain('tried [removed] too');
    const stored = JSON.stringify(userTexts) + filesOf(bot.dataDir);
    for (const secret of ['X7KP29QZ', 'Fluffy99', 'hunter2']) expect(stored).not.toContain(secret);
  });

  // These were stored whole, and "Summer2024" at "Never type your password here ... OK" was taken for "OK".
  it('are removed when typed alone at a step about the password, listed as tried, or offered with "or" after one removed', async () => {
    const signIn = bot.conversation();
    await signIn.join();
    expect((await signIn.say('outlook keeps asking for my password')).map((r) => r.text).join('\n')).toContain('Never type your password here');
    const alone = await signIn.say('Summer2024');
    expect(helplineData(alone[0]).redacted).toEqual(['password']);
    expect(alone.map((r) => r.text).join('\n')).toContain('Never type your password here');
    expect(helplineData((await signIn.say('i tried Summer2024 and Summer2025'))[0]).redacted).toEqual(['password']);

    const wifi = bot.conversation();
    await wifi.join();
    expect((await wifi.say('my laptop cant join the wifi')).map((r) => r.text).join('\n')).toContain('Type the Wi-Fi password again');
    for (const text of ['Bluefish77', 'maybe its Bluefish78', 'or bluefish88']) expect(helplineData((await wifi.say(text))[0]).redacted).toEqual(['password']);

    const userTexts = async (chat: typeof signIn) =>
      (await bot.app.store.query<{ entries: { from: string; text: string }[] }>('conversations', chat.conversationId, { keyPrefix: 'transcript/' }))
        .flatMap((r) => r.value.entries)
        .filter((e) => e.from === 'user')
        .map((e) => e.text);
    expect(await userTexts(signIn)).toEqual(['outlook keeps asking for my password', '[removed]', 'i tried [removed] and [removed]']);
    expect(await userTexts(wifi)).toEqual(['my laptop cant join the wifi', '[removed]', 'maybe its [removed]', 'or [removed]']);
    const stored = filesOf(bot.dataDir);
    for (const secret of ['Summer2024', 'Summer2025', 'Bluefish77', 'Bluefish78', 'bluefish88']) expect(stored).not.toContain(secret);
  });
});

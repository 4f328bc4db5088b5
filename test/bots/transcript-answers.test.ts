import { TranscriptStore } from '../../src/services/privacy/transcripts';
import { startTestBot, type TestBot } from '../support/conversation';

// P10 through the real app: the whole answer at a personal-data question is masked in the
// transcript, with two exceptions the technician needs to read: a bare word for stopping that
// stopped the question (why it went unanswered), and a yes or no to the bot's own question there.
let bot: TestBot;
beforeAll(async () => {
  bot = await startTestBot();
}, 90_000);
afterAll(async () => {
  await bot?.close();
});

async function userLines(conversationId: string): Promise<string[]> {
  const transcripts = new TranscriptStore(bot.app.store, { retentionDays: 90 });
  return (await transcripts.list(conversationId)).filter((e) => e.from === 'user').map((e) => e.text);
}

describe('a word for stopping at a personal-data question', () => {
  it('is kept in the transcript when it stopped the question; anything else typed there stays masked', async () => {
    const chat = bot.conversation();
    await chat.say('what data do you have on me');
    expect(await chat.sayText('Never mind.')).toContain("OK, I've stopped that.");
    await chat.say('what data do you have on me');
    // "quit" alone stops it too, though the router reads it as cancel with little confidence (0.61).
    expect(await chat.sayText('quit')).toContain("OK, I've stopped that.");
    await chat.say('what data do you have on me');
    // More than a word for stopping is an answer, whatever else it says.
    expect(await chat.sayText('cancel, my email is jo.smith@example.com')).toContain('a 6-digit code is on its way');
    expect(await chat.sayText('cancel')).toContain("OK, I've stopped that.");
    await chat.say('talk to a technician');
    expect(await chat.sayText('email me')).toContain("What's your email address, so a technician can email you?");
    expect(await chat.sayText('stop')).toContain("OK, I've stopped that.");

    expect(await userLines(chat.conversationId)).toEqual([
      'what data do you have on me',
      'Never mind.',
      'what data do you have on me',
      'quit',
      'what data do you have on me',
      '[EMAIL]',
      'cancel',
      'talk to a technician',
      'email me',
      'stop',
    ]);
  });
});

// A "yes" or a "no" to the bot's own question there ("Did you mean gmail.com?") is nobody's data: masked,
// the technician read "[EMAIL]" where the user had agreed to the corrected address.
describe('a yes or a no at a contact question', () => {
  it('is kept as typed in the transcript, while an address or number typed there stays masked', async () => {
    const chat = bot.conversation();
    await chat.say('talk to a technician');
    await chat.say('email me');
    expect(await chat.sayText('jane@gmial.com')).toContain('Did you mean gmail.com rather than gmial.com?');
    expect(await chat.sayText('yes')).toContain('ticket');

    const call = bot.conversation();
    await call.say('talk to a technician');
    await call.say('call me back');
    expect(await call.sayText('415 555 2671 x23')).toContain('not extension 23');
    expect(await call.sayText('No.')).toContain('phone number');
    expect(await call.sayText('yes please')).toContain("couldn't find a phone number");
    await call.say('415 555 2672');

    expect(await userLines(chat.conversationId)).toEqual(['talk to a technician', 'email me', '[EMAIL]', 'yes']);
    expect(await userLines(call.conversationId)).toEqual(['talk to a technician', 'call me back', '[PHONE]', 'No.', 'yes please', '[PHONE]']);
  });
});

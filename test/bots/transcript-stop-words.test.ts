import { TranscriptStore } from '../../src/services/privacy/transcripts';
import { startTestBot, type TestBot } from '../support/conversation';

// P10 through the real app: the whole answer at a personal-data question is masked in the
// transcript; a bare word for stopping that stopped the question is kept, so the technician reads
// why it went unanswered.
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

import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import type { Activity } from 'botbuilder';
import { startTestBot, type TestBot } from '../support/conversation';

/**
 * Random walks through whole conversations: at each turn the user either picks one of the options
 * the bot just offered or types something a real user types (a new problem, a privacy request, a
 * billing question, a secret, "cancel", an email where a name is asked). Whatever the order, no
 * turn fails: the bot never answers "something went wrong" or nothing at all, and nothing is logged
 * as a failed turn. Users also come back the next day in a new chat, with whatever they left open.
 * And the secrets typed along the way reach no reply, no log line and no byte of the data dir.
 * The fuzz tests check the wire; this checks the dialogs, where a feature asked on top of another
 * one once lost its place (see FeatureDialog).
 *
 * The seed is fixed so the suite is repeatable; WALK_SEED and WALK_RUNS explore further.
 */

const SAID = [
  'hi', 'my printer is offline', 'wifi keeps dropping', 'my laptop wont turn on', 'alexa isnt responding', 'my tv has no sound',
  'phone wont charge', 'cant send email', 'its a dell', 'talk to a technician', 'i want a real person', 'call me back', 'email me instead',
  'stop emailing me', 'what data do you have on me', 'delete my data', "don't record this chat", 'why do you need that?', 'change my email',
  'what is my bill', 'can i get a refund', 'how much does a repair cost', 'yes', 'no', 'skip', 'cancel', 'dana@example.com',
  '+1 415 555 0100', 'Dana Smith', '123456', "I don't know", '1', '2', '3', 'still not working', 'that worked', 'thanks bye',
  'did you delete my data yet', 'is this chat recorded', 'my phone is broken', 'how long', 'macbook wont start', 'It charges fine',
  'my card is 4111 1111 1111 1111', 'my password is hunter2', 'Password: correct horse battery staple', '🙂', 'asdfgh', 'what happens now', 'stop waiting', 'start over',
];

/** Pick the n-th option offered, say something, or come back the next day in a new chat. */
type Move = { pick: number } | { say: string } | { comeBack: true };
const move: fc.Arbitrary<Move> = fc.oneof(
  { arbitrary: fc.record({ pick: fc.nat({ max: 9 }) }), weight: 5 },
  { arbitrary: fc.record({ say: fc.constantFrom(...SAID) }), weight: 5 },
  { arbitrary: fc.constant({ comeBack: true as const }), weight: 1 },
);

/** The secrets in SAID, as they would be found if kept. */
const SECRETS = ['4111 1111 1111 1111', '4111111111111111', 'hunter2', 'horse battery staple'];

const optionsOf = (replies: Partial<Activity>[]): string[] =>
  replies.at(-1)?.suggestedActions?.actions.map((a) => String(a.title ?? a.value)) ?? [];

describe('random walks through conversations', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it('never fail a turn, whatever the user says or picks in whatever order', async () => {
    const failures: string[] = [];
    await fc.assert(
      fc.asyncProperty(fc.array(move, { minLength: 3, maxLength: 14 }), async (moves) => {
        let user = bot.conversation();
        let replies = await user.join();
        const said: string[] = [];
        for (const m of moves) {
          if ('comeBack' in m) {
            bot.clock.advance(24 * 3600_000);
            user = bot.conversation({ userId: user.user.id });
            replies = await user.join();
            said.push('(new chat the next day)');
            continue;
          }
          const options = optionsOf(replies);
          const text = 'say' in m ? m.say : (options[m.pick % Math.max(options.length, 1)] ?? 'hi');
          said.push(text);
          const logsBefore = bot.logs.length;
          replies = await user.say(text);
          const echoed = replies.find((r) => SECRETS.some((secret) => (r.text ?? '').includes(secret)));
          const failedLogs = bot.logs.slice(logsBefore).filter((l) => /turn failed/.test(l));
          const silent = !replies.some((r) => r.type === 'message' && r.text);
          if (silent || echoed || failedLogs.length > 0 || replies.some((r) => /something went wrong/i.test(r.text ?? ''))) {
            failures.push(`${said.join(' | ')}\n  ${silent ? 'no reply' : echoed ? `echoed a secret: ${echoed.text}` : failedLogs.join('\n  ')}`);
            return false;
          }
        }
        return true;
      }),
      { numRuns: Number(process.env.WALK_RUNS ?? 40), seed: Number(process.env.WALK_SEED ?? 20261122), endOnFailure: true },
    ).catch((error: Error) => {
      throw new Error(`${failures.join('\n')}\n${error.message.split('\n')[0]}`);
    });
    expect(failures).toEqual([]);
    const kept = [...bot.logs, ...fs.readdirSync(bot.dataDir).map((f) => fs.readFileSync(path.join(bot.dataDir, f), 'latin1'))];
    for (const secret of SECRETS) expect(kept.filter((k) => k.includes(secret))).toEqual([]);
  }, 300_000);
});

import net from 'node:net';
import { createRightsServices, type RightsServices } from '../../src/services/privacy/requests';
import { startTestBot, type TestBot } from '../support/conversation';
import { expectsIn, receiptIn, said } from './rights-harness';

// The mail server is down while a user waits for their one-time code (P9, P11): they are told so
// (not that their address may be wrong), and their request stays open. Whether their address is on
// file still shows nowhere.
let bot: TestBot;
let rights: RightsServices;
beforeAll(async () => {
  // A port nothing listens on: connections to it are refused, as to a mail server that is down.
  const closed = net.createServer();
  await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', () => resolve()));
  const { port } = closed.address() as net.AddressInfo;
  await new Promise<void>((resolve) => closed.close(() => resolve()));
  bot = await startTestBot({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` }, start: Date.parse('2026-03-31T12:00:00Z') });
  rights = createRightsServices({ store: bot.app.store, policy: bot.app.config.policy, mailer: { kind: 'log', send: async () => undefined, close: () => undefined }, now: bot.clock.now });
  await rights.profiles.setFields('webchat:mae', { email: 'mae.down@example.com' }, 'contact dialog');
}, 90_000);
afterAll(async () => {
  await bot?.close();
});

/** Waits until the background mail attempt of this turn has failed (the server refuses at once). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 300));

describe('the mail server is down while a code is awaited', () => {
  it('says so at the next message, counts no attempt, keeps the request open, and says the same whether or not the address is on file', async () => {
    const transcripts: string[] = [];
    for (const [userId, email] of [
      ['mae', 'mae.down@example.com'],
      ['stranger', 'nobody.here@example.com'],
    ]) {
      const chat = bot.conversation({ channelId: 'webchat', userId });
      const receipt = receiptIn(await chat.say('download my data')) as { id: string };
      expect(said(await chat.say(email))).toContain('a 6-digit code is on its way');
      await settle();

      const typed = await chat.say('123456');
      expect(said(typed)).toContain(`Sorry, our email service isn't working right now, so the code could not be sent. Your request ${receipt.id} stays open.`);
      expect(said(typed)).not.toContain("That code isn't right");
      expect(expectsIn(typed)).toBe('otp');

      const resent = await chat.say("I didn't get the code");
      await settle();
      const again = await chat.say('send a new code');
      for (const reply of [resent, again]) {
        expect(said(reply)).toContain("our email service isn't working right now");
        expect(said(reply)).not.toContain('may not be the one we have on file');
      }
      expect((await rights.requests.get(`webchat:${userId}`, receipt.id))?.status).toBe('identity_pending');
      transcripts.push([typed, resent, again].map(said).join('\n').replace(/PR-\w+/g, 'PR-x'));
    }
    expect(transcripts[0]).toBe(transcripts[1]);
  });
});

import { createRightsServices } from '../../src/services/privacy/requests';
import { startTestBot } from '../support/conversation';

// P11 through the real app: a request still waiting for the user's code after its due date is
// expired by the server's hourly job, so the user's export shows it closed, not open for ever.
it('the server expires requests left waiting for a code past their due date, hourly', async () => {
  // Only the hourly timers are faked: the server's sockets and the store keep their real clocks.
  jest.useFakeTimers({ doNotFake: ['Date', 'hrtime', 'nextTick', 'performance', 'queueMicrotask', 'setImmediate', 'clearImmediate', 'setTimeout', 'clearTimeout'] });
  const bot = await startTestBot({ start: Date.parse('2026-03-31T12:00:00Z') });
  try {
    const rights = createRightsServices({ store: bot.app.store, policy: bot.app.config.policy, mailer: { kind: 'log', send: async () => undefined, close: () => undefined }, now: bot.clock.now });
    const waiting = await rights.requests.create({ userId: 'webchat:gone', type: 'access', channel: 'webchat', actor: 'user' });
    await rights.requests.transition('webchat:gone', waiting.id, 'identity_pending', 'bot');
    const other = await rights.requests.create({ userId: 'webchat:gone', type: 'deletion', channel: 'webchat', actor: 'user' });
    await rights.requests.transition('webchat:gone', other.id, 'identity_pending', 'bot');

    await jest.advanceTimersByTimeAsync(3_600_000);
    expect((await rights.requests.get('webchat:gone', waiting.id))?.status).toBe('identity_pending');

    bot.clock.advance(31 * 86400_000);
    await jest.advanceTimersByTimeAsync(3_600_000);
    for (let i = 0; i < 50 && (await rights.requests.get('webchat:gone', waiting.id))?.status !== 'expired'; i++) await new Promise((r) => setTimeout(r, 20));
    const requests = (await rights.exporter.export(['webchat:gone'])).accounts[0].requests;
    expect(Object.fromEntries(requests.map((r) => [r.id, [r.status, r.audit.at(-1)?.note]]))).toEqual({
      [waiting.id]: ['expired', 'identity was not verified by the due date'],
      [other.id]: ['expired', 'identity was not verified by the due date'],
    });
  } finally {
    await bot.close();
    jest.useRealTimers();
  }
}, 60_000);

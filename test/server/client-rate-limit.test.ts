import { startTestBot, type TestBot } from '../support/conversation';
import { DirectLineRest } from '../support/directline-client';

jest.setTimeout(60_000);

// The per-client limit (HELPLINE_RATE_LIMIT) on the real app, spoken to over loopback. The test's own
// address is 127.0.0.1, a loopback address, so the server takes X-Forwarded-For as a proxy's word
// (clientAddress); a client connecting directly could not choose its address that way.
describe('the per-client rate limit', () => {
  let bot: TestBot;
  afterEach(async () => bot?.close());

  const statusesIn = (logs: string[]) => logs.map((line) => JSON.parse(line)).filter((l) => l.msg === 'request').map((l) => l.status as number);

  it('answers a burst over the limit with 429, Retry-After and the JSON error; another address and health probes go on', async () => {
    bot = await startTestBot({ env: { HELPLINE_RATE_LIMIT: '1' } }); // 1 a second, bursts of 5
    const ask = (headers: Record<string, string> = {}) => fetch(`${bot.url}/v3/directline/conversations/nope/activities`, { headers });
    // Sent at once, twice the burst: on a machine slow enough to refill a token or two meanwhile,
    // some are still over the limit (sent one by one, the sixth was let through under load).
    const burst = await Promise.all(Array.from({ length: 12 }, () => ask()));
    const statuses = burst.map((r) => r.status);
    expect(statuses.filter((s) => s !== 429).length).toBeGreaterThanOrEqual(5);
    const limited = burst.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited!.json()).toEqual({ error: { code: 'too_many_requests', message: expect.stringMatching(/too many requests/i) } });
    // The turn endpoint is limited too: this client cannot flood turns either.
    const turns = await Promise.all(Array.from({ length: 12 }, () => fetch(`${bot.url}/api/messages`, { method: 'POST', body: '{}' })));
    expect(turns.map((r) => r.status)).toContain(429);

    expect((await ask({ 'x-forwarded-for': '203.0.113.7' })).status).not.toBe(429);
    expect((await fetch(`${bot.url}/health`)).status).toBe(200);
  });

  it('does not count the bot\'s own replies through the local Direct Line: a low limit still lets a user chat', async () => {
    bot = await startTestBot({ env: { HELPLINE_RATE_LIMIT: '1' } });
    const rest = DirectLineRest.forServer(bot.url);
    const conversation = await rest.startConversation(); // token + conversation (the welcome is a bot reply)
    await rest.send(conversation, 'hi');
    const { activities } = await rest.activities(conversation);
    expect(activities.filter((a) => a.from?.role === 'bot').length).toBeGreaterThanOrEqual(2);
    expect(statusesIn(bot.logs)).not.toContain(429);
  });

  it('at the default, a page load and a conversation polling several times a second are never limited', async () => {
    bot = await startTestBot({ env: { HELPLINE_RATE_LIMIT: '' } }); // unset: the default
    for (const asset of ['/', '/widget.js', '/widget.css', '/vendor/webchat.js']) expect((await fetch(`${bot.url}${asset}`)).status).toBe(200);
    const rest = DirectLineRest.forServer(bot.url);
    const conversation = await rest.startConversation();
    let watermark: string | undefined;
    for (const text of ['hi', 'my printer says offline', 'Still offline']) {
      await rest.send(conversation, text);
      // Web Chat polls about every second; this polls every 50 ms.
      for (let i = 0; i < 10; i++) {
        watermark = (await rest.activities(conversation, watermark)).watermark;
        await new Promise((r) => setTimeout(r, 50));
      }
    }
    const statuses = statusesIn(bot.logs);
    expect(statuses.length).toBeGreaterThan(35);
    expect(statuses).not.toContain(429);
  });
});

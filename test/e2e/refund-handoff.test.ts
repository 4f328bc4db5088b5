import type { Activity } from 'botbuilder';
import { data, startTestBot, type TestBot } from '../support/conversation';

const DEV_PASSWORD = 'dev password for refund tests';
const B = '/api/technician';
const lastOf = (replies: Partial<Activity>[]) => replies[replies.length - 1];

describe('a refund request', () => {
  let bot: TestBot;
  let token: string;
  beforeAll(async () => {
    process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD = DEV_PASSWORD;
    try {
      bot = await startTestBot({ start: Date.parse('2026-11-18T15:00:00Z') }); // Wednesday 10:00 in New York
    } finally {
      delete process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD;
    }
    const login = await fetch(`${bot.url}${B}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: DEV_PASSWORD }) });
    token = ((await login.json()) as { token: string }).token;
  });
  afterAll(() => bot.close());

  it('ends in a handoff whose case summary holds the computed eligibility and the deciding rule', async () => {
    const user = bot.conversation();
    expect(data(lastOf(await user.say('I want a refund for my monthly subscription'))).expects).toBe('text');
    expect(data(lastOf(await user.say('2026-11-10'))).expects).toBe('confirm');
    const verdict = await user.say('no');
    const said = verdict.map((r) => r.text).join('\n');
    expect(said).toMatch(/looks eligible for a refund of 24\.99 USD/);
    expect(said).toMatch(/can't approve refunds myself/);
    // the handoff asks who to follow up with, after the contact notice
    expect(verdict.some((r) => data(r).notice?.id === 'contact')).toBe(true);
    expect(data(lastOf(verdict)).expects).toBe('name');
    await user.say('Jane Doe');
    const queued = await user.say('jane@example.com');
    const ticketId = queued.map((r) => data(r).handoff?.ticketId).find(Boolean);
    expect(queued.some((r) => data(r).handoff?.state === 'queued')).toBe(true);

    const res = await fetch(`${bot.url}${B}/handoffs/${ticketId}`, { headers: { authorization: `Bearer ${token}` } });
    expect(res.status).toBe(200);
    const detail = (await res.json()) as { case: { problem: string; refund?: { eligible: boolean; ruleId: string; rule: string; plan: string } } };
    expect(detail.case.problem).toBe('Refund request (Monthly subscription)');
    expect(detail.case.refund).toMatchObject({ eligible: true, ruleId: 'subscription_no_resolution', plan: 'monthly' });
    expect(detail.case.refund!.rule).toMatch(/No issue was resolved within the first 15 days/);
  });

  it('small talk at a question of the handoff the refund started is answered and the question asked again (it failed the turn)', async () => {
    const user = bot.conversation();
    await user.say('I want a refund for my monthly subscription');
    await user.say('2026-11-10');
    expect(data(lastOf(await user.say('no'))).expects).toBe('name');
    // The handoff runs inside the billing dialog: re-asking its question must find it there.
    for (const aside of ['are you a bot?', 'what can you do']) {
      const replies = await user.say(aside);
      const said = replies.map((r) => r.text).join('\n');
      expect(said).not.toMatch(/something went wrong/i);
      expect(said).toMatch(/carry on where we were/);
      expect(data(lastOf(replies)).expects).toBe('name');
    }
    await user.say('Jane Doe');
    const queued = await user.say('jane@example.com');
    expect(queued.some((r) => data(r).handoff?.state === 'queued')).toBe(true);
  });

  it('a bare "ok" at the refund question that decides it is asked about again: no verdict, no handoff until a clear yes', async () => {
    const user = bot.conversation();
    await user.say('I want a refund for my single incident plan');
    await user.say('no');
    const again = await user.say('ok');
    expect(again.map((r) => r.text)).toEqual([expect.stringMatching(/^Sorry, is that a yes or a no\? Did you have everything the technician needed/)]);
    expect(again.some((r) => data(r).handoff || data(r).notice)).toBe(false);
    const verdict = await user.say('yes please');
    expect(verdict.map((r) => r.text).join('\n')).toMatch(/looks eligible for a refund of 79\.99 USD/);
    expect(data(lastOf(verdict)).expects).toBe('name');
  });

  it('says our billing team, not a technician, picks the refund up; the technician API lists it as before', async () => {
    const user = bot.conversation();
    await user.say('I want a refund for my monthly subscription');
    await user.say('2026-11-10');
    const verdict = await user.say('no');
    expect(verdict.map((r) => r.text)).toContain("I'll connect you with someone from our billing team.");
    // (The contact notice, a versioned text of its own, says technicians see contact details masked.)
    expect(verdict.filter((r) => !data(r).notice).map((r) => r.text).join('\n')).not.toMatch(/technician/i);
    await user.say('Jane Doe');
    const queued = await user.say('jane@example.com');
    const status = queued.find((r) => data(r).handoff?.state === 'queued')!;
    expect(status.text).toMatch(/^You're (?:next in line|number \d+ in the queue) for someone from our billing team\. Estimated wait/);
    const res = await fetch(`${bot.url}${B}/handoffs?status=waiting`, { headers: { authorization: `Bearer ${token}` } });
    const listed = ((await res.json()) as { handoffs: Record<string, unknown>[] }).handoffs.find((h) => h.id === data(status).handoff?.ticketId)!;
    // technician-api.md: the list item's fields, no more.
    expect(Object.keys(listed).sort()).toEqual(['assignedTo', 'createdAt', 'device', 'followUp', 'id', 'priority', 'status', 'summary', 'waitingSeconds']);
  });

  /** A refund the bot could not approve, queued for the billing team: the user and the ticket. */
  async function queuedRefund() {
    const user = bot.conversation();
    await user.say('I want a refund for my monthly subscription');
    await user.say('2026-11-10');
    await user.say('no');
    await user.say('Jane Doe');
    const queued = await user.say('jane@example.com');
    return { user, ticketId: queued.map((r) => data(r).handoff?.ticketId).find(Boolean)! };
  }
  const api = (method: string, path: string) => fetch(`${bot.url}${B}${path}`, { method, headers: { authorization: `Bearer ${token}` } });

  it('while the billing team has the chat, a file sent is refused as not reaching the person from our billing team', async () => {
    const { user, ticketId } = await queuedRefund();
    expect((await api('POST', `/handoffs/${ticketId}/claim`)).status).toBe(200);
    const picture = { type: 'message', attachments: [{ contentType: 'image/png', contentUrl: 'https://example.com/invoice.png', name: 'invoice.png' }] } as Partial<Activity>;
    expect((await user.send(picture)).map((r) => r.text)).toEqual(["Files can't be passed on to the person from our billing team in this chat; please describe what they show instead."]);
    await api('POST', `/handoffs/${ticketId}/release`);
  });

  it('an agent hub finishing a billing conversation is said to be the billing team finishing it', async () => {
    const { user } = await queuedRefund();
    const done = await user.send({ type: 'event', name: 'handoff.status', value: { state: 'completed' } } as never);
    expect(done.map((r) => r.text)).toEqual(["The person from our billing team has finished the conversation, and you're back with me. What else can I help with?"]);
  });
});

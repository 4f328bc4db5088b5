import type { Activity } from 'botbuilder';
import { createRightsServices } from '../../../src/services/privacy/requests';
import { data, startTestBot, type TestBot, type TestConversation } from '../../support/conversation';
import { signIn, withDevTechnician } from '../../support/technician';

jest.setTimeout(60_000);

// A user who comes back (same user id, a later chat) and asks for a technician again: what
// Helpline holds is offered back, masked, instead of asked for again (P1 notice first, P2).
// 2026-11-18 is a Wednesday: 10:00 in New York, inside business hours.
const WEDNESDAY_10AM_NY = Date.parse('2026-11-18T15:00:00Z');
const DAY = 86_400_000;

const said = (replies: Partial<Activity>[]) => replies.map((a) => a.text ?? '').join('\n');
const expects = (replies: Partial<Activity>[]) => replies.map((a) => data(a).expects).filter(Boolean).at(-1);
const ticketOf = (replies: Partial<Activity>[]) => replies.map((a) => data(a).handoff).find((h) => h?.state === 'queued');
const contactOf = (replies: Partial<Activity>[]) => (replies.find((a) => a.type === 'event' && a.name === 'handoff.initiate')?.value as { contact?: unknown } | undefined)?.contact;

describe('a returning user asking for a technician', () => {
  let bot: TestBot;
  withDevTechnician();
  afterEach(() => bot?.close());

  /** A first chat that gave name and email for a technician and left the queue; then, the next day, a new chat of the same user. */
  async function cameBack(): Promise<{ first: TestConversation; next: TestConversation }> {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const first = bot.conversation();
    await first.say('talk to a real person');
    await first.say('Jane Doe');
    expect(ticketOf(await first.say('jane@example.com'))).toBeDefined();
    await first.say('stop waiting');
    bot.clock.advance(DAY);
    await signIn(bot);
    return { first, next: bot.conversation({ userId: first.user.id }) };
  }

  it('is offered the email on file, masked, after the contact notice, and "yes" queues them with the details they gave before', async () => {
    const { next } = await cameBack();
    const offered = await next.say('I want to talk to a real person');
    expect(offered.some((a) => data(a).notice?.id === 'contact')).toBe(true);
    expect(said(offered)).toContain('You gave us the name and email address before. Shall the technician reach you at j***@example.com?');
    expect(said(offered)).not.toContain('jane@example.com');
    expect(said(offered)).not.toContain('What name should we use');
    expect(expects(offered)).toBe('confirm');

    const queued = await next.say('yes');
    expect(said(queued)).not.toMatch(/What name|email address\?/);
    expect(ticketOf(queued)).toMatchObject({ position: 1 });
    expect(contactOf(queued)).toEqual({ name: 'Jane Doe', email: 'jane@example.com' });
  });

  // A name typed in the request is no new address: the email on file is still offered.
  it('a name typed in the request still gets the email on file offered', async () => {
    const { next } = await cameBack();
    await next.say('can i talk to a person, my name is Jane Doe');
    const offered = await next.say('Talk to a technician');
    expect(said(offered)).toContain('Shall the technician reach you at j***@example.com?');
    expect(contactOf(await next.say('yes'))).toEqual({ name: 'Jane Doe', email: 'jane@example.com' });
  });

  it('"no" asks for new details, which replace the old ones', async () => {
    const { next } = await cameBack();
    expect(said(await next.say('talk to a real person'))).toContain('Shall the technician reach you at j***@example.com?');
    const asked = await next.say('no');
    expect(said(asked)).toContain('What name should we use for you');
    expect(expects(asked)).toBe('name');
    await next.say('Jane Smith');
    const queued = await next.say('jane.smith@example.com');
    expect(contactOf(queued)).toEqual({ name: 'Jane Smith', email: 'jane.smith@example.com' });
    const rights = createRightsServices({ store: bot.app.store, policy: bot.app.config.policy, mailer: { kind: 'log', send: async () => undefined, close: () => undefined } });
    expect((await rights.profiles.get(`test:${next.user.id}`))?.fields.email?.value).toBe('jane.smith@example.com');
  });

  it('a new address typed at the offer is used instead, the name on file kept out of it', async () => {
    const { next } = await cameBack();
    await next.say('talk to a real person');
    const asked = await next.say('jane.new@example.com');
    expect(expects(asked)).toBe('name');
    const queued = await next.say('Jane Doe');
    expect(contactOf(queued)).toEqual({ name: 'Jane Doe', email: 'jane.new@example.com' });
  });

  it('with nobody signed in, the email follow-up offers the address on file; "why do you need that?" there is answered with the notice', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const rights = createRightsServices({ store: bot.app.store, policy: bot.app.config.policy, mailer: { kind: 'log', send: async () => undefined, close: () => undefined } });
    const user = bot.conversation();
    await rights.profiles.setFields(`test:${user.user.id}`, { email: 'jo@example.com' }, 'contact dialog', { conversationId: 'an-earlier-chat' });
    // As the earlier chat left it: details are only asked for after the contact notice, which the user saw there.
    await bot.app.store.put('users', `test:${user.user.id}`, 'notices', { contact: { version: '2026-11-01', at: new Date(WEDNESDAY_10AM_NY - DAY).toISOString() } });
    await user.say('talk to a real person');
    const offered = await user.say('email me');
    expect(said(offered)).toContain('You gave us the email address before. Shall the technician email you at j***@example.com?');
    const why = await user.say('why do you need that?');
    expect(said(why)).toContain('We use your contact details only to reach you about this request');
    expect(said(why)).toContain("I'd use your email address so a technician can email you.");
    expect(said(why)).toContain('Shall the technician email you at j***@example.com?');
    const done = await user.say('yes');
    expect(said(done)).toContain("Thanks, I'll use it.");
    expect(said(done)).toMatch(/I've opened ticket T-/);
    // Used again, not given again: where it was given stays as it was.
    expect((await rights.profiles.get(`test:${user.user.id}`))?.fields.email).toMatchObject({ value: 'jo@example.com', conversationId: 'an-earlier-chat' });
  });

  it('"email me instead" at the phone question offers the address on file', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    const rights = createRightsServices({ store: bot.app.store, policy: bot.app.config.policy, mailer: { kind: 'log', send: async () => undefined, close: () => undefined } });
    const user = bot.conversation();
    await rights.profiles.setFields(`test:${user.user.id}`, { email: 'jo@example.com' }, 'contact dialog');
    expect(expects(await user.say('can someone call me'))).toBe('phone');
    const offered = await user.say('actually email me instead');
    expect(said(offered)).toContain('Shall the technician email you at j***@example.com?');
    expect(said(await user.say('yes'))).toMatch(/I've opened ticket T-/);
  });

  it('nothing is offered back while a deletion the user asked for is open, nor after their data was erased', async () => {
    const { first } = await cameBack();
    const rights = createRightsServices({ store: bot.app.store, policy: bot.app.config.policy, mailer: { kind: 'log', send: async () => undefined, close: () => undefined }, now: bot.clock.now });
    const userId = `test:${first.user.id}`;
    const request = await rights.requests.create({ userId, type: 'deletion', channel: 'test', actor: 'user' });
    const pending = await bot.conversation({ userId: first.user.id }).say('talk to a real person');
    expect(said(pending)).not.toContain('j***@example.com');
    expect(expects(pending)).toBe('name');

    await rights.requests.transition(userId, request.id, 'denied', 'user');
    await rights.erasure.erase({ userIds: [userId] });
    const erased = await bot.conversation({ userId: first.user.id }).say('talk to a real person');
    expect(said(erased)).not.toContain('j***@example.com');
    expect(expects(erased)).toBe('name');
  });
});

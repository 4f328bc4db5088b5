import type { Activity } from 'botbuilder';
import { data, startTestBot, type TestBot, type TestConversation } from '../../support/conversation';
import { signIn, withDevTechnician } from '../../support/technician';

jest.setTimeout(60_000);

// A user with an email ticket open (nobody could chat then) who comes back in a new chat.
// 2026-11-22 is a Sunday: 12:00 in New York, outside business hours.
const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');

const texts = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').map((a) => a.text ?? '');

async function waitingTickets(bot: TestBot) {
  return (await signIn(bot)).waiting();
}

describe('a returning user with an open email ticket', () => {
  let bot: TestBot;
  withDevTechnician();
  afterEach(() => bot?.close());

  /** The user opened a ticket (an email one, or a call back with `pick` and its number) and is back in a new chat. */
  async function cameBack(pick = 'email me', contact = 'jo@example.com'): Promise<{ ticketId: string; next: TestConversation }> {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const first = bot.conversation();
    await first.say('talk to a real person');
    await first.say(pick);
    const opened = await first.say(contact);
    const ticketId = opened.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    expect(ticketId).toMatch(/^T-/);
    return { ticketId, next: bot.conversation({ userId: first.user.id }) };
  }

  it('asking for a technician about a new problem in a guide adds it to the open ticket and says so', async () => {
    const { ticketId, next } = await cameBack();
    await next.say('my printer says offline');
    const asked = await next.say('Talk to a technician');
    expect(texts(asked).join('\n')).toContain(`I've added "Printer shows as offline" to your open ticket ${ticketId}, so the technician sees it too.`);
    const [ticket] = await waitingTickets(bot);
    expect(ticket).toMatchObject({ id: ticketId, followUp: 'email' });
    expect(ticket.summary).toContain('also, asked later: Printer shows as offline');
    // Asked again, it is not added twice.
    await next.say('my printer says offline');
    await next.say('Talk to a technician');
    expect((await waitingTickets(bot))[0].summary.match(/Printer shows as offline/g)).toHaveLength(1);
  });

  // The problem reached the queue's one-line summary only: the ticket's case named the first problem alone.
  it('the technician opening the ticket reads the added problem with what its guide had the user try', async () => {
    const { ticketId, next } = await cameBack();
    await next.say('my printer says offline');
    await next.say('Restarted, still offline');
    await next.say('Talk to a technician');
    const technician = await signIn(bot);
    const { body } = await technician.call('GET', `/handoffs/${ticketId}`);
    expect(body.case.addedProblems).toEqual([
      {
        device: 'printer',
        problem: 'Printer shows as offline',
        stepsTried: [
          { stepId: 'power-cycle', text: expect.stringContaining('Turn the printer off'), outcome: 'Still offline' },
          { stepId: 'connection-type', text: expect.any(String), outcome: 'Talk to a technician' },
        ],
        addedAt: '2026-11-22T17:00:00.000Z',
      },
    ]);
  });

  // The billing team calls back about money, not printers: the problem is not put on their ticket.
  it('a device problem is not added to an open billing ticket', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const first = bot.conversation();
    await first.say('i want to cancel my subscription');
    await first.say('email me');
    const opened = await first.say('jo@example.com');
    const ticketId = opened.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    expect(ticketId).toMatch(/^T-/);
    const next = bot.conversation({ userId: first.user.id });
    await next.say('my printer says offline');
    const asked = texts(await next.say('Talk to a technician')).join('\n');
    expect(asked).not.toContain("I've added");
    const [ticket] = await waitingTickets(bot);
    expect(ticket.id).toBe(ticketId);
    expect(ticket.summary).not.toContain('Printer shows as offline');
  });

  // The billing team's ticket was promised ("I'll pass this to a person on our billing team") and the
  // technician's ticket's status told instead: nobody in billing ever heard of the charge.
  it('a double charge told right after a technician\'s email ticket opened is offered the billing team\'s own ticket, the card number removed', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const chat = bot.conversation();
    await chat.say('my laptop wont turn on');
    await chat.say('talk to a technician');
    await chat.say('email me');
    const technicians = (await chat.say('jo@example.com')).map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    const told = texts(await chat.say('also my card 4111 1111 1111 1111 got charged twice')).join('\n');
    expect(told).toContain('our billing team');
    expect(told).toContain('call you back, or to email you');
    expect(told).not.toContain(`Your ticket ${technicians} is open`);
    await chat.say('email me');
    const opened = texts(await chat.say('yes')).join('\n');
    expect(opened).toMatch(/Done: I've opened ticket T-\w+\. Someone from our billing team will email you/);
    const tickets = await waitingTickets(bot);
    expect(tickets.map((t) => t.summary).sort()).toEqual(['Computer won\'t start or shows a blue screen', 'Disputed charge']);
    expect(JSON.stringify(tickets)).not.toContain('4111');
  });

  // It got "which of these do you mean?" with the plans and the data we hold, and the ticket waited on.
  it('"i want to cancel my request" in a new chat cancels the open email ticket', async () => {
    const { ticketId, next } = await cameBack();
    expect(texts(await next.say('i want to cancel my request')).at(-1)).toMatch(new RegExp(`^OK, I've cancelled ticket ${ticketId}: nobody will email you about it\\.`));
    expect(await waitingTickets(bot)).toEqual([]);
  });

  // At a deletion request's address question it cancelled the ticket, and the question was left unanswered.
  it('"i want to cancel my request" at the question of a request under way stops that request, and the ticket stays', async () => {
    const { ticketId, next } = await cameBack();
    expect(texts(await next.say('delete my data')).at(-1)).toMatch(/email address we have on file/);
    const said = texts(await next.say('i want to cancel my request')).join('\n');
    expect(said).toMatch(/OK, I've closed request PR-\w+ \(deletion of your data\)/);
    expect(said).not.toContain(ticketId);
    expect((await waitingTickets(bot)).map((t) => t.id)).toEqual([ticketId]);
  });

  // Marketing mail went off and nothing was said of the ticket, so the user could not tell whether the technician would still write.
  it('"stop emailing me" (or "unsubscribe") in a new chat turns marketing email off and says the ticket is still followed up by email', async () => {
    const { ticketId, next } = await cameBack();
    for (const said of ['stop emailing me', 'unsubscribe']) {
      expect(texts(await next.say(said)).join('\n')).toContain(
        `This doesn't affect your ticket ${ticketId}: the technician will still email you about it. Say "cancel my ticket" if you'd rather they didn't.`,
      );
    }
    expect((await waitingTickets(bot)).map((t) => t.id)).toEqual([ticketId]);
    expect(texts(await next.say('cancel my ticket')).at(-1)).toMatch(new RegExp(`^OK, I've cancelled ticket ${ticketId}`));
  });

  it('"stop texting me" with a callback ticket open says the technician still calls about the ticket', async () => {
    const { ticketId: callback, next } = await cameBack('call me back', '4155550199');
    const said = texts(await next.say('stop texting me')).join('\n');
    expect(said).toContain(`This doesn't affect your ticket ${callback}: the technician will still call you about it.`);
    // Marketing email is another channel than the ticket's: nothing to say about it.
    expect(texts(await next.say('stop emailing me')).join('\n')).not.toContain("This doesn't affect your ticket");
  });

  it('a bare "email me" in a new chat is how they want to hear about their open ticket: an email ticket stands as it is', async () => {
    const { ticketId, next } = await cameBack();
    expect(texts(await next.say('email me')).at(-1)).toBe(
      `Your ticket ${ticketId} is open: a technician will email you at the address you gave tomorrow from 08:00, when we open again. Say "cancel my email" if you no longer need it.`,
    );
  });

  it('a bare "email me" in a new chat with a callback ticket open asks for the address after the contact notice and switches the ticket', async () => {
    const { ticketId: callback, next } = await cameBack('call me back', '4155550199');
    const asked = await next.say('email me');
    expect(asked.some((a) => data(a).notice?.id === 'contact')).toBe(true);
    expect(data(asked.filter((a) => a.type === 'message').at(-1)!).expects).toBe('email');
    const opened = await next.say('jo@example.com');
    const email = opened.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    expect(texts(opened).join('\n')).toContain(`Done: I've opened ticket ${email}. A technician will email you at the address you gave`);
    expect((await waitingTickets(bot)).map((t) => [t.id, t.followUp])).toEqual([[email, 'email']]);
    expect(email).not.toBe(callback);
  });
});

// "is my callback still on" after "cancel my callback" offered a new call back ("a technician can call you back ... Shall the technician call you back on ...?").
describe('asking after a callback that was cancelled', () => {
  let bot: TestBot;
  afterEach(() => bot?.close());

  it('is told none is open, which ticket was cancelled and when; a new one only when asked for', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const first = bot.conversation();
    await first.say('my tv wont turn on');
    await first.say('talk to a person');
    await first.say('call me back');
    const ticketId = (await first.say('+1 212 555 0123')).map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    expect(texts(await first.say('is my callback still on')).at(-1)).toMatch(new RegExp(`^Your ticket ${ticketId} is open`));
    bot.clock.advance(60_000);
    expect(texts(await first.say('cancel my callback')).at(-1)).toMatch(/^OK, I've cancelled ticket/);

    const told = `You don't have an open callback or email ticket: your callback, ticket ${ticketId}, was cancelled on Sunday, November 22 at 12:01 (America/New York time). If you'd like a new one, just ask.`;
    expect(texts(await first.say('is my callback still on'))).toEqual([told]);
    const later = bot.conversation({ userId: first.user.id });
    // The new chat's first reply is the recording notice.
    for (const asked of ['is my callback still on', 'do i still have a callback?', 'what happened to my callback']) expect(texts(await later.say(asked)).at(-1)).toBe(told);
    expect(texts(await later.say('can you call me back')).join('\n')).toMatch(/Shall the technician call you back on/);
  });
});

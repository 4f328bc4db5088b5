import { CaseStore } from '../../../src/services/cases/case-store';
import { data, startTestBot, type TestBot } from '../../support/conversation';
import { HandoffRepository } from '../../../src/services/handoff/handoff-repository';
import { signIn, withDevTechnician } from '../../support/technician';

jest.setTimeout(60_000);

// Sunday night in New York: the technician is offered as a call back or an email.
describe('a technician asked for at a step, then declined to keep trying', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ start: Date.parse('2026-11-23T04:00:00Z') });
  });
  afterAll(() => bot.close());

  it('"no wait let me keep trying" goes on from the step where they stopped, the case open', async () => {
    const user = bot.conversation();
    expect(await user.sayText('printer offline')).toContain('Turn the printer off with its power button');
    expect(await user.sayText('talk to a technician')).toContain('Would you like a technician to call you back');
    const reply = await user.sayText('no wait let me keep trying');
    expect(reply).not.toContain("I'm still here if I can help with anything else");
    expect(reply).toContain('Turn the printer off with its power button');
    // "Still offline" at the power-cycle step leads to the question of how it is connected.
    expect(await user.sayText('still offline')).toContain('How is the printer connected to your computer?');
    const [record, ...more] = await new CaseStore(bot.app.store).list(`test:${user.user.id}`);
    expect(more).toEqual([]);
    expect(record.status).toBe('open');
  });

  it('"no thanks" there still ends the request as before', async () => {
    const user = bot.conversation();
    await user.sayText('printer offline');
    await user.sayText('talk to a technician');
    expect(await user.sayText('no thanks')).toContain("No problem. I'm still here if I can help with anything else.");
  });
});

// Wednesday 10:00 in New York with a technician signed in: the contact notice and questions come at once.
describe('a technician asked for at a step in opening hours, then declined to keep trying', () => {
  let bot: TestBot;
  withDevTechnician();
  beforeAll(async () => {
    bot = await startTestBot({ start: Date.parse('2026-11-18T15:00:00Z') });
    await signIn(bot);
  });
  afterAll(() => bot.close());

  it.each(['no wait let me keep trying', "i'll try a bit more"])('"%s" at the name question goes on from the step, no name taken, the case open', async (said) => {
    const user = bot.conversation();
    await user.sayText('printer offline');
    expect(await user.sayText('talk to a technician')).toContain('What name should we use for you?');
    const reply = await user.sayText(said);
    expect(reply).toContain("OK, let's keep going from where we were.");
    expect(reply).toContain('Turn the printer off with its power button');
    expect(await user.sayText('still offline')).toContain('How is the printer connected to your computer?');
    const [record, ...more] = await new CaseStore(bot.app.store).list(`test:${user.user.id}`);
    expect(more).toEqual([]);
    expect(record.status).toBe('open');
  });

  it('"actually let me try again first" at the email question does the same', async () => {
    const user = bot.conversation();
    await user.sayText('printer offline');
    await user.sayText('talk to a technician');
    expect(await user.sayText('Jane Doe')).toContain("What's your email address?");
    expect(await user.sayText('actually let me try again first')).toContain('Turn the printer off with its power button');
  });

  it('"actually let me try again first" while waiting in the live queue withdraws the ticket and goes on from the step', async () => {
    const user = bot.conversation();
    await user.sayText('printer offline');
    await user.sayText('talk to a technician');
    await user.sayText('Jane Doe');
    const queued = await user.say('jane@example.com');
    const ticketId = queued.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    const replies = await user.say('actually let me try again first');
    const reply = replies.map((a) => a.text ?? '').join('\n');
    expect(reply).toContain("I've taken you out of the queue.");
    expect(reply).toContain("OK, let's keep going from where we were.");
    expect(reply).toContain('Turn the printer off with its power button');
    expect(replies.some((a) => data(a).handoff?.state === 'ended' && data(a).handoff?.ticketId === ticketId)).toBe(true);
    const tickets = new HandoffRepository(bot.app.store, 3600);
    expect(await tickets.getActive(ticketId)).toBeUndefined();
    expect((await tickets.getEnded(ticketId))?.value).toMatchObject({ status: 'ended', outcome: 'cancelled' });
    expect(await user.sayText('still offline')).toContain('How is the printer connected to your computer?');
    const [record] = await new CaseStore(bot.app.store).list(`test:${user.user.id}`);
    expect(record.status).toBe('open');
  });
});

import type { Activity } from 'botbuilder';
import { data, startTestBot, type TestBot } from '../../support/conversation';
import { signIn, withDevTechnician } from '../../support/technician';

jest.setTimeout(60_000);

// A call back asked for with the number to call in the same message. 2026-11-22 is a Sunday: 12:00
// in New York, outside business hours.
const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');

const texts = (replies: Partial<Activity>[]) => replies.filter((a) => a.type === 'message').map((a) => a.text ?? '');

async function summaryOf(bot: TestBot, ticketId: string): Promise<string> {
  return (await (await signIn(bot)).call('GET', `/handoffs/${ticketId}`)).body.summary;
}

describe('a call back asked for with the number in the message', () => {
  let bot: TestBot;
  withDevTechnician();
  afterEach(() => bot?.close());

  // The number was asked for again ("What's the best phone number to reach you?") and the time lost.
  it('offers the number back, and keeps the time on the ticket', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    const asked = texts(await c.say('can someone call me at 646-555-0188 tomorrow morning')).join('\n');
    // Offered back by its last digits, as a number on file is ("the number ending 2672"); it was shown whole.
    expect(asked).toContain('Shall I use the number ending 0188?');
    expect(asked).not.toMatch(/646.?555.?0188/);
    expect(asked).not.toContain("What's the best phone number");
    const done = await c.say('yes');
    const ticketId = done.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    expect(texts(done).at(-1)).toMatch(/and you'd like the call tomorrow morning\.$/);
    expect(await summaryOf(bot, ticketId)).toMatch(/; preferred time: tomorrow morning$/);
  });

  // It got "Please pick one of the options" at the step.
  it('at a TV step, "call me tomorrow at 9am on 718 555 0142" opens the call back, then the step comes back', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    expect(data((await c.say('the picture on my tv is green')).at(-1)!).step).toMatchObject({ flow: 'tv-picture', stepId: 'tv-menu' });
    const asked = texts(await c.say('call me tomorrow at 9am on 718 555 0142')).join('\n');
    expect(asked).toContain('Shall I use the number ending 0142?');
    expect(asked).not.toContain('Please pick one of the options');
    const done = await c.say('yes');
    const ticketId = done.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    expect(texts(done).join('\n')).toContain("and you'd like the call tomorrow at 9am.");
    expect(data(done.at(-1)!).step).toMatchObject({ flow: 'tv-picture', stepId: 'tv-menu' });
    expect(await summaryOf(bot, ticketId)).toMatch(/; preferred time: tomorrow at 9am$/);
  });

  // Once the user picked, only the pick ("1", "Call me back") was read: the number or address typed with
  // the request was asked for again.
  it('offers back the number typed in a request that first got "talk to one, or try a guide?"', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    expect(texts(await c.say('is there someone who can call me back about my laptop? my number is 646 555 0188')).join('\n')).toContain('try a guide with me first?');
    const asked = texts(await c.say('1')).join('\n');
    expect(asked).toContain('Shall I use the number ending 0188?');
    expect(asked).not.toContain("What's the best phone number");
  });

  it('offers back the number typed with the request when "Call me back" is picked at the offer', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    await c.say('i need someone to look at my laptop, my number is 646 555 0188');
    const asked = texts(await c.say('Call me back')).join('\n');
    expect(asked).toContain('Shall I use the number ending 0188?');
    const done = texts(await c.say('yes')).join('\n');
    expect(done).toMatch(/opened ticket T-\w+\. A technician will call you back/);
  });

  it('offers back the email address typed with the request when "Email me" is picked at the offer', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    await c.say('my tv has no sound or talk to a person, my email is jo@example.com');
    const asked = texts(await c.say('Email me')).join('\n');
    expect(asked).toContain('Shall I use jo@example.com?');
    expect(asked).not.toContain("What's your email address?");
  });

  // Any seven digits were read as a number at the offer; in the request, only a real phone number is.
  it('asks for the number when the request holds only an order number', async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
    const c = bot.conversation();
    await c.say('i need someone to look at my laptop, my order number is 12345678');
    const asked = texts(await c.say('Call me back')).join('\n');
    expect(asked).toContain("What's the best phone number to reach you?");
    expect(asked).not.toMatch(/Shall I use|valid|too short/);
  });
});

// 2026-11-18 is a Wednesday: 10:00 in New York, inside business hours.
const WEDNESDAY_10AM_NY = Date.parse('2026-11-18T15:00:00Z');

describe('a live handoff asked for with the email address or name in the message', () => {
  let bot: TestBot;
  withDevTechnician();
  afterEach(() => bot?.close());

  // With a technician signed in, the name and email were asked for as if never typed.
  it('offers the email address back at its question, after the contact notice and the name', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const c = bot.conversation();
    const asked = await c.say('can i talk to a person, my email is jo@example.com');
    expect(asked.some((a) => data(a).notice?.id === 'contact')).toBe(true);
    expect(texts(asked).at(-1)).toBe('What name should we use for you?');
    const email = texts(await c.say('Jo Smith')).join('\n');
    expect(email).toContain('Shall I use jo@example.com?');
    expect(email).not.toContain("What's your email address?");
    const queued = await c.say('yes');
    const initiate = queued.find((a) => a.type === 'event' && a.name === 'handoff.initiate')!;
    expect(initiate.value).toMatchObject({ contact: { name: 'Jo Smith', email: 'jo@example.com' } });
  });

  // The router asks first whether "my name is" is a correction of the user's details.
  it('offers the name back at its question, and the email address at its own', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const c = bot.conversation();
    expect(texts(await c.say('i want to talk to a technician, my name is Jo Smith, my email is jo@example.com')).join('\n')).toContain('which of these do you mean?');
    expect(texts(await c.say('Talk to a technician')).join('\n')).toContain('Shall I use Jo Smith?');
    expect(texts(await c.say('yes')).join('\n')).toContain('Shall I use jo@example.com?');
    const queued = await c.say('yes');
    const initiate = queued.find((a) => a.type === 'event' && a.name === 'handoff.initiate')!;
    expect(initiate.value).toMatchObject({ contact: { name: 'Jo Smith', email: 'jo@example.com' } });
  });

  // Typed after the notice, at the name question: kept as the answer, not asked about.
  it('takes an email address given with the name at the name question without asking', async () => {
    bot = await startTestBot({ start: WEDNESDAY_10AM_NY });
    await signIn(bot);
    const c = bot.conversation();
    await c.say('can i talk to a person');
    const queued = await c.say('Jo Smith, jo@example.com');
    expect(texts(queued).join('\n')).not.toContain('Shall I use');
    expect(queued.some((a) => data(a).handoff?.state === 'queued')).toBe(true);
  });
});

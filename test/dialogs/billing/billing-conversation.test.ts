import type { Activity } from 'botbuilder';
import { startTestBot, type TestBot } from '../../support/conversation';
import { HandoffRepository } from '../../../src/services/handoff/handoff-repository';
import { CaseStore } from '../../../src/services/cases/case-store';

const texts = (replies: Partial<Activity>[]) => replies.map((r) => r.text ?? '').join('\n');

// After "how much is the annual plan", "switch to that one" was "Sorry, I'm not sure what you mean" (cancel
// to the router), "ill take that one" a goodbye, "sign me up for that" not something the bot could help with.
describe('a plan taken right after the plans, through the whole bot', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it.each(['switch to that one', 'ill take that one', 'sign me up for that'])('%j after "how much is the annual plan" asks the billing team for the annual plan', async (text) => {
    const user = bot.conversation();
    await user.say('how much is the annual plan');
    const replies = texts(await user.say(text));
    expect(replies).toMatch(/^You'd like to switch to:\n- Annual subscription/);
    expect(replies).toMatch(/our billing team/);
    expect(replies).not.toMatch(/not sure what you mean|not something I can help with/);
  });

  it('"ill take that one" after the list of all plans asks which one', async () => {
    const user = bot.conversation();
    await user.say('how much are your plans');
    expect(texts(await user.say('ill take that one'))).toMatch(/^Which plan would you like to switch to\?/);
    expect(texts(await user.say('Single incident'))).toMatch(/^You'd like to switch to:\n- Single incident/);
  });

  // It was "Sorry, that's not something I can help with", and the plans were forgotten for "ill take the annual one" next.
  it('"hmm whats the diffrence with monthly?" right after the plans is answered with them, and "ok ill take the annual one" next is a plan change', async () => {
    const user = bot.conversation();
    await user.say('how much is the anual plan');
    const asked = texts(await user.say('hmm whats the diffrence with monthly?'));
    expect(asked).toMatch(/^Here are our plans/);
    expect(asked).not.toMatch(/not something I can help with/);
    expect(texts(await user.say('ok ill take the annual one'))).toMatch(/^You'd like to switch to:\n- Annual subscription/);
  });

  // "There's nothing in progress to cancel": the router read stopping what is under way.
  it.each(['i want to cancel it', 'ok cancel mine please'])('%j right after the plans is a cancellation of the user\'s plan, passed to the billing team', async (text) => {
    const user = bot.conversation();
    await user.say('how much is the monthly plan');
    const replies = texts(await user.say(text));
    expect(replies).toMatch(/^Cancelling stops future renewals\./);
    expect(replies).toMatch(/I’ll pass your cancellation to our billing team/);
    expect(replies).not.toMatch(/nothing in progress to cancel/);
  });

  it('a bare "cancel" right after the plans cancels nothing', async () => {
    const user = bot.conversation();
    await user.say('how much is the monthly plan');
    expect(texts(await user.say('cancel'))).toMatch(/^There's nothing in progress to cancel/);
  });

  // "is it worth it?" got "not something I can help with", and "ok sign me up for that" after it the same.
  it('"is it worth it?" after "how much is the annual plan" is told the saving against monthly, and "ok sign me up for that" next takes the annual plan', async () => {
    const user = bot.conversation();
    await user.say('how much is the annual plan');
    const worth = texts(await user.say('is it worth it?'));
    expect(worth).toMatch(/Monthly subscription: 309\.87 USD \(12 × 24\.99 USD, plus the one-time activation fee of 9\.99 USD\)/);
    expect(worth).toMatch(/Over a year the Annual subscription costs 109\.88 USD less than the Monthly subscription\./);
    expect(worth).not.toMatch(/not something I can help with/);
    expect(texts(await user.say('ok sign me up for that'))).toMatch(/^You'd like to switch to:\n- Annual subscription/);
  });

  it('a message in between forgets the plans: "ill take that one" after "thanks" takes nothing', async () => {
    const user = bot.conversation();
    await user.say('how much is the annual plan');
    await user.say('thanks');
    expect(texts(await user.say('ill take that one'))).not.toMatch(/switch to/);
  });
});

describe('another billing request in the middle of a refund', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  // "monthly" in it picked the plan and the start date was asked for.
  it('"actually nevermind, how much is the monthly plan" at "Which plan do you have?" answers the plans instead, and "switch me to it" next asks for that plan', async () => {
    const user = bot.conversation();
    expect(texts(await user.say('i want a refund'))).toMatch(/Which plan do you have\?/);
    const answered = texts(await user.say('actually nevermind, how much is the monthly plan'));
    expect(answered).toMatch(/^Here are our plans/);
    expect(answered).not.toMatch(/subscription start/);
    expect(texts(await user.say('ok switch me to it'))).toMatch(/^You'd like to switch to:\n- Monthly subscription/);
  });

  // Read as a cancel (0.55): "OK, I've stopped that. What else can I help with?", and the switch was lost.
  it('"forget it, i want to switch to annual instead" at "Which plan do you have?" stops the refund and asks the billing team for the annual plan', async () => {
    const user = bot.conversation();
    expect(texts(await user.say('i want a refund'))).toMatch(/Which plan do you have\?/);
    const replies = texts(await user.say('forget it, i want to switch to annual instead'));
    expect(replies).toMatch(/^OK, I've stopped that\.\nYou'd like to switch to:\n- Annual subscription/);
    expect(replies).not.toMatch(/What else can I help with/);
  });

  it.each(['forget it', 'stop, this is taking forever'])('%j at the same question only stops: no request of its own follows the stop', async (text) => {
    const user = bot.conversation();
    await user.say('i want a refund');
    expect(texts(await user.say(text))).toBe("OK, I've stopped that. What else can I help with?");
  });

  // It was "I couldn't read that as a date in the past".
  it('"i was charged twice actually" at the start date is taken up as a disputed charge', async () => {
    const user = bot.conversation();
    await user.say('i want a refund');
    expect(texts(await user.say('monthly'))).toMatch(/When did your subscription start\?/);
    const replies = texts(await user.say('i was charged twice actually'));
    expect(replies).toMatch(/^I'm sorry about the charge/);
    expect(replies).not.toMatch(/couldn't read that as a date/);
  });

  it('a question about the plans there is still answered and the question asked again', async () => {
    const user = bot.conversation();
    await user.say('i want a refund');
    const replies = texts(await user.say('how much is the monthly plan'));
    expect(replies).toMatch(/^Here are our plans[\s\S]*Which plan do you have\?$/);
  });
});

// A refund left half-way started over from scratch in a new chat: the plan and the date asked again.
describe('a refund request left half-way, taken up in a new chat', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  async function leftAtTheDate(userId: string) {
    const user = bot.conversation({ userId });
    await user.say('i want a refund');
    await user.say('Monthly subscription');
    expect(texts(await user.say('3 November'))).toMatch(/^Did we resolve any issue for you in the first 15 days/);
  }

  it.each(['hi', 'hey about my refund', 'can i get my money back'])('%j is offered to carry on with what was told, and "yes" asks the next question', async (opening) => {
    const userId = `refund-${opening.length}`;
    await leftAtTheDate(userId);
    const back = bot.conversation({ userId });
    // After the recording notice, shown in every new chat.
    expect(texts(await back.say(opening))).toMatch(
      /\nWelcome back! Last time you started a refund request and told me your plan is the Monthly subscription and it started on 2026-11-03\. Would you like to continue where we stopped\?$/,
    );
    expect(texts(await back.say('yes'))).toBe("OK, let's carry on with your refund request.\nDid we resolve any issue for you in the first 15 days of the subscription?");
    expect(texts(await back.say('no'))).toMatch(/^Based on our refund rules, this looks eligible for a refund of 24\.99 USD\./);
  });

  it('"start again" asks from the first question, and the earlier one is not offered again', async () => {
    await leftAtTheDate('refund-again');
    const back = bot.conversation({ userId: 'refund-again' });
    await back.say('i want a refund');
    expect(texts(await back.say('start again'))).toMatch(/^I can check that against our refund rules\. Which plan do you have\?/);
    expect(texts(await bot.conversation({ userId: 'refund-again' }).say('hi'))).not.toMatch(/refund/);
  });

  it('a refund stopped with "cancel" is not offered in the next chat', async () => {
    const user = bot.conversation({ userId: 'refund-cancelled' });
    await user.say('i want a refund for my annual plan');
    expect(texts(await user.say('cancel'))).toMatch(/^OK, I've stopped that/);
    expect(texts(await bot.conversation({ userId: 'refund-cancelled' }).say('hi'))).not.toMatch(/refund/);
  });

  it('another billing question in a new chat is answered, not offered the refund', async () => {
    await leftAtTheDate('refund-plans');
    expect(texts(await bot.conversation({ userId: 'refund-plans' }).say('how much is the annual plan'))).not.toMatch(/Welcome back/);
  });
});

// "yes cancel it now" at the billing team's offer stopped the request ("OK, I've stopped that"): the
// case stayed escalated with no ticket, and the user thought the subscription cancelled.
describe('a cancellation passed to the billing team out of hours', () => {
  // 2026-11-22 is a Sunday: 12:00 in New York, outside business hours.
  const SUNDAY_NOON_NY = Date.parse('2026-11-22T17:00:00Z');
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot({ start: SUNDAY_NOON_NY });
  });
  afterAll(() => bot.close());

  it('"yes cancel it now" at the call back or email offer confirms it: told it needs the billing team, and offered them again', async () => {
    const user = bot.conversation();
    expect(texts(await user.say('cancel my subscription'))).toMatch(/Would you like someone from our billing team to call you back, or to email you/);
    const replies = texts(await user.say('yes cancel it now'));
    expect(replies).not.toMatch(/stopped/);
    expect(replies).toBe("I can't cancel it myself here in the chat: our billing team does that, and they need a way to reach you to confirm it's done.\nWould you like a call back, an email, or neither?");
    expect(texts(await user.say('Email me'))).toMatch(/What's your email address\?/);
  });

  it('"just cancel it please i dont want a call" there is told why and asked for the email, not the phone number', async () => {
    const user = bot.conversation();
    await user.say('cancel my subscription');
    const replies = texts(await user.say('just cancel it please i dont want a call'));
    expect(replies).toMatch(/^I can't cancel it myself here in the chat.*So they'll email you instead of calling\./);
    expect(replies).toMatch(/What's your email address\?$/);
    expect(replies).not.toMatch(/phone number/);
  });

  // A technician's email ticket was opened ("can i just talk to someone" its summary), and "Which plan do you have?" came back after it.
  it('"can i just talk to someone" at a refund\'s question passes the refund to the billing team, and its questions are not asked after', async () => {
    const user = bot.conversation();
    await user.say('can i get a refund');
    await user.say('Monthly subscription');
    const asked = texts(await user.say('can i just talk to someone'));
    expect(asked).toMatch(/Would you like someone from our billing team to call you back, or to email you/);
    await user.say('Email me');
    const opened = texts(await user.say('ann@example.org'));
    expect(opened).toMatch(/Someone from our billing team will email you/);
    expect(opened).not.toMatch(/Which plan|When did your subscription start/);
    const handoffs = await new HandoffRepository(bot.app.store, 3600).listActive();
    const ticket = handoffs.find((h) => h.conversationId === user.conversationId);
    expect(ticket).toMatchObject({ team: 'billing', reason: 'Refund request (Monthly subscription)' });
    expect(ticket?.summary).toMatch(/Told so far: their plan is the Monthly subscription/);
  });

  it('"can i just talk to someone" at "Which plan do you have?" passes the refund to the billing team with the plan not known', async () => {
    const user = bot.conversation();
    await user.say('can i get a refund');
    expect(texts(await user.say('can i just talk to someone'))).toMatch(/someone from our billing team to call you back/);
    await user.say('Email me');
    await user.say('ann@example.org');
    const ticket = (await new HandoffRepository(bot.app.store, 3600).listActive()).find((h) => h.conversationId === user.conversationId);
    expect(ticket).toMatchObject({ team: 'billing', reason: 'Refund request (plan not known)' });
    expect(ticket?.summary).not.toMatch(/talk to someone/);
  });

  // It got the list of plans, ending "You can also ask me about refunds or cancelling."
  it('"i want to cancel" with nothing under way is asked what to cancel; "My subscription" passes the cancellation to the billing team', async () => {
    const user = bot.conversation();
    const asked = await user.say('i want to cancel');
    expect(texts(asked)).toMatch(/What would you like to cancel: your subscription, or something else\?$/);
    expect(texts(asked)).not.toMatch(/Here are our plans/);
    const picked = texts(await user.say('my subscription'));
    expect(picked).toMatch(/I’ll pass your cancellation to our billing team/);
    expect(texts(await user.say('yes cancel it now'))).toMatch(/^I can't cancel it myself here in the chat/);
  });

  it('"Something else" there is asked what, and nothing is passed on', async () => {
    const user = bot.conversation();
    await user.say('i want to cancel');
    expect(texts(await user.say('Something else'))).toBe("OK. Tell me in a few words what you'd like to cancel.");
  });

  // Its "no" declined the call back ("I haven't passed your cancellation request on"), and the switch was lost.
  it('"no wait, actually dont cancel, i want to switch to monthly instead" at the offer drops the cancellation for the plan change, on the same case', async () => {
    const user = bot.conversation();
    await user.say('i want to cancel');
    await user.say('the subscription');
    const replies = texts(await user.say('no wait, actually dont cancel, i want to switch to monthly instead'));
    expect(replies).toMatch(/^You'd like to switch to:\n- Monthly subscription/);
    expect(replies).toMatch(/call you back, or to email you/);
    expect(replies).not.toMatch(/cancellation/);
    const cases = await new CaseStore(bot.app.store).list(`test:${user.user.id}`);
    expect(cases.map((c) => [c.problem, c.notes.billingTopic])).toEqual([['Plan change request (Monthly subscription)', 'change_plan']]);
  });

  it.each(['dont cancel my subscription, switch me to monthly', 'actually can i switch plans instead?'])('%j at the offer for a cancellation is the plan change', async (text) => {
    const user = bot.conversation();
    await user.say('cancel my subscription');
    const replies = texts(await user.say(text));
    expect(replies).toMatch(/I'll pass your request to a person on our billing team, who will confirm the price/);
    expect(replies).not.toMatch(/I can't cancel it myself/);
  });

  // Its "cancel it" read as "yes cancel it now": told the billing team would cancel it.
  it('"dont cancel it" at the offer for a cancellation stops the request, not confirms it', async () => {
    const user = bot.conversation();
    await user.say('cancel my subscription');
    const replies = texts(await user.say('dont cancel it'));
    expect(replies).toMatch(/^OK, I've stopped that/);
    expect(replies).not.toMatch(/I can't cancel it myself/);
  });

  it('a bare "cancel" there still stops the request', async () => {
    const user = bot.conversation();
    await user.say('cancel my subscription');
    expect(texts(await user.say('cancel'))).toMatch(/^OK, I've stopped that/);
  });
});

// "do i need to pay for this help?" read as a request for help: the list of what the bot does, at a step too.
describe('what the help costs, through the whole bot', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it.each(['do i need to pay for this help?', 'is this free?', 'does this cost anything?', 'how much does this chat cost'])('%j as a first message is told the configured plans and the single incident price', async (text) => {
    const replies = texts(await bot.conversation().say(text));
    expect(replies).toContain('Our support comes with one of these plans:');
    expect(replies).toContain('- Monthly subscription: 24.99 USD per month, plus a one-time activation fee of 9.99 USD');
    expect(replies).toContain('If you need help only this once, the Single incident is 79.99 USD.');
    expect(replies).not.toMatch(/Here's what I can do|which of these do you mean/);
  });

  it('"do i need to pay for this help?" at a step is answered, then the step is asked again', async () => {
    const user = bot.conversation();
    await user.say('my computer is slow');
    expect(texts(await user.say('Mac'))).toContain('Restart it with **Apple menu > Restart**.');
    const replies = texts(await user.say('do i need to pay for this help?'));
    expect(replies).toContain('If you need help only this once, the Single incident is 79.99 USD.');
    expect(replies).toMatch(/Restart it with \*\*Apple menu > Restart\*\*\.$/);
    expect(replies).not.toContain("Here's what I can do");
    expect(texts(await user.say('That worked'))).not.toContain('Restart it with');
  });
});

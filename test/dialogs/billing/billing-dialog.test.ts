import { ConversationState, MemoryStorage, type Activity, type TurnContext } from 'botbuilder';
import { createConversationDataAccessor } from '../../../src/dialogs/conversation-data';
import { DialogTestClient } from 'botbuilder-testing';
import { BillingDialog } from '../../../src/dialogs/billing/billing-dialog';
import { helplineData } from '../../../src/dialogs/wire';
import { loadPolicy } from '../../../src/config';
import { CaseStore } from '../../../src/services/cases/case-store';
import { memoryStore } from '../../support/memory-store';
import { Router, type Classification } from '../../../src/services/nlu/router';

const policy = loadPolicy('content/helpline.config.yaml');

function setup(text: string, now = '2026-03-31T12:00:00Z', classification: Partial<Classification> = { text }) {
  const { store, clock } = memoryStore(Date.parse(now));
  const cases = new CaseStore(store, clock.now);
  const dialog = new BillingDialog({ rules: policy.billing, paymentPageUrl: policy.paymentPageUrl, cases, now: clock.now });
  const client = new DialogTestClient('test', dialog, { classification });
  return { client, cases, store };
}

/** The cases passed to the billing team; a refund still being asked about keeps its answers in an open one. */
const passedOn = async (cases: CaseStore) => (await cases.list('test:user1')).filter((c) => c.status !== 'open');

async function replies(client: DialogTestClient, text: string): Promise<Partial<Activity>[]> {
  const out: Partial<Activity>[] = [];
  let reply = await client.sendActivity(text);
  while (reply) {
    out.push(reply);
    reply = client.getNextReply();
  }
  return out;
}

describe('BillingDialog', () => {
  it('explains plans and fees from the configured rules', async () => {
    const { client } = setup('how much are your plans');
    const [answer] = await replies(client, 'how much are your plans');
    expect(answer.text).toContain('Annual subscription: 199.99 USD for 12 months');
    expect(answer.text).toContain('activation fee of 9.99 USD (not refundable)');
  });

  // Both got the list of plans and the refund offers, and the charge asked about was never explained.
  it('"why was i charged 34.98 this month? i thought it was 24.99" is told it is the monthly plan and its activation fee, and offered the billing team', async () => {
    const text = 'why was i charged 34.98 this month? i thought it was 24.99';
    const { client, cases } = setup(text);
    const out = (await replies(client, text)).map((a) => a.text).join('\n');
    expect(out).toMatch(/^34\.98 USD is the Monthly subscription \(24\.99 USD\) plus its one-time activation fee \(9\.99 USD\)\. The activation fee is charged once/);
    expect(out).toMatch(/Would you like me to pass this to our billing team to check your bill\?$/);
    expect(out).not.toMatch(/Here are our plans/);
    await replies(client, 'yes');
    expect(await passedOn(cases)).toMatchObject([{ problem: 'Question about a charge', notes: { billingTopic: 'charge' } }]);
  });

  it('"why is my bill higher than last month" is told the usual reasons from the configured plans, and "no" to the billing team passes nothing on', async () => {
    const text = 'why is my bill higher than last month';
    const { client, cases } = setup(text);
    const out = (await replies(client, text)).map((a) => a.text).join('\n');
    expect(out).toMatch(/the Monthly subscription's first payment has its one-time activation fee of 9\.99 USD on top of 24\.99 USD/);
    expect(out).toMatch(/A plan change: the new plan is charged at its own price/);
    expect(out).toMatch(/Would you like me to pass this to our billing team to check your bill\?$/);
    expect(out).not.toMatch(/Here are our plans/);
    expect((await replies(client, 'no')).map((a) => a.text)).toEqual(["OK. If you'd like our billing team to check it later, just ask."]);
    expect(await cases.list('test:user1')).toEqual([]);
  });

  it('explains the refund policy with the 15-day rules', async () => {
    const { client } = setup('what is your refund policy');
    const [answer] = await replies(client, 'what is your refund policy');
    expect(answer.text).toMatch(/full refund if we didn't resolve a single issue for you in the first 15 days/);
    expect(answer.text).toMatch(/fewer than 15 days have passed since a technician last worked on it/);
  });

  // "paying" sent a price comparison to the payment page.
  it.each(['is it cheaper than paying monthly?', 'how much do i save paying yearly', 'whats the cost if i pay per month'])('%j is a question about plans, not about paying', async (text) => {
    const { client } = setup(text);
    const [answer] = await replies(client, text);
    expect(answer.text).toContain('Annual subscription: 199.99 USD for 12 months');
    expect(answer.text).not.toContain(policy.paymentPageUrl);
  });

  // "can i cancel anytime?" was "which of these do you mean: Cancel, or Plans, billing and refunds?".
  it.each(['can i cancel anytime?', 'is there a cancellation fee', 'what happens if i cancel', 'am i locked into a contract', 'can i cancel the monthly plan anytime'])(
    '%j asks about the terms of cancelling: answered from the configured plans, and nothing is passed to the billing team',
    async (text) => {
      const { client, cases } = setup(text);
      const out = await replies(client, text);
      expect(out).toHaveLength(1);
      const [answer] = out;
      expect(answer.text).toMatch(/You can cancel a subscription at any time/);
      expect(answer.text).toMatch(/Annual subscription: paid for 12 months at a time/);
      expect(answer.text).toMatch(/Monthly subscription: paid for 1 month at a time.*activation fee of 9\.99 USD is not refunded/);
      expect(answer.text).toMatch(/Single incident: paid once per incident/);
      expect(answer.suggestedActions?.actions.map((a) => a.title)).toEqual(['Refund policy', 'Cancel my subscription']);
      expect(await cases.list('test:user1')).toEqual([]);
    },
  );

  it('"cancel my subscription" is still a cancellation, passed to the billing team', async () => {
    const { client } = setup('cancel my subscription');
    const out = await replies(client, 'cancel my subscription');
    expect(out.map((r) => r.text).join('\n')).toMatch(/pass your cancellation to our billing team/);
  });

  it.each(['how do i pay my bill', 'can i pay by paypal', 'i need to update my card'])('%j is about paying: the payment page', async (text) => {
    const { client } = setup(text);
    const [answer] = await replies(client, text);
    expect(answer.text).toContain(policy.paymentPageUrl);
  });

  it('never takes card details: points to the payment page', async () => {
    const { client } = setup('I need to update my card');
    const [answer] = await replies(client, 'I need to update my card');
    expect(answer.text).toContain(policy.paymentPageUrl);
    expect(answer.text).toMatch(/never take card or bank details/);
  });

  it('asks only what it needs for a subscription refund and explains the deciding rule', async () => {
    const { client, cases } = setup('I want a refund');
    const [planQuestion] = await replies(client, 'I want a refund');
    expect(helplineData(planQuestion).expects).toBe('choice');
    const [dateQuestion] = await replies(client, 'Monthly subscription');
    expect(dateQuestion.text).toMatch(/When did your subscription start/);
    expect(helplineData(dateQuestion).expects).toBe('text');
    const [resolvedQuestion] = await replies(client, '2026-03-20');
    expect(resolvedQuestion.text).toMatch(/resolve any issue for you in the first 15 days/);
    expect(helplineData(resolvedQuestion).expects).toBe('confirm');
    const outcome = await replies(client, 'no');
    const text = outcome.map((a) => a.text).join('\n');
    expect(text).toMatch(/looks eligible for a refund of 24\.99 USD/);
    expect(text).toMatch(/No issue was resolved within the first 15 days/);
    expect(text).toMatch(/can't approve refunds myself/);
    const [stored] = await cases.list('test:user1');
    expect(stored.notes).toMatchObject({ billingTopic: 'refund', plan: 'monthly', eligibility: { eligible: true, ruleId: 'subscription_no_resolution' } });
  });

  it('takes the plan in other words ("the yearly one"), and names the plans when it cannot tell', async () => {
    const { client } = setup('I want a refund');
    await replies(client, 'I want a refund');
    const [retry] = await replies(client, 'the premium plan');
    expect(retry.text).toBe(
      "Our plans are Annual subscription, Monthly subscription or Single incident: which one is yours? If you're not sure, say so and a person on our billing team will look it up.",
    );
    expect(retry.suggestedActions?.actions.map((a) => a.title)).toEqual(['Annual subscription', 'Monthly subscription', 'Single incident', "I'm not sure"]);
    const [dateQuestion] = await replies(client, 'the yearly one');
    expect(dateQuestion.text).toMatch(/When did your subscription start/);
  });

  // A question back at a refund question was read as a wrong answer: "I couldn't read that as a date in the past".
  it.each(['how long is the refund window?', "what's your refund policy?"])('%j at the start date question is answered with the refund rules, and the question asked again', async (question) => {
    const { client } = setup('refund please for my annual plan');
    await replies(client, 'refund please for my annual plan');
    const out = await replies(client, question);
    expect(out.map((a) => a.text)).toEqual([expect.stringMatching(/^Our refund rules:[^]*first 15 days/), 'When did your subscription start? (for example "3 March" or "two weeks ago")']);
    const [resolvedQuestion] = await replies(client, '2026-03-20');
    expect(resolvedQuestion.text).toMatch(/resolve any issue for you in the first 15 days/);
  });

  it.each(['whats the difference between them?', 'how much is each one?'])('%j at the plan question is answered with the plans, and the question asked again', async (question) => {
    const { client } = setup('I want a refund');
    await replies(client, 'I want a refund');
    const out = await replies(client, question);
    expect(out[0].text).toMatch(/^Here are our plans:[^]*Annual subscription: 199\.99 USD/);
    expect(out[1].text).toBe('I can check that against our refund rules. Which plan do you have?');
    expect(out[1].suggestedActions?.actions.map((a) => a.title)).toEqual(['Annual subscription', 'Monthly subscription', 'Single incident', "I'm not sure"]);
    expect((await replies(client, 'annual'))[0].text).toMatch(/When did your subscription start/);
  });

  // Each was answered with the list of plan names again.
  it.each([
    ['the single one', /Was the issue resolved/],
    ['the 199 one', /When did your subscription start/],
    ['the 24.99 one', /When did your subscription start/],
    ['anual', /When did your subscription start/],
    ['mothly', /When did your subscription start/],
  ])('takes the plan said as %j', async (said, next) => {
    const { client, cases } = setup('I want a refund');
    await replies(client, 'I want a refund');
    const [asked] = await replies(client, said);
    expect(asked.text).toMatch(next);
    expect(await passedOn(cases)).toEqual([]);
  });

  it('a user who does not know their plan goes to the billing team with what they asked', async () => {
    const { client, cases } = setup('I want a refund');
    await replies(client, 'I want a refund');
    const out = await replies(client, 'no idea');
    expect(out.map((a) => a.text).join('\n')).toMatch(/billing team/);
    const [stored] = await cases.list('test:user1');
    expect(stored).toMatchObject({ problem: 'Refund request (plan not known)', status: 'escalated', notes: { billingTopic: 'refund' } });
  });

  // "i think the monthly, not 100% sure" was taken as the Monthly subscription, and its refund computed from the guess.
  it.each(['i think the monthly, not 100% sure', 'maybe the annual', 'probably monthly'])('a plan guessed, %j, goes to the billing team as not known', async (said) => {
    const { client, cases } = setup('I want a refund');
    await replies(client, 'I want a refund');
    const out = (await replies(client, said)).map((a) => a.text).join('\n');
    expect(out).toMatch(/^No problem: our billing team can look up your plan\./);
    expect(out).not.toMatch(/When did your subscription start/);
    const [stored] = await cases.list('test:user1');
    expect(stored).toMatchObject({ problem: 'Refund request (plan not known)', status: 'escalated' });
  });

  // "sometime in october i think" was read as 1 October, and "this looks eligible for a refund" followed from it.
  it.each(['sometime in october i think', 'around march 3', 'maybe 3 weeks ago', '3 weeks ago or so', 'early march', 'i think the 5th'])('a start date guessed, %j, goes to the billing team as not known', async (said) => {
    const { client, cases } = setup('refund please for my annual plan');
    await replies(client, 'refund please for my annual plan');
    const out = (await replies(client, said)).map((a) => a.text).join('\n');
    expect(out).toMatch(/^No problem: our billing team can look that up\./);
    expect(out).not.toMatch(/eligible|resolve any issue/);
    const [stored] = await cases.list('test:user1');
    expect(stored).toMatchObject({ problem: 'Refund request (Annual subscription, date not known)', status: 'escalated' });
  });

  it.each(['maybe', 'i think so'])('a yes or no guessed, %j, goes to the billing team as not sure of the facts', async (said) => {
    const { client, cases } = setup('refund please for my annual plan');
    await replies(client, 'refund please for my annual plan');
    await replies(client, '3 weeks ago');
    const out = (await replies(client, said)).map((a) => a.text).join('\n');
    expect(out).not.toMatch(/eligible/);
    const [stored] = await cases.list('test:user1');
    expect(stored).toMatchObject({ problem: 'Refund request (Annual subscription, not sure of the facts)', status: 'escalated' });
  });

  it('re-asks a start date in the future', async () => {
    const { client } = setup('refund please for my annual plan');
    const [dateQuestion] = await replies(client, 'refund please for my annual plan');
    expect(dateQuestion.text).toMatch(/When did your subscription start/);
    const [retry] = await replies(client, '2027-05-01');
    expect(retry.text).toMatch(/couldn't read that as a date in the past/);
  });

  // The test clock is 2026-03-31: dates are read against it, as in production against the real one.
  /** The subscription start date a refund request stores when the user says `said` (on the clock `now`). */
  async function startDateRead(said: string, now?: string): Promise<unknown> {
    const { client, cases } = setup('refund please for my annual plan', now);
    await replies(client, 'refund please for my annual plan');
    const [resolvedQuestion] = await replies(client, said);
    expect(resolvedQuestion.text).toMatch(/resolve any issue for you in the first 15 days/);
    await replies(client, 'no');
    const [stored] = await cases.list('test:user1');
    return (stored.notes as { facts?: { startDate?: string } }).facts?.startDate;
  }

  it.each([
    ['the 5th', '2026-03-05'],
    ['20th', '2026-03-20'],
    ['3 weeks ago', '2026-03-10'],
    ['yesterday', '2026-03-30'],
    // Typos the recognizer alone does not read.
    ['yestarday', '2026-03-30'],
    ['last tusday', '2026-03-24'],
    ['Febuary 3rd', '2026-02-03'],
    // The recognizer knows no fortnights.
    ['a fortnight ago', '2026-03-17'],
  ])('reads a start date said as %j', async (said, date) => {
    expect(await startDateRead(said)).toBe(date);
  });

  // Other fixed clocks, for readings that depend on the day: a Sunday, and the 29th to 31st of a month.
  it.each([
    // The recognizer counts months with Date.setMonth: from 31 March, "last month" was 31 February, i.e. March.
    ['2026-03-31T12:00:00Z', 'last month', '2026-02-01'],
    ['2026-12-31T12:00:00Z', 'previous month', '2026-11-01'],
    ['2026-03-31T12:00:00Z', 'the 5th of last month', '2026-02-05'],
    // "a month ago" keeps today's day, clamped to that month's length.
    ['2026-03-31T12:00:00Z', 'a month ago', '2026-02-28'],
    ['2026-05-31T12:00:00Z', '3 months ago', '2026-02-28'],
    ['2026-11-22T12:00:00Z', 'a month ago', '2026-10-22'],
    // "last <weekday>" is the most recent one before today: on Sunday 22 November, Tuesday the 17th, not the 10th.
    ['2026-11-22T12:00:00Z', 'last tuesday', '2026-11-17'],
    ['2026-11-22T12:00:00Z', 'last monday', '2026-11-16'],
    ['2026-11-22T12:00:00Z', 'last sunday', '2026-11-15'],
    // The Tuesday of the week before, said so, stays as the recognizer reads it.
    ['2026-11-22T12:00:00Z', 'tuesday last week', '2026-11-10'],
    ['2026-11-22T12:00:00Z', 'last week tuesday', '2026-11-10'],
    // After "on the" the recognizer read "the 31st" alone, of this month.
    ['2026-06-15T12:00:00Z', 'on the 31st of last month', '2026-05-31'],
  ])('on %s reads %j as %s', async (now, said, date) => {
    expect(await startDateRead(said, now)).toBe(date);
  });

  // The recognizer rolls a day the month lacks over: "the 31st" on 1 May was "31 April", that is today.
  it.each([
    ['2026-05-01T12:00:00Z', 'the 31st'],
    ['2026-05-31T12:00:00Z', 'on the 31st of last month'],
  ])('on %s re-asks %j, a day the month lacks', async (now, said) => {
    const { client } = setup('refund please for my annual plan', now);
    await replies(client, 'refund please for my annual plan');
    const [retry] = await replies(client, said);
    expect(retry.text).toMatch(/couldn't read that as a date in the past/);
  });

  // A bare year was read as 1 January, which decided the 15-day window on a guess.
  it.each(['last year', '2025', 'in 2025', 'this year'])('asks for the month and day when only a year is said (%j)', async (said) => {
    const { client, cases } = setup('refund please for my annual plan');
    await replies(client, 'refund please for my annual plan');
    const out = await replies(client, said);
    expect(out).toHaveLength(1);
    expect(out[0].text).toMatch(/^A year alone is not enough: refunds depend on a 15-day window, so I need the month and day too\. When did the subscription start\?/);
    expect(helplineData(out[0]).expects).toBe('text');
    const [resolvedQuestion] = await replies(client, '3 March 2025');
    expect(resolvedQuestion.text).toMatch(/resolve any issue for you in the first 15 days/);
    await replies(client, 'no');
    const [stored] = await cases.list('test:user1');
    expect(stored.notes).toMatchObject({ facts: { startDate: '2025-03-03' } });
  });

  it('asks for the month and day of a technician\'s last work said as a year', async () => {
    const { client } = setup('can I get my money back for the single incident');
    await replies(client, 'can I get my money back for the single incident');
    await replies(client, 'yes');
    await replies(client, 'no');
    const [retry] = await replies(client, 'last year');
    expect(retry.text).toMatch(/^A year alone is not enough: refunds depend on a 15-day window, so I need the month and day too\. When did a technician last work on it\?/);
  });

  it.each(['the 31st of February', 'blorp', '0001-02-01', '2026-13-45', '2026/13/45', '2026-02-30', '2025-02-29', '2026-1-45'])('re-asks a date that is none (%j), and says not knowing is fine', async (said) => {
    const { client, cases } = setup('refund please for my annual plan');
    await replies(client, 'refund please for my annual plan');
    const [retry] = await replies(client, said);
    expect(retry.text).toMatch(/couldn't read that as a date in the past.*If you don't remember, say so/);
    expect(await passedOn(cases)).toEqual([]);
  });

  // Asked again and again, a user who doesn't remember had no way on but "cancel".
  it.each([
    ['refund please for my annual plan', [], "I don't remember"],
    ['refund please for my annual plan', ['blorp'], 'no idea'],
    ['can I get my money back for the single incident', ['yes', 'no'], "can't remember"],
  ])('"%s": a date the user does not know goes to the billing team as it is', async (opening, answers, notKnown) => {
    const { client, cases } = setup(opening);
    await replies(client, opening);
    for (const answer of answers) await replies(client, answer);
    const out = await replies(client, notKnown);
    expect(out.map((a) => a.text).join('\n')).toMatch(/billing team can look that up[\s\S]*billing team will contact you/);
    const [stored] = await cases.list('test:user1');
    expect(stored).toMatchObject({ problem: expect.stringMatching(/^Refund request \(.*, date not known\)$/), status: 'escalated', notes: { billingTopic: 'refund' } });
    expect(stored.notes).not.toHaveProperty('eligibility');
  });

  it('incident plan: resolved long ago and in scope is not eligible', async () => {
    const { client, cases } = setup('can I get my money back for the single incident');
    const [resolvedQ] = await replies(client, 'can I get my money back for the single incident');
    expect(resolvedQ.text).toMatch(/resolved while your account was active/);
    const [scopeQ] = await replies(client, 'yes');
    expect(scopeQ.text).toMatch(/outside what your plan covers/);
    const [lastWorkedQ] = await replies(client, 'no');
    expect(lastWorkedQ.text).toMatch(/last work on the issue/);
    const outcome = await replies(client, '2026-03-01');
    expect(outcome.map((a) => a.text).join('\n')).toMatch(/does not look eligible/);
    const [stored] = await cases.list('test:user1');
    expect((stored.notes as { eligibility: { ruleId: string } }).eligibility.ruleId).toBe('incident_none');
  });

  // The answers are the facts of the refund request a person gets: "ok" said to a question is no yes.
  it.each(['ok', 'okay', 'OK!', '👍'])('at a refund question "%s" alone is asked about again instead of counting as yes', async (ok) => {
    const { client, cases } = setup('can I get my money back for the single incident');
    await replies(client, 'can I get my money back for the single incident');
    const [scopeQ] = await replies(client, 'no');
    expect(scopeQ.text).toMatch(/everything the technician needed/);
    const again = await replies(client, ok);
    expect(again.map((a) => a.text)).toEqual(['Sorry, is that a yes or a no? Did you have everything the technician needed to fix it (for example access to the device and the account)?']);
    expect(helplineData(again[0]).expects).toBe('confirm');
    expect(await passedOn(cases)).toEqual([]);
    // "yeah" is a plain yes the recognizer alone would not read.
    const verdict = await replies(client, 'yeah');
    expect(verdict.map((a) => a.text).join('\n')).toMatch(/looks eligible/);
    const [stored] = await cases.list('test:user1');
    expect(stored.notes).toMatchObject({ facts: { resolved: false, prerequisitesMet: true } });
  });

  // "not sure" was read as yes (the recognizer's "sure"), and "no idea" as no: facts the billing team's decision rests on.
  // "beats me" and "not a clue" were asked again: the device questions knew them and these did not.
  it.each(['not sure', "I'm not sure", 'no idea', 'dunno', "i don't know", 'beats me', 'not a clue'])('"%s" at a refund question sends the request to the billing team as it is', async (said) => {
    const { client, cases } = setup('can I get my money back for the single incident');
    const [resolvedQ] = await replies(client, 'can I get my money back for the single incident');
    expect(resolvedQ.text).toMatch(/Was the issue resolved/);
    const out = await replies(client, said);
    expect(out.map((a) => a.text).join('\n')).toMatch(/our billing team can look that up/);
    const [stored] = await cases.list('test:user1');
    expect(stored).toMatchObject({ problem: 'Refund request (Single incident, not sure of the facts)', status: 'escalated', notes: { billingTopic: 'refund', plan: 'incident' } });
    expect(stored.notes).not.toHaveProperty('eligibility');
  });

  it('"not sure" whether an issue was resolved in a subscription\'s first days is no answer either', async () => {
    const { client, cases } = setup('refund please for my annual plan');
    await replies(client, 'refund please for my annual plan');
    const [resolvedQ] = await replies(client, '2026-03-20');
    expect(resolvedQ.text).toMatch(/resolve any issue for you in the first 15 days/);
    const out = await replies(client, 'not sure');
    expect(out.map((a) => a.text).join('\n')).not.toMatch(/eligible/);
    const [stored] = await cases.list('test:user1');
    expect(stored.problem).toBe('Refund request (Annual subscription, not sure of the facts)');
  });

  it.each(['i want to switch from monthly to annual', 'can you change my plan for me', 'I want to upgrade'])('"%s" lists the plans and goes to the billing team as a plan change', async (text) => {
    const { client, cases } = setup(text);
    const out = await replies(client, text);
    expect(out[0].text).toContain('Annual subscription: 199.99 USD for 12 months');
    expect(out[0].text).toMatch(/I'll pass your request to a person on our billing team/);
    const [stored] = await cases.list('test:user1');
    expect(stored.notes).toEqual({ billingTopic: 'change_plan' });
  });

  // "how much is the annual plan" then "i want to switch to it" listed the plans again and passed
  // nothing on; "switch to that one" or "ill take that one" was "Sorry, I'm not sure what you mean".
  describe('a plan taken right after the plans were listed', () => {
    const router = Router.load('content/nlu', { company: policy.company.name });

    /** The billing dialog's answer to `first`, then to `next` as the main dialog routes it (planTaken before anything else). */
    async function afterAnswer(first: string, next: string) {
      const { store, clock } = memoryStore(Date.parse('2026-03-31T12:00:00Z'));
      const cases = new CaseStore(store, clock.now);
      const conversationState = new ConversationState(new MemoryStorage());
      const dialog = new BillingDialog({ rules: policy.billing, paymentPageUrl: policy.paymentPageUrl, cases, now: clock.now, conversationData: createConversationDataAccessor(conversationState) });
      const classify = (await router).classify.bind(await router);
      const firstClient = new DialogTestClient('test', dialog, { classification: classify(first) }, [], conversationState);
      await replies(firstClient, first);
      // Begun with what planTaken finds in the message, as the main dialog begins it.
      const args: Record<string, unknown> = {};
      let taken: unknown;
      const middleware = { onTurn: async (context: TurnContext, go: () => Promise<void>) => { taken ??= await dialog.planTaken(context, classify(next)); Object.assign(args, taken); await go(); } };
      const client = new DialogTestClient('test', dialog, args, [middleware], conversationState);
      return { taken: () => taken, client, cases };
    }

    it.each(['i want to switch to it', 'can i change to that one', 'switch to that one', 'ill take that one', 'sign me up for that', 'sing me up for taht', 'that one please', 'ill go with the monthly one'])(
      '%j after "how much is the yearly plan" is a plan change request for the plan named',
      async (text) => {
        const { client, cases } = await afterAnswer('how much is the yearly plan', text);
        const out = await replies(client, text);
        const plan = text.includes('monthly') ? 'monthly' : 'annual';
        expect(out[0].text).toMatch(plan === 'annual' ? /^You'd like to switch to:\n- Annual subscription: 199\.99 USD for 12 months/ : /^You'd like to switch to:\n- Monthly subscription/);
        expect(out[0].text).not.toMatch(/Single incident/);
        const [stored] = await cases.list('test:user1');
        expect(stored).toMatchObject({ notes: { billingTopic: 'change_plan', plan } });
      },
    );

    it.each(['i dont want that one', 'what do i get with that one?', 'i already have that one', 'my printer is offline', 'cancel'])('%j takes no plan', async (text) => {
      const { taken, client } = await afterAnswer('how much is the yearly plan', text);
      await replies(client, text);
      expect(taken()).toBeUndefined();
    });

    it('"i want to cancel it" takes no plan: it is a cancellation of the user\'s own, for the billing team', async () => {
      const { taken, client, cases } = await afterAnswer('how much is the yearly plan', 'i want to cancel it');
      const out = await replies(client, 'i want to cancel it');
      expect(taken()).toMatchObject({ cancels: true });
      expect(taken()).not.toHaveProperty('listed');
      expect(out[0].text).toMatch(/^Cancelling stops future renewals/);
      const [stored] = await cases.list('test:user1');
      expect(stored.notes).toMatchObject({ billingTopic: 'cancel' });
    });

    it('with every plan listed and none named, "switch to that one" asks which plan, and the answer is the request', async () => {
      const { client, cases } = await afterAnswer('how much are your plans', 'switch to that one');
      const [asked] = await replies(client, 'switch to that one');
      expect(asked.text).toMatch(/^Which plan would you like to switch to\?/);
      expect(await cases.list('test:user1')).toEqual([]);
      const out = await replies(client, 'the montly one');
      expect(out[0].text).toMatch(/^You'd like to switch to:\n- Monthly subscription/);
      const [stored] = await cases.list('test:user1');
      expect(stored).toMatchObject({ problem: 'Plan change request (Monthly subscription)', notes: { billingTopic: 'change_plan', plan: 'monthly' } });
    });
  });

  it('disputed charges go to a person without computing anything', async () => {
    const { client, cases } = setup('I was charged twice this month');
    const out = await replies(client, 'I was charged twice this month');
    expect(out[0].text).toMatch(/billing team/);
    const [stored] = await cases.list('test:user1');
    expect(stored.notes).toEqual({ billingTopic: 'dispute' });
    expect(stored.status).toBe('escalated');
  });

  describe('typed with typos, as the router corrects them', () => {
    let router: Router;
    beforeAll(async () => {
      router = await Router.load('content/nlu');
    });

    // "can i get a refnd" was answered with the plan list: only the typed words were read for the topic.
    it.each([
      ['can i get a refnd', /Which plan do you have/],
      ['i want my mony back', /Which plan do you have/],
      ['i was chargd twice', /sorry about the charge/],
      ['cancle my subscripton', /Cancelling stops future renewals/],
      ['i want a refund for my anual plan', /When did your subscription start/],
    ])('%j', async (typed, expected) => {
      const { client } = setup(typed, undefined, router.classify(typed));
      const [first] = await replies(client, typed);
      expect(first.text).toMatch(expected);
      expect(first.text).not.toMatch(/Here are our plans/);
    });
  });

  // A refund left half-way started over from scratch in a new chat.
  describe('a refund request left half-way', () => {
    async function leftAtSecondQuestion() {
      const { client, cases } = setup('I want a refund for my monthly plan');
      await replies(client, 'I want a refund for my monthly plan');
      const [asked] = await replies(client, 'two weeks ago');
      expect(asked.text).toMatch(/resolve any issue for you in the first 15 days/);
      return { cases };
    }

    it('keeps what the user told (the plan and the date, not their words) on an open case nobody is passed', async () => {
      const { cases } = await leftAtSecondQuestion();
      const [kept] = await cases.list('test:user1');
      expect(kept).toMatchObject({ status: 'open', problem: 'Refund request', notes: { billingTopic: 'refund', refund: { plan: 'monthly', startDate: '2026-03-17' } } });
      expect(JSON.stringify(kept)).not.toMatch(/two weeks|I want/);
    });

    it('is carried on from the next question with what was told, and becomes the one request passed on', async () => {
      const { cases } = await leftAtSecondQuestion();
      const dialog = new BillingDialog({ rules: policy.billing, paymentPageUrl: policy.paymentPageUrl, cases, now: () => Date.parse('2026-04-01T09:00:00Z') });
      const pending = await dialog.pendingRefund('test:user1');
      expect(pending?.told).toBe('your plan is the Monthly subscription and it started on 2026-03-17');
      const client = new DialogTestClient('test', dialog, { resumeCaseId: pending!.caseId });
      const resumed = await replies(client, 'yes');
      expect(resumed.map((a) => a.text)).toEqual(["OK, let's carry on with your refund request.", 'Did we resolve any issue for you in the first 15 days of the subscription?']);
      const outcome = (await replies(client, 'no')).map((a) => a.text).join('\n');
      expect(outcome).toMatch(/looks eligible for a refund of 24\.99 USD/);
      const all = await cases.list('test:user1');
      expect(all).toHaveLength(1);
      expect(all[0]).toMatchObject({ id: pending!.caseId, status: 'escalated', problem: 'Refund request (Monthly subscription)' });
      expect(await dialog.pendingRefund('test:user1')).toBeUndefined();
    });

    it('is not offered again once declined', async () => {
      const { cases } = await leftAtSecondQuestion();
      const dialog = new BillingDialog({ rules: policy.billing, paymentPageUrl: policy.paymentPageUrl, cases });
      const pending = await dialog.pendingRefund('test:user1');
      await dialog.declineResume('test:user1', pending!.caseId);
      expect(await dialog.pendingRefund('test:user1')).toBeUndefined();
    });
  });
});

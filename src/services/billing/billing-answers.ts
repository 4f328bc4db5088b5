import type { BillingRules, Plan } from './plans-schema';
import { cancellationTermsAsked } from '../nlu/cancellation-terms';
import { costOfHelpAsked } from '../nlu/cost-of-help';
import { mendSlips } from '../nlu/spelling';

/** The kinds of billing question the bot answers differently. */
export type BillingTopic = 'refund' | 'cancel' | 'cancel_terms' | 'help_cost' | 'dispute' | 'payment' | 'refund_policy' | 'change_plan' | 'plan_value' | 'charge' | 'plans';

// Order matters: "refund policy" is a question about rules, "refund" a request; a disputed
// charge is a dispute even when the user also says "refund".
const TOPIC_PATTERNS: [BillingTopic, { test(text: string): boolean }][] = [
  ['refund_policy', /\b(refund|money.?back)\s*(policy|rules?|terms)|\bhow do refunds work|\bcan (i|you) (even )?get (a )?refunds? in general/i],
  ['dispute', /\b(charged|billed|charge[sd]?)\b.*\b(twice|double|two times|wrong|without|didn'?t|did not|unauthori[sz]ed|not authori[sz]ed|don'?t recogni[sz]e|extra)\b|\b(double|unauthori[sz]ed|unknown|wrong)\s+(charge|payment|billing)|\bdispute\b|\bchargeback\b/i],
  // "can i cancel anytime?", "is there a cancellation fee": what cancelling involves, asked before doing it.
  ['cancel_terms', { test: cancellationTermsAsked }],
  // "do i need to pay for this help?", "is this free?": what the help costs, before "pay" makes it a question about paying.
  ['help_cost', { test: costOfHelpAsked }],
  ['refund', /\brefund|money back|reimburs|\brepay/i],
  // "why was i charged 34.98 this month?", "why is my bill higher than last month": what a charge is made of.
  ['charge', /\bwhy\b.*\b(?:charged|billed)\b|\b(?:charged|billed)\b.*\d|\b(?:bill|charge|payment|invoice|statement)s?\b.*\b(?:higher|bigger|larger|more than|went up|gone up|increased|than (?:usual|last|before))\b/i],
  ['cancel', /\bcancel+(ing|ation|led)?\b.*\b(plan|subscription|membership|renewal|service|account)\b|\b(end|stop|terminate)\b.*\b(subscription|plan|renewal|membership)\b|\bunsubscribe from (the )?(plan|service)/i],
  // "is it cheaper than paying monthly?" compares plans: paying for a term is no question about how to pay.
  ['payment', /\b(card|payment method|pay(ing)?(?! (?:monthly|yearly|annually|per (?:month|year)|every (?:month|year)|a (?:month|year)|for (?:a|the|12) (?:year|months?))\b)|update (my )?billing|invoice|receipt|billing details|bank details)\b/i],
  // "switch from monthly to annual", "can you change my plan for me", "upgrade to premium".
  // "i want to switch to it": a change to the plan just talked about (takesAPlan).
  ['change_plan', /\b(?:switch|change|move|upgrade|downgrade|swap)\b.*\b(?:plans?|subscription|membership|monthly|annual|yearly|premium|basic)\b|\b(?:upgrade|downgrade)\b|\b(?:switch|change|move|swap)\b.*\b(?:to|onto)\s+(?:it|that|this)\b/i],
  // "is it worth it?", "is the annual plan a good deal": what a plan saves against the others.
  ['plan_value', /\bworth\b|\b(?:good|better|best) (?:deal|value)\b|\bvalue for money\b/i],
];

// "it", "that one", "this plan": the plan just talked about, not named here.
const PLAN_REFERENCE = /\b(?:it|that|this)(?:\s+(?:one|plan|subscription))?\b/i;
// Taking a plan: "ill take that one", "sign me up for that", "switch me to it", "id like the annual one".
const TAKES = /\b(?:take|want|get|have|choose|pick|go (?:for|with)|sign (?:me )?up|put me (?:on|down)|switch|change|move|swap|upgrade|downgrade|buy|purchase|subscribe|do|like|prefer)\b/i;
// "that one please", "this one", "sign me up": taken without a verb, or with no plan to name.
const TAKEN_ALONE = /^(?:(?:ok(?:ay)?|yes|yeah|great|perfect)[,!.]?\s+)?(?:(?:that|this)(?: one| plan)?|sign me up|switch me(?: over)?)(?: (?:please|then))?[\s.!]*$/i;
// "i dont want that one", "can i cancel it", "i already have that one", "what do i get with that one?": not taking it.
const NOT_TAKEN = /\b(?:not|don'?t|dont|do not|never|already|cancel\w*|refund\w*|stop|end|quit|dispute)\b|^(?:what|whats|what's|how|why|when|which|where|who|is|are|does|do)\b/i;
const TAKING_WORDS = ['take', 'want', 'choose', 'pick', 'sign', 'switch', 'change', 'swap', 'upgrade', 'downgrade', 'purchase', 'subscribe', 'prefer', 'that', 'this', 'plan', 'please'];

/**
 * Whether the message takes a plan just put before the user ("ill take that one", "sign me up for
 * that", "switch to it", slips mended), by words for it or, with `names`, by naming one ("ill go with the annual one").
 */
export function takesAPlan(text: string, names = false): boolean {
  const mended = mendSlips(text.trim(), TAKING_WORDS);
  if (NOT_TAKEN.test(mended)) return false;
  return TAKEN_ALONE.test(mended) || (TAKES.test(mended) && (PLAN_REFERENCE.test(mended) || names));
}

// "i want to cancel it", "cancel mine please" right after the plans: the user's plan, which the router
// reads as stopping what is under way ("There's nothing in progress to cancel"). Not a bare "cancel".
const CANCELS_IT = /\bcancel+(?:ing)?\s+(?:it|that|mine|that one|this one|my (?:plan|subscription|membership))\b/i;

// "dont cancel", "no need to cancel it", "rather than cancelling": the cancellation under way taken back.
const KEEPS_THE_PLAN = /\b(?:don'?t|do not|no need to|rather than|instead of)\s+cancel+(?:ing|ation)?\b(?:\s+(?:it|that|my (?:plan|subscription|membership)|the (?:plan|subscription|membership)))?/i;

// "yes cancel it now", "just cancel it please": said while the cancellation is being passed on, the
// subscription is what "it" is. Not "cancel that" or a bare "cancel", which may stop the request itself.
const INSISTS_ON_CANCELLING = /\bcancel+(?:ing)?\s+(?:it|my (?:plan|subscription|membership|account))\b/i;

/** Whether the message, said to a cancellation under way, confirms it ("yes cancel it now") rather than stopping it. */
export function insistsOnCancelling(text: string): boolean {
  return INSISTS_ON_CANCELLING.test(text) && !KEEPS_THE_PLAN.test(text);
}

/** Whether a message said to a cancellation under way asks for a plan change instead ("no wait, actually dont cancel, i want to switch to monthly instead"). */
export function changesPlanInstead(text: string): boolean {
  return billingTopic(text.replace(KEEPS_THE_PLAN, ' ')) === 'change_plan';
}

/** Whether the message cancels the plan just put before the user, the user's own ("i want to cancel it"). */
export function cancelsThePlan(text: string): boolean {
  return CANCELS_IT.test(text);
}

/** Which billing question a message asks; plan and fee questions are the default. */
export function billingTopic(text: string): BillingTopic {
  for (const [topic, pattern] of TOPIC_PATTERNS) if (pattern.test(text)) return topic;
  return 'plans';
}

/** The one plan a message names ("switch from monthly to annual" names two, so none). */
export function onePlanNamed(rules: BillingRules, text: string): Plan | undefined {
  const named = rules.plans.filter((p) => planMentioned({ ...rules, plans: [p] }, text));
  return named.length === 1 ? named[0] : undefined;
}

/** A plan the user named in their own words, if any. */
export function planMentioned(rules: BillingRules, text: string): Plan | undefined {
  const lower = text.toLowerCase();
  return rules.plans.find((p) => lower.includes(p.id) || lower.includes(p.name.toLowerCase()) || (p.kind === 'incident' && /\bincident|one.?(time|off)\b/.test(lower)));
}

const money = (rules: BillingRules, amount: number) => `${amount.toFixed(2)} ${rules.currency}`;

/** Plans and fees in plain words, from the configured rules. */
export function explainPlans(rules: BillingRules): string {
  return ['Here are our plans:', '', ...rules.plans.map((p) => `- ${explainPlan(rules, p)}`)].join('\n');
}

/** One plan's price and fees in plain words. */
export function explainPlan(rules: BillingRules, p: Plan): string {
  const term = p.kind === 'subscription' ? (p.termMonths === 1 ? 'per month' : `for ${p.termMonths} months`) : 'per incident';
  const fee = p.activationFee > 0 ? `, plus a one-time activation fee of ${money(rules, p.activationFee)} (not refundable)` : '';
  return `${p.name}: ${money(rules, p.price)} ${term}${fee}. ${p.description}`;
}

/** What a subscription costs over a year: every renewal in 12 months and its activation fee. */
function yearCost(p: Plan): number {
  return p.price * Math.ceil(12 / (p.termMonths ?? 1)) + p.activationFee;
}

/** Months of `p` (renewals, with its fee) that cost at least `other`'s first payment and fee. */
function monthsToMatch(p: Plan, other: Plan): number {
  return Math.ceil((other.price + other.activationFee - p.activationFee) / p.price) * (p.termMonths ?? 1);
}

/**
 * Whether a plan is worth it, in figures from the configured rules: each subscription over 12
 * months, and what the one asked about saves or costs against the others. No plan: the figures alone.
 */
export function explainPlanValue(rules: BillingRules, asked?: Plan): string {
  const subscriptions = rules.plans.filter((p) => p.kind === 'subscription');
  const lines = subscriptions.map((p) => {
    const renewals = Math.ceil(12 / (p.termMonths ?? 1));
    const how = renewals > 1 ? ` (${renewals} × ${money(rules, p.price)}${p.activationFee > 0 ? `, plus the one-time activation fee of ${money(rules, p.activationFee)}` : ''})` : '';
    return `- ${p.name}: ${money(rules, yearCost(p))}${how}`;
  });
  const verdicts = asked?.kind !== 'subscription' ? [] : subscriptions.filter((q) => q !== asked).map((q) => {
    const diff = Math.abs(yearCost(q) - yearCost(asked));
    if (yearCost(asked) < yearCost(q)) {
      const months = monthsToMatch(q, asked);
      const paid = (months / (q.termMonths ?? 1)) * q.price + q.activationFee;
      const when = (asked.termMonths ?? 1) > (q.termMonths ?? 1) ? ` ${months} months of the ${q.name} already cost more (${money(rules, paid)}), so it saves money if you want support for ${months} months or longer.` : '';
      return `Over a year the ${asked.name} costs ${money(rules, diff)} less than the ${q.name}.${when}`;
    }
    const when = (asked.termMonths ?? 1) < (q.termMonths ?? 1) ? ` It costs less if you need support for fewer than ${monthsToMatch(asked, q)} months.` : '';
    return `Over a year the ${asked.name} costs ${money(rules, diff)} more than the ${q.name}.${when}`;
  });
  const incident = asked?.kind === 'incident' ? [`The ${asked.name} is ${money(rules, asked.price)} for one incident; a subscription covers unlimited support sessions.`, ''] : [];
  const lead = asked?.kind === 'subscription' ? `Here's what the ${asked.name} costs over 12 months, against the other subscriptions:` : 'What the subscriptions cost over 12 months:';
  return [...incident, lead, ...lines, ...(verdicts.length > 0 ? ['', ...verdicts] : [])].join('\n');
}

/** One part of a charge: a plan's price, or its activation fee. */
interface ChargePart {
  plan: Plan;
  fee: boolean;
}

/** The fewest plan prices and activation fees (a fee only with its plan's price) that add up to `amount`. */
function chargeMadeOf(rules: BillingRules, amount: number): ChargePart[] | undefined {
  let best: ChargePart[] | undefined;
  const pick = (i: number, parts: ChargePart[], sum: number): void => {
    if (i === rules.plans.length) {
      if (parts.length > 0 && Math.abs(sum - amount) < 0.005 && (!best || parts.length < best.length)) best = parts;
      return;
    }
    const p = rules.plans[i];
    pick(i + 1, parts, sum);
    pick(i + 1, [...parts, { plan: p, fee: false }], sum + p.price);
    if (p.activationFee > 0) pick(i + 1, [...parts, { plan: p, fee: false }, { plan: p, fee: true }], sum + p.price + p.activationFee);
  };
  pick(0, [], 0);
  return best;
}

/** Why a bill is usually higher than the one before, from the configured plans: activation fees, plan changes, incidents on top. */
function usualReasons(rules: BillingRules): string[] {
  const fees = rules.plans.filter((p) => p.activationFee > 0).map((p) => `- A first bill: the ${p.name}'s first payment has its one-time activation fee of ${money(rules, p.activationFee)} on top of ${money(rules, p.price)}.`);
  const change = rules.plans.length > 1 ? [`- A plan change: the new plan is charged at its own price (${rules.plans.map((p) => `${p.name} ${money(rules, p.price)}`).join(', ')}).`] : [];
  const incidents = rules.plans.filter((p) => p.kind === 'incident').map((p) => `- A ${p.name} bought as well: ${money(rules, p.price)} per incident, on top of a subscription.`);
  return [...fees, ...change, ...incidents];
}

/**
 * What a charge the user asks about is made of, from the configured prices and fees ("why was i
 * charged 34.98? i thought it was 24.99": the plan's price and its activation fee), or, with no
 * amount that adds up, the usual reasons a bill is higher. The bot sees no account: it never says
 * which applies to the user.
 */
export function explainCharge(rules: BillingRules, text: string): string {
  // Amounts only: "34.98", "$35", "35 dollars"; not "the 3rd" or "2 months".
  const said = [...text.matchAll(/[$€£]\s*(\d+(?:[.,]\d{1,2})?)|\b(\d+[.,]\d{2})\b|\b(\d+)\s*(?:usd|dollars?|bucks|eur|euros?|gbp|pounds?)\b/gi)].map((m) => Number((m[1] ?? m[2] ?? m[3]).replace(',', '.')));
  const explained = said.map((amount) => ({ amount, parts: chargeMadeOf(rules, amount) })).filter((e) => e.parts);
  // "i thought it was 24.99": a plan's price alone is what was expected; the other amount is the one asked about.
  const asked = explained.find((e) => e.parts!.length > 1) ?? explained[0];
  const reasons = ["A bill is usually more than a plan's price for one of these reasons:", ...usualReasons(rules)];
  if (!asked) {
    const unmatched = said.length > 0 ? [`I can't make ${money(rules, said[0])} from our plans' prices and fees, so a person on our billing team needs to look at your account.`, ''] : [];
    return [...unmatched, ...reasons].join('\n');
  }
  const parts = asked.parts!.map((part) => (part.fee ? `its one-time activation fee (${money(rules, part.plan.activationFee)})` : `the ${part.plan.name} (${money(rules, part.plan.price)})`));
  const made = `${money(rules, asked.amount)} is ${parts.length === 1 ? `the price of ${parts[0]}` : `${parts.slice(0, -1).join(', ')} plus ${parts[parts.length - 1]}`}.`;
  const withFee = asked.parts!.find((part) => part.fee);
  const once = withFee ? ` The activation fee is charged once, with the first payment: the ${withFee.plan.name} on its own is ${money(rules, withFee.plan.price)}.` : '';
  const plans = new Set(asked.parts!.map((part) => part.plan)).size;
  const two = plans > 1 ? ' Two plans in one bill usually means a plan change, or a single incident bought as well.' : '';
  return `${made}${once}${two}`;
}

/** What the help costs, from the configured plans only: no price is said that the config does not state. */
export function explainHelpCost(rules: BillingRules): string {
  const incident = rules.plans.find((p) => p.kind === 'incident');
  const once = incident ? ['', `If you need help only this once, the ${incident.name} is ${money(rules, incident.price)}.`] : [];
  return ['Our support comes with one of these plans:', '', ...rules.plans.map((p) => `- ${explainPlan(rules, p)}`), ...once].join('\n');
}

/** The refund rules in plain words, from the configured rules. */
export function explainRefundPolicy(rules: BillingRules): string {
  const lines = rules.plans.map((p) => {
    const w = p.refund.windowDays;
    switch (p.refund.condition) {
      case 'no_issue_resolved':
        return `- ${p.name}: a full refund if we didn't resolve a single issue for you in the first ${w} days.`;
      case 'incident_rules':
        return `- ${p.name}: refundable if the issue wasn't resolved while your account was active (and you had what was needed to fix it), if it was outside the plan's scope, or if fewer than ${w} days have passed since a technician last worked on it.`;
      default:
        return `- ${p.name}: not refundable.`;
    }
  });
  return ['Our refund rules:', '', ...lines, '', 'Activation fees are not refundable. A person on our billing team makes the final decision.'].join('\n');
}

/** What cancelling a plan involves, from the configured rules (policy 000: fees paid are not refunded because a plan is cancelled). */
export function explainCancellation(rules: BillingRules): string {
  const lines = rules.plans.map((p) => {
    if (p.kind === 'incident') return `- ${p.name}: paid once per incident, so there is nothing to renew or cancel.`;
    const term = p.termMonths === undefined ? '' : ` paid for ${p.termMonths} ${p.termMonths === 1 ? 'month' : 'months'} at a time;`;
    const fee = p.activationFee > 0 ? ` The one-time activation fee of ${money(rules, p.activationFee)} is not refunded.` : '';
    return `- ${p.name}:${term} cancelling stops the next renewal.${fee}`;
  });
  return [
    'You can cancel a subscription at any time: it then stops renewing. What you have already paid is not refunded because you cancel; refunds follow our refund rules.',
    '',
    ...lines,
    '',
    `I can't cancel plans myself: say "cancel my subscription" and I'll pass it to our billing team.`,
  ].join('\n');
}

// Whether a plan of ours is worth its price ("is the annual plan worth it?", "is the monthly
// subscription good value"), asked with the plan named, which the model cannot place (billing at
// 0.21, out of scope). Training lines for it moved the held-out readings, so a rule sends it to
// the billing dialog, which answers what each plan saves. Not "is my phone plan worth it": a plan of
// ours is named by its term, or as ours. Upgrading or switching "my plan", with no phone or carrier
// before "plan", is moving between ours ("is it worth upgrading my plan").
const OUR_PLAN = /\b(?:annual|yearly|monthly|single[\s-]incident)\b|\b(?:your|the) (?:plans?|subscriptions?|memberships?)\b|\b(?:upgrad|switch|chang)\w* (?:my|our) (?:plan|subscription|membership)\b/i;
const WORTH = /\bworth\b|\b(?:good|better|best|great) (?:deal|value)\b|\bvalue for money\b/i;

/** Whether the text asks if one of our plans is worth it ("is the annual plan worth it?"). */
export function planValueAsked(text: string): boolean {
  return OUR_PLAN.test(text) && WORTH.test(text);
}

import type { Plan } from './plans-schema';

/** What the refund rules need to know; dates are calendar dates (YYYY-MM-DD). */
export type RefundFacts =
  | {
      kind: 'subscription';
      startDate: string;
      today: string;
      /** Dates on which an issue of this user was resolved (from their cases, or as they told us). */
      resolvedIssueDates: string[];
    }
  | {
      kind: 'incident';
      today: string;
      /** Was the issue resolved while the account was active? */
      resolved: boolean;
      /** Did the user have what was needed to fix it (e.g. access to the device)? Unknown = undefined. */
      prerequisitesMet?: boolean;
      /** Was the problem outside what the plan covers? */
      outOfScope: boolean;
      /** When a technician last worked on the issue. */
      lastWorkedOn?: string;
    };

export interface Eligibility {
  eligible: boolean;
  /** Which rule decided, in the words of the policy, to show the user and the technician. */
  rule: string;
  ruleId: 'subscription_no_resolution' | 'subscription_resolved' | 'incident_unresolved' | 'incident_out_of_scope' | 'incident_recent_work' | 'incident_none' | 'no_refund_rule';
  /** The amount the rule would refund; activation fees are not refundable. */
  refundableAmount: number;
  currency?: string;
  notes: string[];
}

const DAY_MS = 86_400_000;

/** Whole calendar days from a to b (b - a); a date-only string is taken as UTC midnight. */
export function daysBetween(a: string, b: string): number {
  const at = (d: string) => Date.parse(`${d.slice(0, 10)}T00:00:00Z`);
  return Math.round((at(b) - at(a)) / DAY_MS);
}

/**
 * Applies the company's refund rules (policy 000, REFUND POLICY) to one plan. A refund is
 * never promised here: the result goes to a human with the rule that decided it.
 */
export function refundEligibility(plan: Plan, facts: RefundFacts): Eligibility {
  const window = plan.refund.windowDays;
  const notes: string[] = [];
  if (plan.activationFee > 0) notes.push(`The activation fee (${plan.activationFee.toFixed(2)}) is not refundable.`);
  const base = { refundableAmount: 0, notes };

  if (plan.refund.condition === 'none') {
    return { ...base, eligible: false, ruleId: 'no_refund_rule', rule: `The ${plan.name} plan has no refund terms.` };
  }

  if (facts.kind === 'subscription') {
    // "A full refund will be issued if [we have] not been able to resolve even a single issue within the first N days."
    const resolvedEarly = facts.resolvedIssueDates.filter((d) => {
      const day = daysBetween(facts.startDate, d);
      return day >= 0 && day < window;
    });
    if (resolvedEarly.length === 0) {
      const elapsed = daysBetween(facts.startDate, facts.today);
      if (elapsed < window) notes.push(`You are on day ${elapsed + 1} of the first ${window}; this holds as long as no issue gets resolved in that time.`);
      return {
        ...base,
        eligible: true,
        ruleId: 'subscription_no_resolution',
        refundableAmount: plan.price,
        rule: `No issue was resolved within the first ${window} days of the subscription, so the subscription fee is refundable in full.`,
      };
    }
    return {
      ...base,
      eligible: false,
      ruleId: 'subscription_resolved',
      rule: `At least one issue was resolved within the first ${window} days of the subscription, so the subscription fee is not refundable (a refund after deducting servicing charges is possible case by case).`,
    };
  }

  // Incident plans: any one of the three criteria makes the incident refundable.
  if (!facts.resolved && facts.prerequisitesMet !== false) {
    return { ...base, eligible: true, ruleId: 'incident_unresolved', refundableAmount: plan.price, rule: 'The issue was not resolved while the account was active, and you had what was needed to fix it.' };
  }
  if (facts.outOfScope) {
    return { ...base, eligible: true, ruleId: 'incident_out_of_scope', refundableAmount: plan.price, rule: 'The issue is out of scope for this plan.' };
  }
  if (facts.lastWorkedOn && daysBetween(facts.lastWorkedOn, facts.today) < window) {
    return {
      ...base,
      eligible: true,
      ruleId: 'incident_recent_work',
      refundableAmount: plan.price,
      rule: `Fewer than ${window} days have passed since a technician last worked on the issue.`,
    };
  }
  return {
    ...base,
    eligible: false,
    ruleId: 'incident_none',
    rule: `None of the incident refund criteria applies: the issue was resolved (or could not be worked on without the prerequisites), it is within the plan's scope, and ${window} or more days have passed since it was last worked on.`,
  };
}

import { daysBetween, refundEligibility, type RefundFacts } from '../../../src/services/billing/refund-eligibility';
import type { Plan } from '../../../src/services/billing/plans-schema';

const subscription: Plan = {
  id: 'monthly',
  name: 'Monthly subscription',
  kind: 'subscription',
  termMonths: 1,
  price: 24.99,
  activationFee: 9.99,
  description: 'x',
  refund: { windowDays: 15, condition: 'no_issue_resolved' },
};
const incident: Plan = { id: 'incident', name: 'Single incident', kind: 'incident', price: 79.99, activationFee: 0, description: 'x', refund: { windowDays: 15, condition: 'incident_rules' } };

describe('daysBetween', () => {
  it('counts calendar days across month ends and leap days', () => {
    expect(daysBetween('2026-01-01', '2026-01-16')).toBe(15);
    expect(daysBetween('2028-02-28', '2028-03-01')).toBe(2);
    expect(daysBetween('2026-03-10', '2026-03-10')).toBe(0);
  });
});

describe('subscription refunds: full refund unless an issue was resolved in the first 15 days', () => {
  const start = '2026-01-01';
  it.each([
    ['nothing resolved at all', [] as string[], true, 'subscription_no_resolution'],
    ['resolved on the start day (day 1)', ['2026-01-01'], false, 'subscription_resolved'],
    ['resolved on day 15 (14 days after start)', ['2026-01-15'], false, 'subscription_resolved'],
    ['resolved on day 16 (15 days after start): outside the first 15 days', ['2026-01-16'], true, 'subscription_no_resolution'],
    ['resolved only before the subscription started', ['2025-12-31'], true, 'subscription_no_resolution'],
    ['one inside and one outside the window', ['2026-01-20', '2026-01-05'], false, 'subscription_resolved'],
  ])('%s', (_label, resolvedIssueDates, eligible, ruleId) => {
    const facts: RefundFacts = { kind: 'subscription', startDate: start, today: '2026-02-01', resolvedIssueDates };
    const result = refundEligibility(subscription, facts);
    expect(result.eligible).toBe(eligible);
    expect(result.ruleId).toBe(ruleId);
    expect(result.refundableAmount).toBe(eligible ? 24.99 : 0);
  });

  it('never counts the non-refundable activation fee', () => {
    const result = refundEligibility(subscription, { kind: 'subscription', startDate: start, today: '2026-01-03', resolvedIssueDates: [] });
    expect(result.refundableAmount).toBe(24.99);
    expect(result.notes.join(' ')).toMatch(/activation fee \(9\.99\) is not refundable/);
    expect(result.notes.join(' ')).toMatch(/day 3 of the first 15/);
  });
});

describe('incident refunds: any one criterion applies', () => {
  const base = { kind: 'incident' as const, today: '2026-03-31', resolved: true, outOfScope: false };
  it.each([
    ['unresolved while active, prerequisites met', { resolved: false, prerequisitesMet: true }, true, 'incident_unresolved'],
    ['unresolved but the user lacked the prerequisites', { resolved: false, prerequisitesMet: false }, false, 'incident_none'],
    ['resolved but out of scope', { outOfScope: true }, true, 'incident_out_of_scope'],
    ['last worked on 14 days ago', { lastWorkedOn: '2026-03-17' }, true, 'incident_recent_work'],
    ['last worked on exactly 15 days ago', { lastWorkedOn: '2026-03-16' }, false, 'incident_none'],
    ['last worked on 16 days ago', { lastWorkedOn: '2026-03-15' }, false, 'incident_none'],
  ])('%s', (_label, change, eligible, ruleId) => {
    const result = refundEligibility(incident, { ...base, ...change } as RefundFacts);
    expect(result.eligible).toBe(eligible);
    expect(result.ruleId).toBe(ruleId);
  });
});

it('a plan with refund condition none is never refundable', () => {
  const plan: Plan = { ...incident, refund: { windowDays: 15, condition: 'none' } };
  expect(refundEligibility(plan, { kind: 'incident', today: '2026-01-01', resolved: false, outOfScope: true }).eligible).toBe(false);
});

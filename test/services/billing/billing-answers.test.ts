import { explainPlanValue } from '../../../src/services/billing/billing-answers';
import { billingSchema } from '../../../src/services/billing/plans-schema';

const rules = billingSchema.parse({
  currency: 'EUR',
  plans: [
    { id: 'yearly', name: 'Yearly', kind: 'subscription', termMonths: 12, price: 100, description: 'A year.', refund: { windowDays: 14, condition: 'none' } },
    { id: 'quarterly', name: 'Quarterly', kind: 'subscription', termMonths: 3, price: 30, activationFee: 5, description: 'Three months.', refund: { windowDays: 14, condition: 'none' } },
    { id: 'once', name: 'One-off', kind: 'incident', price: 50, description: 'One incident.', refund: { windowDays: 14, condition: 'none' } },
  ],
});

// Whether a plan is worth it is answered in the company's own figures, whatever its plans are.
describe('explainPlanValue', () => {
  const [yearly, quarterly, once] = rules.plans;

  it('says what the longer plan saves over a year and from how many months on', () => {
    const text = explainPlanValue(rules, yearly);
    expect(text).toMatch(/- Quarterly: 125\.00 EUR \(4 × 30\.00 EUR, plus the one-time activation fee of 5\.00 EUR\)/);
    expect(text).toMatch(/Over a year the Yearly costs 25\.00 EUR less than the Quarterly\. 12 months of the Quarterly already cost more \(125\.00 EUR\), so it saves money if you want support for 12 months or longer\./);
  });

  it('says what the shorter plan costs more over a year, and when it costs less', () => {
    expect(explainPlanValue(rules, quarterly)).toMatch(/Over a year the Quarterly costs 25\.00 EUR more than the Yearly\. It costs less if you need support for fewer than 12 months\./);
  });

  it('for an incident plan gives its price beside the subscriptions, with no verdict', () => {
    const text = explainPlanValue(rules, once);
    expect(text).toMatch(/^The One-off is 50\.00 EUR for one incident/);
    expect(text).not.toMatch(/Over a year/);
  });
});

import { explainCharge, explainPlanValue } from '../../../src/services/billing/billing-answers';
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

// A charge asked about is broken down in the company's own prices and fees; the bot sees no account.
describe('explainCharge', () => {
  it('finds a plan and its activation fee in the amount charged, not the price expected beside it', () => {
    expect(explainCharge(rules, 'why was i charged 35.00? i thought it was 30.00')).toMatch(/^35\.00 EUR is the Quarterly \(30\.00 EUR\) plus its one-time activation fee \(5\.00 EUR\)\. The activation fee is charged once/);
  });

  it('names two plans in one bill as a plan change or an incident bought as well', () => {
    expect(explainCharge(rules, 'why was i billed €150')).toMatch(/^150\.00 EUR is the Yearly \(100\.00 EUR\) plus the One-off \(50\.00 EUR\)\. Two plans in one bill usually means a plan change/);
  });

  it('says when an amount is none of the prices and fees, with the usual reasons', () => {
    const text = explainCharge(rules, 'why was i charged 41.50');
    expect(text).toMatch(/^I can't make 41\.50 EUR from our plans' prices and fees/);
    expect(text).toMatch(/- A first bill: the Quarterly's first payment has its one-time activation fee of 5\.00 EUR on top of 30\.00 EUR\./);
  });

  it('reads no amount in a date', () => {
    expect(explainCharge(rules, 'why was i charged on the 3rd')).toMatch(/^A bill is usually more than a plan's price/);
  });
});

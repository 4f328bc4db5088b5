import { DialogTestClient } from 'botbuilder-testing';
import { loadPolicy } from '../../../src/config';
import { PrivacyInfoDialog } from '../../../src/dialogs/rights/privacy-info-dialog';

const policy = loadPolicy('content/helpline.config.yaml');

async function answer(question: string): Promise<string> {
  const client = new DialogTestClient('test', new PrivacyInfoDialog(policy), { classification: { text: question } });
  const reply = await client.sendActivity(question);
  return reply?.text ?? '';
}

describe('PrivacyInfoDialog: privacy questions answered from the configuration', () => {
  it('cookies: the chat works without them, and GPC is honoured', async () => {
    const text = await answer('do you use cookies');
    expect(text).toContain('this chat works without cookies');
    expect(text).toContain('Global Privacy Control');
    expect(text).toContain(policy.privacyPolicyUrl);
    expect(text).not.toContain('How long we keep data');
  });

  it('retention: the days per category come from the config file', async () => {
    const text = await answer('how long do you keep my data');
    expect(text).toContain(`chat transcripts: ${policy.retentionDays.transcripts} days`);
    expect(text).toContain(`contact details: ${policy.retentionDays.contact} days`);
    expect(text).toContain(`billing records: ${policy.retentionDays.billing} days (required by law)`);
    expect(text).toContain(`support tickets (for a technician or our billing team): ${policy.retentionDays.handoffs} days`);
    expect(text).not.toContain('technician tickets');
  });

  it.each([
    ["I'm in California, what are my rights", 'In California (CCPA/CPRA)', 'In the EU'],
    ['im in the EU what are my rights', 'In the EU, the EEA or the UK (GDPR)', 'In California'],
    ['what are my rights under gdpr', 'data protection authority', 'In California'],
    ['i live in germany', 'In the EU, the EEA or the UK (GDPR)', 'How long we keep data'],
  ])('rights by region: "%s" gets the rights, what the law there adds and our deadline from the config', async (question, says, doesNotSay) => {
    const text = await answer(question);
    expect(text).toContain('Your rights: you can see, download, correct or delete your data');
    expect(text).toContain(says);
    expect(text).toContain(`within ${policy.privacyRequests.dueDays} days`);
    expect(text).not.toContain(doesNotSay);
  });

  it('a question naming no region gets no region paragraph', async () => {
    const text = await answer('what are my rights');
    expect(text).toContain('Your rights:');
    expect(text).not.toMatch(/In California|In the EU/);
  });

  it('sharing and security get their own answers; a vague question gets the overview', async () => {
    const sharing = await answer('who do you share my data with');
    // No claim the company's own policy may contradict ("we never sell"): the policy is named instead.
    expect(sharing).not.toMatch(/never sell/i);
    expect(sharing).toContain(`Which other companies we share data with, and why, is set out in our privacy policy (${policy.privacyPolicyUrl})`);
    // A billing question is taken by our billing team, not a technician.
    expect(sharing).toContain('whoever takes your case (a technician, or our billing team for billing questions)');
    expect(await answer('is my data secure')).toContain('secrets are removed from your messages before anything is stored');
    // "don't share my password with anyone" (the router's privacy_info, not a sharing opt-out) is reassured.
    expect(await answer("don't share my password with anyone")).toContain('secrets are removed from your messages before anything is stored');
    const overview = await answer('tell me about privacy');
    expect(overview).toContain('What we collect');
    expect(overview).toContain('How long we keep data');
    expect(overview).toContain(`Questions for our privacy team: ${policy.company.contactEmail}`);
  });
});

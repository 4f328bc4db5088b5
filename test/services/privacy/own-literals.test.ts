import { ownLiterals } from '../../../src/services/privacy/own-literals';
import { redactAll } from '../../../src/services/privacy/redaction';
import { loadFlows } from '../../../src/services/troubleshooting/flow-loader';

describe("the bot's own URLs and email addresses", () => {
  const policy = {
    company: { name: 'Brightside Tech Support', contactEmail: 'privacy@brightside.example', mailFrom: 'Brightside Helpline <no-reply@brightside.example>' },
    privacyPolicyUrl: 'https://brightside.example/privacy',
    paymentPageUrl: 'https://brightside.example/pay',
    retentionDays: { transcripts: 90 },
  };
  const literals = ownLiterals(policy, loadFlows('content/flows').flows);

  it('are collected from the configuration and the flows, and nothing else of them', () => {
    expect([...literals]).toEqual(
      expect.arrayContaining(['https://brightside.example/privacy', 'https://brightside.example/pay', 'https://account.live.com/password/reset', 'privacy@brightside.example', 'no-reply@brightside.example']),
    );
    // The company's name is the bot's too, but a name equal to it in a user's words is still a name: only links and addresses are kept.
    expect([...literals]).not.toContain('Brightside Helpline');
  });

  it.each([
    ['How we handle your data: https://brightside.example/privacy', 'How we handle your data: https://brightside.example/privacy'],
    ['set out in our privacy policy (https://brightside.example/privacy).', 'set out in our privacy policy (https://brightside.example/privacy).'],
    ['please use our secure payment page: https://brightside.example/pay', 'please use our secure payment page: https://brightside.example/pay'],
    ['Microsoft account recovery: https://account.live.com/password/reset', 'Microsoft account recovery: https://account.live.com/password/reset'],
    ['Questions for our privacy team: privacy@brightside.example.', 'Questions for our privacy team: privacy@brightside.example.'],
    ['contact Brightside Tech Support at privacy@brightside.example: they will help.', 'contact Brightside Tech Support at privacy@brightside.example: they will help.'],
    // Any other URL or address, or one that only starts like the bot's, is masked as before; so is personal data around a kept one.
    ['You said your blog is https://jane-doe.example/about', 'You said your blog is [URL]'],
    ['https://brightside.example/privacy?user=jane@example.com', '[URL]'],
    ['Write to jane@example.com or see https://brightside.example/privacy', 'Write to [EMAIL] or see https://brightside.example/privacy'],
    ['We will write to jane@example.com; questions to privacy@brightside.example', 'We will write to [EMAIL]; questions to privacy@brightside.example'],
    ['We will write to privacy@brightside.example.co', 'We will write to [EMAIL]'],
  ])('keep their place in a masked text: %s', (text, masked) => {
    expect(redactAll(text, { keepLiterals: literals }).text).toBe(masked);
  });
});

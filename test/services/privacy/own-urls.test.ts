import { ownUrls } from '../../../src/services/privacy/own-urls';
import { redactAll } from '../../../src/services/privacy/redaction';
import { loadFlows } from '../../../src/services/troubleshooting/flow-loader';

describe("the bot's own URLs", () => {
  const policy = { privacyPolicyUrl: 'https://brightside.example/privacy', paymentPageUrl: 'https://brightside.example/pay', retentionDays: { transcripts: 90 } };
  const urls = ownUrls(policy, loadFlows('content/flows').flows);

  it('are collected from the configuration and the flows', () => {
    expect([...urls]).toEqual(expect.arrayContaining(['https://brightside.example/privacy', 'https://brightside.example/pay', 'https://account.live.com/password/reset']));
  });

  it.each([
    ['How we handle your data: https://brightside.example/privacy', 'How we handle your data: https://brightside.example/privacy'],
    ['set out in our privacy policy (https://brightside.example/privacy).', 'set out in our privacy policy (https://brightside.example/privacy).'],
    ['please use our secure payment page: https://brightside.example/pay', 'please use our secure payment page: https://brightside.example/pay'],
    ['Microsoft account recovery: https://account.live.com/password/reset', 'Microsoft account recovery: https://account.live.com/password/reset'],
    // Any other URL, or one that only starts like the bot's, is masked as before; so is personal data around a kept one.
    ['You said your blog is https://jane-doe.example/about', 'You said your blog is [URL]'],
    ['https://brightside.example/privacy?user=jane@example.com', '[URL]'],
    ['Write to jane@example.com or see https://brightside.example/privacy', 'Write to [EMAIL] or see https://brightside.example/privacy'],
  ])('keep their place in a masked text: %s', (text, masked) => {
    expect(redactAll(text, { keepUrls: urls }).text).toBe(masked);
  });
});

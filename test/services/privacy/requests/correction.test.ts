import { loadPolicy } from '../../../../src/config';
import type { Mailer } from '../../../../src/services/mail/mailer';
import { createRightsServices } from '../../../../src/services/privacy/requests';
import { readCorrectionField, readFieldRemoval } from '../../../../src/services/privacy/requests/correction';
import { memoryStore } from '../../../support/memory-store';

const policy = loadPolicy('content/helpline.config.yaml');
const noMail: Mailer = { kind: 'log', send: async () => undefined, close: () => undefined };

describe('readFieldRemoval: a request to delete one contact detail, not the whole account', () => {
  it.each([
    ['remove my phone number', 'phone'],
    ['pls remove my number from your records', 'phone'],
    ['delete my address', 'address'],
    ['take my address off file', 'address'],
    ['erase my phone number', 'phone'],
    ['remove my email', 'email'],
    ['delete my name', 'name'],
  ])('"%s" deletes the %s', (text, field) => {
    expect(readFieldRemoval(text)).toBe(field);
  });

  it.each(['delete my data', 'delete all my data including my phone number', 'delete my account', 'remove all my details', 'change my phone number', 'forget me'])(
    '"%s" is not one detail',
    (text) => {
      expect(readFieldRemoval(text)).toBeUndefined();
    },
  );
});

describe('readCorrectionField: which detail a correction is about', () => {
  // A slip in the detail's word: "my emial changed" was asked "Which detail should I correct?".
  it.each([
    ['my emial changed', 'email'],
    ['update my phne number', 'phone'],
    ['my adress is wrong', 'address'],
    ['my email changed', 'email'],
  ])('"%s" is about the %s', (text, field) => expect(readCorrectionField(text)).toBe(field));
});

describe('CorrectionService.remove', () => {
  it('deletes only that detail on every verified account, keeps the email index in step, and says when there was nothing to delete', async () => {
    const { store, clock } = memoryStore();
    const rights = createRightsServices({ store, policy, mailer: noMail, now: clock.now });
    await rights.profiles.setFields('webchat:a', { name: 'Ann Example', email: 'ann@example.com', phone: '+14155550100' }, 'contact dialog');
    await rights.profiles.setFields('msteams:a', { phone: '+14155550100' }, 'contact dialog');

    expect(await rights.corrections.remove(['webchat:a', 'msteams:a'], 'phone')).toBe(true);
    expect((await rights.profiles.get('webchat:a'))?.fields).toEqual({ name: expect.anything(), email: expect.anything() });
    // Nothing else was on file there: the profile is gone.
    expect(await rights.profiles.get('msteams:a')).toBeUndefined();
    expect(await rights.corrections.remove(['webchat:a'], 'phone')).toBe(false);

    expect(await rights.corrections.remove(['webchat:a'], 'email')).toBe(true);
    expect(await rights.emails.lookup('ann@example.com')).toEqual([]);
  });
});

describe('CorrectionService.apply', () => {
  it("puts a new address of an account that opted out on the suppression list, since the marketing system knows only that list; another account's new address stays off it", async () => {
    const { store, clock } = memoryStore();
    const rights = createRightsServices({ store, policy, mailer: noMail, now: clock.now });
    await rights.profiles.setFields('webchat:out', { email: 'old@example.com', phone: '+14155550100' }, 'contact dialog');
    await rights.optOuts.apply({ userId: 'webchat:out', channel: 'webchat', purposes: ['marketing_email', 'marketing_phone'], source: 'opt-out dialog' });
    await rights.profiles.setFields('webchat:in', { email: 'stays@example.com' }, 'contact dialog');

    await rights.corrections.apply(['webchat:out'], { email: 'new@example.org', phone: '+14155550199' });
    await rights.corrections.apply(['webchat:in'], { email: 'moved@example.org' });

    const listed = (await rights.suppression.list()).map((e) => e.address);
    expect(listed).toEqual(expect.arrayContaining(['old@example.com', 'new@example.org', '+14155550100', '+14155550199']));
    expect(listed).not.toContain('moved@example.org');
  });
});

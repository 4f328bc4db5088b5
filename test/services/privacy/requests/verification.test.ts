import { loadPolicy } from '../../../../src/config';
import { SmtpMailer } from '../../../../src/services/mail/mailer';
import { createRightsServices } from '../../../../src/services/privacy/requests';
import { minutesText } from '../../../../src/services/privacy/requests/verification';
import { memoryStore } from '../../../support/memory-store';
import { codeIn, startSmtpCapture, type SmtpCapture } from '../../mail/smtp-capture';

const policy = loadPolicy('content/helpline.config.yaml'); // 10 minutes, 3 attempts, 15 minutes cool-down, 5 codes an hour

let smtp: SmtpCapture;
beforeAll(async () => {
  smtp = await startSmtpCapture();
});
afterAll(async () => {
  await smtp.close();
});

async function setup() {
  const { store, clock } = memoryStore();
  const mailer = new SmtpMailer(smtp.url, policy.company.mailFrom);
  const rights = createRightsServices({ store, policy, mailer, now: clock.now });
  await rights.profiles.setFields('webchat:ada', { email: 'Ada@Example.com', name: 'Ada Lovelace' }, 'contact dialog');
  const started = smtp.mails.length;
  const sent = () => smtp.mails.slice(started);
  return { store, clock, rights, mailer, sent };
}

describe('minutesText', () => {
  it('says "1 minute" for a code that lasts one (a deployment may set it), else minutes', () => {
    expect([minutesText(1), minutesText(10)]).toEqual(['1 minute', '10 minutes']);
  });
});

describe('VerificationService: one-time codes by email', () => {
  it('mails a 6-digit code to the address on file, and that code verifies the account it belongs to', async () => {
    const { rights, mailer, sent } = await setup();
    const result = await rights.verification.start({ requesterId: 'webchat:other-browser', requestId: 'PR-1', email: 'ada@example.com' });
    expect(result.outcome).toBe('sent');
    await rights.verification.whenDelivered();
    const mail = await smtp.waitFor('ada@example.com', { after: smtp.mails.length - sent().length });
    expect(mail.subject).toBe('Your Brightside Tech Support verification code');
    expect(mail.raw).toMatch(/expires in 10 minutes/);
    const checked = await rights.verification.check({ requesterId: 'webchat:other-browser', requestId: 'PR-1', code: codeIn(mail) });
    expect(checked).toEqual({ outcome: 'verified', subjects: ['webchat:ada'] });
    // Used once: the same code does not work again.
    expect((await rights.verification.check({ requesterId: 'webchat:other-browser', requestId: 'PR-1', code: codeIn(mail) })).outcome).toBe('expired');
    mailer.close();
  });

  it('stores the code only as a salted hash', async () => {
    const { rights, store, mailer, sent } = await setup();
    await rights.verification.start({ requesterId: 'webchat:ada', requestId: 'PR-2', email: 'ada@example.com' });
    await rights.verification.whenDelivered();
    const code = codeIn(sent()[0]);
    const record = await store.get<Record<string, unknown>>('users', 'webchat:ada', 'verification/PR-2');
    expect(JSON.stringify(record)).not.toContain(code);
    expect(record?.value).toMatchObject({ salt: expect.stringMatching(/^[0-9a-f]{32}$/), codeHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    mailer.close();
  });

  it('locks after three wrong codes: even the right code is then refused until the cool-down ends', async () => {
    const { rights, clock, mailer, sent } = await setup();
    await rights.verification.start({ requesterId: 'webchat:ada', requestId: 'PR-3', email: 'ada@example.com' });
    await rights.verification.whenDelivered();
    const code = codeIn(sent()[0]);
    const wrong = code === '000000' ? '111111' : '000000';
    expect(await rights.verification.check({ requesterId: 'webchat:ada', requestId: 'PR-3', code: wrong })).toEqual({ outcome: 'wrong', attemptsLeft: 2 });
    expect(await rights.verification.check({ requesterId: 'webchat:ada', requestId: 'PR-3', code: wrong })).toEqual({ outcome: 'wrong', attemptsLeft: 1 });
    expect(await rights.verification.check({ requesterId: 'webchat:ada', requestId: 'PR-3', code: wrong })).toEqual({ outcome: 'locked', retryAfterSeconds: 900 });
    expect((await rights.verification.check({ requesterId: 'webchat:ada', requestId: 'PR-3', code })).outcome).not.toBe('verified');
    // A new code cannot be asked for during the cool-down, for this account or for this mailbox from another one.
    expect((await rights.verification.start({ requesterId: 'webchat:ada', requestId: 'PR-4', email: 'ada@example.com' })).outcome).toBe('locked');
    expect((await rights.verification.start({ requesterId: 'webchat:someone-else', requestId: 'PR-5', email: 'ada@example.com' })).outcome).toBe('locked');
    clock.advance(15 * 60_000 + 1000);
    expect((await rights.verification.start({ requesterId: 'webchat:ada', requestId: 'PR-6', email: 'ada@example.com' })).outcome).toBe('sent');
    mailer.close();
  });

  it('refuses a code after its 10 minutes are up', async () => {
    const { rights, clock, mailer, sent } = await setup();
    await rights.verification.start({ requesterId: 'webchat:ada', requestId: 'PR-7', email: 'ada@example.com' });
    await rights.verification.whenDelivered();
    clock.advance(10 * 60_000 + 1);
    expect(await rights.verification.check({ requesterId: 'webchat:ada', requestId: 'PR-7', code: codeIn(sent()[0]) })).toEqual({ outcome: 'expired' });
    mailer.close();
  });

  it('answers the same for an address that is on file nowhere, sends nothing, and no code verifies it', async () => {
    const { rights, mailer, sent } = await setup();
    const result = await rights.verification.start({ requesterId: 'webchat:mallory', requestId: 'PR-8', email: 'nobody@example.com' });
    expect(result.outcome).toBe('sent');
    await rights.verification.whenDelivered();
    expect(sent()).toHaveLength(0);
    for (const code of ['000000', '123456']) expect((await rights.verification.check({ requesterId: 'webchat:mallory', requestId: 'PR-8', code })).outcome).toBe('wrong');
    mailer.close();
  });

  it('rate-limits code requests per account, per client address and per mailbox (5 an hour)', async () => {
    const { rights, clock, mailer } = await setup();
    for (let i = 0; i < 5; i++) expect((await rights.verification.start({ requesterId: 'webchat:ada', requestId: `PR-u${i}`, email: `x${i}@example.com` })).outcome).toBe('sent');
    const limited = await rights.verification.start({ requesterId: 'webchat:ada', requestId: 'PR-u5', email: 'x5@example.com' });
    expect(limited).toEqual({ outcome: 'rate_limited', retryAfterSeconds: 3600 });

    for (let i = 0; i < 5; i++) await rights.verification.start({ requesterId: `webchat:bot${i}`, requestId: `PR-c${i}`, email: `y${i}@example.com`, clientAddress: '203.0.113.9' });
    expect((await rights.verification.start({ requesterId: 'webchat:bot9', requestId: 'PR-c9', email: 'y9@example.com', clientAddress: '203.0.113.9' })).outcome).toBe('rate_limited');

    for (let i = 0; i < 5; i++) await rights.verification.start({ requesterId: `webchat:m${i}`, requestId: `PR-m${i}`, email: 'target@example.com' });
    expect((await rights.verification.start({ requesterId: 'webchat:m9', requestId: 'PR-m9', email: 'TARGET@example.com' })).outcome).toBe('rate_limited');

    clock.advance(3600_000 + 1);
    expect((await rights.verification.start({ requesterId: 'webchat:ada', requestId: 'PR-u6', email: 'x6@example.com' })).outcome).toBe('sent');
    await rights.verification.whenDelivered();
    mailer.close();
  });

  it('confirms a new email address with a code sent to that new address', async () => {
    const { rights, mailer } = await setup();
    const before = smtp.mails.length;
    await rights.verification.startNewEmail({ requesterId: 'webchat:ada', requestId: 'PR-9', subjects: ['webchat:ada'], newEmail: 'ada@new.example' });
    await rights.verification.whenDelivered();
    const mail = await smtp.waitFor('ada@new.example', { after: before });
    expect(await rights.verification.check({ requesterId: 'webchat:ada', requestId: 'PR-9', code: codeIn(mail) })).toEqual({
      outcome: 'verified',
      subjects: ['webchat:ada'],
      newEmail: 'ada@new.example',
    });
    mailer.close();
  });
});

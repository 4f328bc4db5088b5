import { loadPolicy } from '../../../../src/config';
import type { Mailer } from '../../../../src/services/mail/mailer';
import { createRightsServices, formatSuppression } from '../../../../src/services/privacy/requests';
import { readPurposes } from '../../../../src/services/privacy/requests/purposes';
import { memoryStore } from '../../../support/memory-store';

const policy = loadPolicy('content/helpline.config.yaml');
const noMail: Mailer = { kind: 'log', send: async () => undefined, close: () => undefined };

function setup() {
  const { store, clock } = memoryStore();
  return { store, clock, rights: createRightsServices({ store, policy, mailer: noMail, now: clock.now }) };
}

describe('readPurposes: what a request to stop is about, from one message', () => {
  it.each([
    ['stop sending me offers', ['marketing_email', 'marketing_phone'], 'opt_out'],
    ['unsubscribe', ['marketing_email'], 'opt_out'],
    ['please unsubscribe me from your newsletter', ['marketing_email'], 'opt_out'],
    ['stop texting me', ['marketing_phone'], 'opt_out'],
    ['no more sales calls please', ['marketing_phone'], 'opt_out'],
    ["don't share my data", ['third_party_sharing'], 'opt_out'],
    ["don't sell my info to partners", ['third_party_sharing'], 'opt_out'],
    ["please don't record this chat", ['transcript_recording'], 'opt_out'],
    ["don't record my calls", ['transcript_recording'], 'opt_out'],
    ['I object to marketing', ['marketing_email', 'marketing_phone'], 'objection'],
    ['I object to you using my diagnostics', ['diagnostics'], 'objection'],
    ['I withdraw my consent for recording', ['transcript_recording'], 'withdraw_consent'],
    ['revoke my consent to share data with third parties', ['third_party_sharing'], 'withdraw_consent'],
    ['stop emailing me promotions and stop sharing my data', ['marketing_email', 'third_party_sharing'], 'opt_out'],
    ['opt out', [], 'opt_out'],
  ])('%s', (text, purposes, kind) => {
    expect(readPurposes(text)).toEqual({ purposes, kind });
  });
});

describe('OptOutService', () => {
  it('switches the purposes off at once, in the consent ledger, tied to the address on file, with a completed request', async () => {
    const { rights } = setup();
    await rights.profiles.setFields('webchat:u', { email: 'ann@example.com', phone: '+14155552671' }, 'contact dialog');
    const result = await rights.optOuts.apply({ userId: 'webchat:u', conversationId: 'c1', channel: 'webchat', purposes: ['marketing_email', 'marketing_phone'], source: 'opt-out dialog' });
    expect(result.changed).toEqual(['marketing_email', 'marketing_phone']);
    expect(result.suppressed.map((s) => [s.channel, s.address])).toEqual([
      ['email', 'ann@example.com'],
      ['phone', '+14155552671'],
    ]);
    expect(result.request).toMatchObject({ type: 'opt_out', status: 'completed', dueDate: '2026-04-30' });
    const current = await rights.consents.current('webchat:u');
    expect(current.marketing_email).toMatchObject({ granted: false, channel: 'webchat', conversationId: 'c1' });
    expect(current.marketing_email?.source).toContain(result.request.id);
    expect(await rights.consents.isGranted('webchat:u', 'marketing_phone')).toBe(false);
  });

  it('says what was already off instead of recording it twice, and keeps the first opt-out date', async () => {
    const { rights, clock } = setup();
    await rights.optOuts.apply({ userId: 'u', channel: 'webchat', purposes: ['marketing_email'], addresses: { email: 'bo@example.com' }, source: 'opt-out dialog' });
    const first = (await rights.suppression.get('email', 'bo@example.com'))?.since;
    clock.advance(86400_000);
    const again = await rights.optOuts.apply({ userId: 'u', channel: 'webchat', purposes: ['marketing_email', 'third_party_sharing'], addresses: { email: 'BO@example.com' }, source: 'opt-out dialog' });
    expect(again.changed).toEqual(['third_party_sharing']);
    expect(again.alreadyOff.map((a) => a.purpose)).toEqual(['marketing_email']);
    expect((await rights.consents.history('u')).filter((r) => r.purpose === 'marketing_email')).toHaveLength(1);
    expect(again.suppressed[0].since).toBe(first);
    expect(await rights.suppression.list()).toHaveLength(1);
  });

  it('a recording opt-out stops transcript persistence for the conversation', async () => {
    const { rights } = setup();
    await rights.transcripts.appendTurn('c1', [{ from: 'user', text: 'my printer jams', timestamp: '2026-03-31T12:00:00Z' }]);
    await rights.optOuts.apply({ userId: 'u', conversationId: 'c1', channel: 'webchat', purposes: ['transcript_recording'], source: 'opt-out dialog' });
    expect(await rights.transcripts.append('c1', { from: 'technician', text: 'hello', timestamp: '2026-03-31T12:05:00Z' })).toBe(false);
    expect(await rights.transcripts.list('c1')).toHaveLength(1);
  });
});

describe('the marketing suppression list export', () => {
  it('lists every suppressed address with channel and date, as JSON lines or CSV', async () => {
    const { rights, clock } = setup();
    await rights.optOuts.apply({ userId: 'a', channel: 'webchat', purposes: ['marketing_email'], addresses: { email: 'ann@example.com' }, source: 'opt-out dialog' });
    clock.advance(1000);
    await rights.optOuts.apply({ userId: 'b', channel: 'webchat', purposes: ['marketing_phone'], addresses: { phone: '+14155552671' }, source: 'opt-out dialog' });
    clock.advance(1000);
    await rights.optOuts.apply({ userId: 'c', channel: 'webchat', purposes: ['marketing_email'], addresses: { email: '=cmd@example.com' }, source: 'opt-out dialog' });
    const rows = await rights.suppression.rows();
    expect(formatSuppression(rows, 'jsonl').split('\n').map((l) => JSON.parse(l))).toEqual([
      { address: 'ann@example.com', channel: 'email', since: '2026-03-31T12:00:00.000Z' },
      { address: '+14155552671', channel: 'phone', since: '2026-03-31T12:00:01.000Z' },
      { address: '=cmd@example.com', channel: 'email', since: '2026-03-31T12:00:02.000Z' },
    ]);
    expect(formatSuppression(rows, 'csv').split('\n')).toEqual([
      'address,channel,since',
      'ann@example.com,email,2026-03-31T12:00:00.000Z',
      '+14155552671,phone,2026-03-31T12:00:01.000Z',
      `"'=cmd@example.com",email,2026-03-31T12:00:02.000Z`,
    ]);
  });
});

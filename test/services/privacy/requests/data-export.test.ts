import { loadPolicy } from '../../../../src/config';
import type { Mailer } from '../../../../src/services/mail/mailer';
import { createRightsServices } from '../../../../src/services/privacy/requests';
import { memoryStore } from '../../../support/memory-store';
import { ADA, BOB, seedPerson } from './seed-user';

const policy = loadPolicy('content/helpline.config.yaml');
const noMail: Mailer = { kind: 'log', send: async () => undefined, close: () => undefined };

async function seeded() {
  const { store, clock } = memoryStore();
  const rights = createRightsServices({ store, policy, mailer: noMail, now: clock.now });
  await seedPerson(store, rights, ADA);
  await seedPerson(store, rights, BOB);
  return { store, rights };
}

describe('DataExporter: the access and portability export', () => {
  it('contains every kind of data held about the user, field by field, and nothing about anyone else', async () => {
    const { rights } = await seeded();
    const data = await rights.exporter.export([ADA.userId]);
    expect(data).toMatchObject({ format: 'helpline-data-export/1', exportedAt: '2026-03-31T12:00:00.000Z', company: 'Brightside Tech Support' });
    expect(data.accounts).toHaveLength(1);
    const a = data.accounts[0];
    expect(a.userId).toBe(ADA.userId);

    expect(a.profile?.name).toMatchObject({ value: ADA.name, source: 'contact dialog', conversationId: ADA.conversationId });
    expect(a.profile?.email?.value).toBe(ADA.email);
    expect(a.profile?.phone?.value).toBe(ADA.phone);
    expect(a.profile?.address?.value).toEqual({ street: ADA.street, city: ADA.city, region: 'IL', postcode: '62565', country: 'US' });

    expect(a.conversations.map((c) => c.id)).toEqual([ADA.conversationId, ADA.handoffConversationId]);

    expect(a.consents.current.transcript_recording).toMatchObject({ granted: true, noticeVersion: '2026-11-01', channel: 'webchat', source: 'recording notice' });
    expect(a.consents.current.marketing_email).toMatchObject({ granted: false, channel: 'webchat' });
    expect(a.consents.history.map((c) => [c.purpose, c.granted])).toEqual([
      ['transcript_recording', true],
      ['marketing_email', false],
    ]);
    expect(a.optOuts).toEqual([{ purpose: 'marketing_email', at: '2026-03-31T12:00:00.000Z', channel: 'webchat', source: expect.stringMatching(/^opt-out dialog \(request PR-/) }]);
    expect(a.suppression).toEqual([{ channel: 'email', address: ADA.email, since: '2026-03-31T12:00:00.000Z' }]);

    expect(a.devices).toHaveLength(1);
    expect(a.devices[0]).toMatchObject({ model: ADA.model, serial: ADA.serial, purchaseDate: '2025-03', source: 'device dialog' });

    expect(a.cases).toHaveLength(1);
    expect(a.cases[0]).toMatchObject({ problem: ADA.problem, device: 'printer', flowId: 'printer-offline', stepsTried: [{ stepId: 'restart', text: 'Restart the printer', outcome: 'did not help' }] });

    expect(a.handoffs.map((h) => [h.status, h.reason])).toEqual([
      ['waiting', `${ADA.name} needs help at ${ADA.street}`],
      ['ended', `${ADA.name} needs help at ${ADA.street}`],
    ]);
    expect(a.handoffs[0].messages.map((m) => m.text)).toEqual([`${ADA.said}; call me on ${ADA.phone}`]);
    expect(a.handoffs[1].resolution).toBe(`Told ${ADA.name} to call ${ADA.phone}`);
    // The Teams thread each ticket's alert started is our channel's, not data about the user.
    expect(a.handoffs.every((h) => !('teamsThread' in h))).toBe(true);

    // Transcripts exactly as stored (the store masks personal data when it writes them).
    expect(a.transcripts).toEqual([{ conversationId: ADA.conversationId, entries: await rights.transcripts.list(ADA.conversationId) }]);
    expect(a.transcripts[0].entries.map((e) => e.from)).toEqual(['user', 'bot']);

    // Both were made in the same (frozen) millisecond: their order is not the point.
    expect(a.requests.map((r) => [r.type, r.status]).sort()).toEqual([
      ['access', 'completed'],
      ['opt_out', 'completed'],
    ]);
    expect(a.requests.find((r) => r.type === 'access')?.audit.map((e) => e.to)).toEqual(['received', 'identity_pending', 'verified', 'completed']);
    expect(a.noticesSeen).toEqual({ contact: { version: '2026-11-01', at: '2026-03-31T12:00:00.000Z' } });

    const text = JSON.stringify(data);
    for (const value of [BOB.name, BOB.email, BOB.phone, BOB.serial, BOB.problem, BOB.userId]) expect(text).not.toContain(value);
  });

  it('is plain JSON that survives a round trip unchanged', async () => {
    const { rights } = await seeded();
    const data = await rights.exporter.export([ADA.userId]);
    expect(JSON.parse(JSON.stringify(data))).toEqual(data);
  });

  it('covers every account the proven email is on file for', async () => {
    const { rights } = await seeded();
    await rights.profiles.setFields('msteams:ada-laptop', { email: ADA.email.toUpperCase() }, 'contact dialog');
    const accounts = await rights.emails.lookup(ADA.email);
    expect([...accounts].sort()).toEqual(['msteams:ada-laptop', ADA.userId].sort());
    const data = await rights.exporter.export(accounts);
    expect(data.accounts.map((x) => x.userId).sort()).toEqual(['msteams:ada-laptop', ADA.userId].sort());
  });
});

import { loadPolicy } from '../../../../src/config';
import type { Mailer } from '../../../../src/services/mail/mailer';
import { createRightsServices, type RightsServices } from '../../../../src/services/privacy/requests';
import { memoryStore } from '../../../support/memory-store';
import { startTechnicianApi, type Harness } from '../../../server/technician-harness';
import { ADA, BOB, seedPerson } from './seed-user';

// Right of access covers who saw the user's data: a technician's audited reveal (P10) is in the export (P11).
const policy = loadPolicy('content/helpline.config.yaml');
const noMail: Mailer = { kind: 'log', send: async () => undefined, close: () => undefined };
const B = '/api/technician';

let api: Harness;
let rights: RightsServices;
let adaTicket: string;
let bobTicket: string;

beforeAll(async () => {
  const { store, clock } = memoryStore();
  rights = createRightsServices({ store, policy, mailer: noMail, now: clock.now });
  await seedPerson(store, rights, ADA);
  await seedPerson(store, rights, BOB);
  api = await startTechnicianApi(store, clock.now);
  api.contacts.set(ADA.userId, { name: ADA.name, email: ADA.email });
  api.contacts.set(BOB.userId, { name: BOB.name, email: BOB.email });
  adaTicket = await api.queueHandoff(1, { userId: ADA.userId, conversationId: 'conv-ada-live' });
  bobTicket = await api.queueHandoff(2, { userId: BOB.userId, conversationId: 'conv-bob-live' });

  const tina = await api.login('tina');
  const sue = await api.login('sue');
  expect((await api.call('POST', `${B}/handoffs/${adaTicket}/claim`, { token: tina })).status).toBe(200);
  expect((await api.call('POST', `${B}/handoffs/${bobTicket}/claim`, { token: tina })).status).toBe(200);
  const revealed = await api.call('POST', `${B}/handoffs/${adaTicket}/reveal`, { token: tina, body: { field: 'email' } });
  expect(revealed.body).toEqual({ value: ADA.email });
  clock.advance(60_000);
  expect((await api.call('POST', `${B}/handoffs/${adaTicket}/reveal`, { token: sue, body: { field: 'name' } })).status).toBe(200);
  expect((await api.call('POST', `${B}/handoffs/${bobTicket}/reveal`, { token: tina, body: { field: 'email' } })).status).toBe(200);
  // Ada shared no phone number and no address for her ticket: nothing to reveal, so no reveal to list.
  for (const field of ['phone', 'address']) {
    expect((await api.call('POST', `${B}/handoffs/${adaTicket}/reveal`, { token: tina, body: { field } })).body).toEqual({ value: null });
  }
}, 60_000);
afterAll(async () => {
  await api?.close();
});

describe('the data export names who revealed the user\'s contact details', () => {
  it('lists each reveal on their tickets (who, which field, when, which ticket) and never the revealed value', async () => {
    const [ada] = (await rights.exporter.export([ADA.userId])).accounts;
    expect(ada.reveals).toEqual([
      { ticketId: adaTicket, field: 'email', technician: 'Tina', at: '2026-03-31T12:00:00.000Z' },
      { ticketId: adaTicket, field: 'name', technician: 'Sue', at: '2026-03-31T12:01:00.000Z' },
    ]);
    // The claim is audited too, but it showed nothing of the user's.
    expect(JSON.stringify(ada.reveals)).not.toContain(ADA.email);

    const [bob] = (await rights.exporter.export([BOB.userId])).accounts;
    expect(bob.reveals).toEqual([{ ticketId: bobTicket, field: 'email', technician: 'Tina', at: '2026-03-31T12:01:00.000Z' }]);
  });

  it('erasure keeps the audit entries, says so, and they no longer lead to the erased user', async () => {
    const report = await rights.erasure.erase({ userIds: [ADA.userId] });
    expect(report.kept).toContainEqual({
      what: expect.stringContaining('which staff member viewed which of your contact details'),
      why: expect.stringContaining('who accessed personal data'),
      retentionDays: policy.retentionDays.audit,
    });
    const sue = await api.login('sue');
    const audit = await api.call('GET', `${B}/audit?handoff=${adaTicket}`, { token: sue });
    expect(audit.body.entries.filter((e: { action: string }) => e.action === 'reveal').map((e: { field: string }) => e.field)).toEqual(['email', 'name']);
    expect((await rights.exporter.export([ADA.userId])).accounts[0].reveals).toEqual([]);
    expect((await rights.exporter.export([BOB.userId])).accounts[0].reveals).toHaveLength(1);
  });

  it('an erasure with no reveals says nothing about the audit log', async () => {
    const report = await rights.erasure.erase({ userIds: ['webchat:nobody-revealed'] });
    expect(report.kept.map((k) => k.what).join(' ')).not.toContain('viewed');
  });
});

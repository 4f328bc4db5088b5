import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import { loadPolicy } from '../../../../src/config';
import type { HandoffRecord } from '../../../../src/services/handoff/handoff-record';
import type { Mailer } from '../../../../src/services/mail/mailer';
import { addressHash, createRightsServices, type RightsServices } from '../../../../src/services/privacy/requests';
import { CONTAINER_NAMES } from '../../../../src/services/storage/containers';
import { CosmosStore } from '../../../../src/services/storage/cosmos-store';
import { SqliteStore } from '../../../../src/services/storage/sqlite-store';
import type { Store } from '../../../../src/services/storage/store';
import { startCosmosServer, type CosmosTestServer } from '../../../support/cosmos-server';
import { ADA, BOB, seedPerson, valuesOf } from './seed-user';
import { cancelledTicketsText } from '../../../../src/services/privacy/erased-handoffs';

const policy = loadPolicy('content/helpline.config.yaml');
const noMail: Mailer = { kind: 'log', send: async () => undefined, close: () => undefined };
const now = () => Date.parse('2026-03-31T12:00:00Z');

/** Every value of the person that appears anywhere in `haystack` (exact or lower-cased). */
function found(haystack: string, values: string[]): string[] {
  return values.filter((v) => haystack.includes(v) || haystack.toLowerCase().includes(v.toLowerCase()));
}

async function eraseAda(store: Store): Promise<{ rights: RightsServices; report: Awaited<ReturnType<RightsServices['erasure']['erase']>> }> {
  const rights = createRightsServices({ store, policy, mailer: noMail, now });
  await seedPerson(store, rights, ADA);
  await seedPerson(store, rights, BOB);
  const report = await rights.erasure.erase({ userIds: [ADA.userId], currentConversation: { id: ADA.conversationId, channelId: 'webchat' } });
  return { rights, report };
}

async function expectAdaGoneBobIntact(rights: RightsServices, report: Awaited<ReturnType<RightsServices['erasure']['erase']>>) {
  expect(report.removed).toMatchObject({ profiles: 1, devices: 1, consents: 2, cases: 1, conversations: 2, botState: 1, handoffsAnonymised: 2 });
  expect(report.kept.map((k) => k.why)).toEqual([
    'we must be able to show that we handled your request',
    'tax and accounting law requires us to keep them',
    'so that we never send you marketing again',
    'service statistics; they no longer identify you',
  ]);
  expect(report.kept[1].retentionDays).toBe(policy.retentionDays.billing);
  // A billing ticket is kept alike, so the kept line names neither team.
  expect(report.kept[3].what).toBe('the times and ratings of your support tickets, with your name, contact details and messages removed');

  const after = (await rights.exporter.export([ADA.userId])).accounts[0];
  expect(after).toMatchObject({ profile: null, devices: [], cases: [], handoffs: [], transcripts: [], optOuts: [], suppression: [] });
  expect(after.consents.history).toEqual([]);
  // Only the minimised request records remain: type, dates and status history, nothing else.
  expect(after.requests.map((r) => [r.type, r.status, r.details]).sort()).toEqual([
    ['access', 'completed', {}],
    ['opt_out', 'completed', {}],
  ]);
  expect(await rights.emails.lookup(ADA.email)).toEqual([]);
  expect((await rights.suppression.rows()).map((r) => r.address)).toEqual([`sha256:${addressHash(ADA.email)}`, BOB.email]);

  const bob = (await rights.exporter.export([BOB.userId])).accounts[0];
  expect(bob.profile?.name?.value).toBe(BOB.name);
  expect(bob.handoffs).toHaveLength(2);
  expect(bob.transcripts).toHaveLength(1);
  expect(await rights.emails.lookup(BOB.email)).toEqual([BOB.userId]);
}

describe('ErasureService on the embedded SQLite store', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-erasure-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("leaves none of the user's values readable in the database, WAL or shared-memory file, and keeps everyone else's", async () => {
    const store = new SqliteStore({ dataDir: dir, now });
    const files = () => fs.readdirSync(dir).filter((f) => f.startsWith('helpline.db')).map((f) => path.join(dir, f));
    const bytes = () => files().map((f) => fs.readFileSync(f).toString('latin1')).join('\n');

    const rights = createRightsServices({ store, policy, mailer: noMail, now });
    await seedPerson(store, rights, ADA);
    await seedPerson(store, rights, BOB);
    // The values really are in the files before erasure, so the scan below can fail.
    expect(found(bytes(), valuesOf(ADA)).length).toBeGreaterThan(0);
    expect(files().map((f) => path.basename(f)).sort()).toEqual(['helpline.db', 'helpline.db-shm', 'helpline.db-wal']);

    const report = await rights.erasure.erase({ userIds: [ADA.userId], currentConversation: { id: ADA.conversationId, channelId: 'webchat' } });
    await expectAdaGoneBobIntact(rights, report);
    expect(found(bytes(), valuesOf(ADA))).toEqual([]);
    expect(found(bytes(), [ADA.email, ADA.name])).toEqual([]);
    await store.close();

    // And after a restart, in the files as they are at rest.
    const reopened = new SqliteStore({ dataDir: dir, now });
    await reopened.close();
    expect(found(bytes(), valuesOf(ADA))).toEqual([]);
  });
});

describe('ErasureService and open tickets', () => {
  it("ends the user's waiting tickets (callback, email, a place in the live queue) as cancelled; other users' tickets stay", async () => {
    const store = new SqliteStore({ dataDir: ':memory:', now });
    const rights = createRightsServices({ store, policy, mailer: noMail, now });
    await seedPerson(store, rights, ADA);
    await seedPerson(store, rights, BOB);
    const repo = rights.data.deps.handoffs;
    const ticket = (id: string, userId: string, kind: HandoffRecord['kind']): HandoffRecord => ({
      id, conversationId: `conv-${id}`, userId, status: 'waiting', kind, priority: 'normal', reason: 'Asked for a technician',
      summary: 'my printer is offline', device: 'printer', contactFields: ['phone'], recordingOff: false, createdAt: '2026-03-31T11:00:00.000Z',
    });
    await repo.createActive(ticket('T-ADACALL', ADA.userId, 'callback'));
    await repo.createActive(ticket('T-ADAMAIL', ADA.userId, 'email'));
    await repo.createActive(ticket('T-BOBCALL', BOB.userId, 'callback'));

    const report = await rights.erasure.erase({ userIds: [ADA.userId] });
    expect(report.ticketsCancelled.map((t) => t.kind).sort()).toEqual(['callback', 'email', 'live']);
    expect(cancelledTicketsText(report.ticketsCancelled)).toBe(
      "I've also cancelled your place in the queue for a technician, the call back you asked for and the email follow-up you asked for, so no technician will contact you about it.",
    );
    for (const id of ['T-ADACALL', 'T-ADAMAIL', `h-${ADA.userId}`]) {
      expect(await repo.getActive(id)).toBeUndefined();
      const ended = (await repo.getEnded(id))?.value;
      expect(ended).toMatchObject({ status: 'ended', outcome: 'cancelled', endedAt: new Date(now()).toISOString(), userId: 'erased', contactFields: [] });
      expect(ended?.summary).toBeUndefined();
    }
    // A technician who picked Ada's live ticket up would find nobody: it left the queue too. Bob's callback is untouched.
    expect((await repo.getActive('T-BOBCALL'))?.value).toMatchObject({ status: 'waiting', userId: BOB.userId, summary: 'my printer is offline' });
    await store.close();
  });

  it('ends the tickets a technician has taken too: their chats are erased, so the technician sees them ended instead of writing to nobody', async () => {
    const store = new SqliteStore({ dataDir: ':memory:', now });
    const rights = createRightsServices({ store, policy, mailer: noMail, now });
    await seedPerson(store, rights, ADA);
    const repo = rights.data.deps.handoffs;
    const taken = (id: string, kind: HandoffRecord['kind']): HandoffRecord => ({
      id, conversationId: `conv-${id}`, userId: ADA.userId, status: 'assigned', kind, priority: 'high', reason: 'Account hacked', device: 'none',
      contactFields: ['email'], recordingOff: false, createdAt: '2026-03-31T11:00:00.000Z', claimedAt: '2026-03-31T11:05:00.000Z', assignedTo: { technicianId: 't1', name: 'Tina' },
    });
    await repo.createActive(taken('T-ADALIVE', 'live'));
    await repo.createActive(taken('T-ADACALL', 'callback'));

    const report = await rights.erasure.erase({ userIds: [ADA.userId] });
    for (const id of ['T-ADALIVE', 'T-ADACALL']) {
      expect(await repo.getActive(id)).toBeUndefined();
      expect((await repo.getEnded(id))?.value).toMatchObject({ status: 'ended', outcome: 'cancelled', userId: 'erased', assignedTo: { name: 'Tina' } });
    }
    // The call back a technician had taken will not come, and the user is told; the live chat taken was no place in a queue
    // (the place named is the seeded ticket still waiting).
    expect(report.ticketsCancelled.map((t) => t.kind).sort()).toEqual(['callback', 'live']);
    expect(cancelledTicketsText(report.ticketsCancelled)).toBe("I've also cancelled your place in the queue for a technician and the call back you asked for, so no technician will contact you about it.");
    await store.close();
  });
});

describe('what the user is told about the tickets erasure cancelled', () => {
  it("names billing tickets as the billing team's, as the user was told when they opened them", async () => {
    const store = new SqliteStore({ dataDir: ':memory:', now });
    const rights = createRightsServices({ store, policy, mailer: noMail, now });
    const repo = rights.data.deps.handoffs;
    const userId = 'directline:carol';
    const ticket = (id: string, kind: HandoffRecord['kind']): HandoffRecord => ({
      id, conversationId: 'conv-carol', userId, status: 'waiting', kind, team: 'billing', priority: 'normal', reason: 'Refund request',
      device: 'none', contactFields: ['phone'], recordingOff: false, createdAt: '2026-03-31T11:00:00.000Z',
    });
    await repo.createActive(ticket('T-CAROLCALL', 'callback'));
    await repo.createActive(ticket('T-CAROLLIVE', 'live'));
    const report = await rights.erasure.erase({ userIds: [userId] });
    expect(cancelledTicketsText(report.ticketsCancelled)).toBe(
      "I've also cancelled your place in the queue for someone from our billing team and the call back you asked for, so nobody from our billing team will contact you about it.",
    );
    await store.close();
  });

  it.each([
    [[{ kind: 'callback' }], "I've also cancelled the call back you asked for, so no technician will contact you about it."],
    [[{ kind: 'email', team: 'billing' }], "I've also cancelled the email follow-up you asked for, so nobody from our billing team will contact you about it."],
    [[{ kind: 'live', team: 'billing' }, { kind: 'callback', team: 'technicians' }], "I've also cancelled your place in the queue for someone from our billing team and the call back you asked for, so nobody will contact you about it."],
    [[], undefined],
  ] as const)('%j: %s', (tickets, text) => {
    expect(cancelledTicketsText([...tickets])).toBe(text);
  });
});

describe('ErasureService on Cosmos DB', () => {
  let server: CosmosTestServer;
  beforeAll(async () => {
    server = await startCosmosServer();
  });
  afterAll(async () => {
    await server.close();
  });

  it("removes the user's partitions and personal fields so that no container holds any of their values", async () => {
    const database = `db-${randomUUID()}`;
    const store = new CosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, database, now, maxRetries: 1 });
    await store.init();
    const client = new CosmosClient({ endpoint: server.endpoint, key: server.key, agent: server.agent });
    const everything = async () => {
      const all: unknown[] = [];
      for (const name of CONTAINER_NAMES) {
        const { resources } = await client.database(database).container(name).items.query('SELECT * FROM c').fetchAll();
        all.push(...resources);
      }
      return JSON.stringify(all);
    };

    const { rights, report } = await eraseAda(store);
    await expectAdaGoneBobIntact(rights, report);
    const stored = await everything();
    expect(found(stored, valuesOf(ADA))).toEqual([]);
    expect(found(stored, [BOB.name, BOB.email, BOB.phone, BOB.street, BOB.serial])).toEqual([BOB.name, BOB.email, BOB.phone, BOB.street, BOB.serial]);
    client.dispose();
    await store.close();
  });
});

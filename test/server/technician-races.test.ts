// Races between technicians on one handoff, on both stores: two claims at once, a release beside a resolve, and a release beside the sweep of chats whose technician's session ended.
import { randomUUID } from 'node:crypto';
import { CosmosStore } from '../../src/services/storage/cosmos-store';
import type { Store } from '../../src/services/storage/store';
import { startCosmosServer, type CosmosTestServer } from '../support/cosmos-server';
import { memoryStore } from '../support/memory-store';
import { startTechnicianApi } from './technician-harness';

jest.setTimeout(60_000);

let cosmos: CosmosTestServer;
beforeAll(async () => {
  cosmos = await startCosmosServer();
});
afterAll(() => cosmos.close());

const stores: [string, () => Promise<Store>][] = [
  ['SQLite', async () => memoryStore().store],
  [
    'Cosmos DB',
    async () => {
      const store = new CosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, agent: cosmos.agent, database: `db-${randomUUID()}`, maxRetries: 1 });
      await store.init();
      return store;
    },
  ],
];

describe.each(stores)('two technicians claiming the same handoff at once (%s)', (_name, makeStore) => {
  it('exactly one gets 200 and the other 409, every time, and the conversation belongs to the winner', async () => {
    const store = await makeStore();
    const api = await startTechnicianApi(store);
    try {
      const [tina, omar] = await Promise.all([api.login('tina'), api.login('omar')]);
      for (let round = 0; round < 5; round++) {
        const id = await api.queueHandoff(round);
        const claims = await Promise.all([tina, omar].map((token) => api.call('POST', `/api/technician/handoffs/${id}/claim`, { token })));
        expect(claims.map((c) => c.status).sort()).toEqual([200, 409]);
        const loser = claims.find((c) => c.status === 409)!;
        expect(loser.body).toEqual({ error: { code: 'conflict', message: expect.any(String) } });
        const winner = claims.find((c) => c.status === 200)!.body.assignedTo;
        const owner = (await api.queue.owners.get(`conv-${round}`)).value.owner;
        expect(owner).toEqual({ technicianId: winner.id, name: winner.name });
        // The user hears about exactly one technician.
        expect(api.sent.filter((s) => s.conversationId === `conv-${round}` && s.message.handoff?.state === 'assigned')).toHaveLength(1);
      }
    } finally {
      await api.close();
      await store.close();
    }
  });
});

// A technician resolving while a supervisor releases (or a double click on both): one ending wins,
// and the conversation is left as that ending says. The loser's owner write stayed: the user was
// asked for a rating that was then not read as one, or was told the bot was back while the bot
// waited for a rating.
describe.each(stores)('a release and a resolve of the same handoff at once (%s)', (_name, makeStore) => {
  it('exactly one wins, and the conversation is handed back as the winner ended it', async () => {
    const store = await makeStore();
    const api = await startTechnicianApi(store);
    try {
      const [tina, sue] = await Promise.all([api.login('tina'), api.login('sue')]);
      for (let round = 0; round < 6; round++) {
        const id = await api.queueHandoff(round);
        await api.call('POST', `/api/technician/handoffs/${id}/claim`, { token: tina });
        const ends = [
          api.call('POST', `/api/technician/handoffs/${id}/resolve`, { token: tina, body: { resolution: 'Driver reinstalled' } }),
          api.call('POST', `/api/technician/handoffs/${id}/release`, { token: sue, body: { note: 'Tina is away' } }),
        ];
        const [resolved, released] = round % 2 ? (await Promise.all(ends.reverse())).reverse() : await Promise.all(ends);
        expect([resolved.status, released.status].sort()).toEqual([200, 409]);
        const winner = resolved.status === 200 ? 'resolved' : 'released';
        const owner = (await api.queue.owners.get(`conv-${round}`)).value;
        expect(owner).toEqual(winner === 'resolved' ? { owner: 'bot', ratingFor: id, handedBack: true } : { owner: 'bot', handedBack: true });
        // The ended record is the winner's; the loser's copy replaced it, and then deleted it, so the handoff was gone (404).
        expect((await api.call('GET', `/api/technician/handoffs/${id}`, { token: sue })).body).toMatchObject({ status: 'ended', outcome: winner });
        expect(api.sent.filter((s) => s.conversationId === `conv-${round}` && s.message.handoff?.state === 'ended')).toHaveLength(1);
      }
    } finally {
      await api.close();
      await store.close();
    }
  });
});

// A supervisor releasing the chat of a technician whose session just ended, as the sweep puts it back
// in the queue: it is ended or waiting, never both, and the user hears only what happened.
describe.each(stores)('a release beside the sweep that puts a chat back in the queue (%s)', (_name, makeStore) => {
  it('exactly one wins, and the conversation and the user are left as the winner says', async () => {
    const store = await makeStore();
    let now = Date.now();
    const api = await startTechnicianApi(store, () => now);
    try {
      for (let round = 0; round < 6; round++) {
        const tina = await api.login('tina');
        const id = await api.queueHandoff(round);
        await api.call('POST', `/api/technician/handoffs/${id}/claim`, { token: tina });
        now += 9 * 3600_000; // her session has expired
        const sue = await api.login('sue');
        const release = () => api.call('POST', `/api/technician/handoffs/${id}/release`, { token: sue, body: { note: 'Tina left' } });
        // Each starts first in turn, the other a few milliseconds later, so either can land first.
        const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
        const sweep = () => api.abandoned.sweep();
        const [released, swept] = await Promise.all(round % 2 ? [release(), pause(round).then(sweep)] : ([pause(round).then(release), sweep()] as const));
        const requeued = swept.some((h) => h.id === id);
        expect(released.status === 200).toBe(!requeued);
        const owner = (await api.queue.owners.get(`conv-${round}`)).value;
        const told = api.sent.filter((s) => s.conversationId === `conv-${round}` && s.message.handoff?.state !== 'assigned').map((s) => s.message.handoff?.state);
        if (requeued) {
          expect(released.body).toEqual({ error: { code: 'not_holder', message: expect.any(String) } });
          expect(await api.queue.get(id)).toMatchObject({ status: 'waiting' });
          expect(owner).toEqual({ owner: 'bot', handoffId: id });
          expect(told).toEqual(['queued']);
        } else {
          expect(await api.queue.get(id)).toMatchObject({ status: 'ended', outcome: 'released' });
          expect(owner).toEqual({ owner: 'bot', handedBack: true });
          expect(told).toEqual(['ended']);
        }
      }
    } finally {
      await api.close();
      await store.close();
    }
  });
});

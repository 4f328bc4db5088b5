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

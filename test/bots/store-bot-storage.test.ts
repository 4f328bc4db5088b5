import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { ConversationState, TestAdapter, type TurnContext } from 'botbuilder';
import { StoreBotStorage } from '../../src/bots/store-bot-storage';
import { CosmosStore } from '../../src/services/storage/cosmos-store';
import { SqliteStore } from '../../src/services/storage/sqlite-store';
import type { Store } from '../../src/services/storage/store';
import { startCosmosServer, type CosmosTestServer } from '../support/cosmos-server';

// A Teams channel conversation id: long, with ':' '@' ';' and, in a reply chain, '/'.
const TEAMS_CONVERSATION = `19:${'9f2c4e1a7b3d'.repeat(26)}@thread.tacv2;messageid=1700000000000/replies`;

let cosmos: CosmosTestServer;
beforeAll(async () => {
  cosmos = await startCosmosServer();
});
afterAll(async () => {
  await cosmos.close();
});

type Factory = (now: () => number) => Promise<{ store: Store; cleanup(): Promise<void> }>;

const stores: [string, Factory][] = [
  [
    'SQLite',
    async (now) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-botstate-'));
      const store = new SqliteStore({ dataDir: dir, now });
      return { store, cleanup: async () => { await store.close(); fs.rmSync(dir, { recursive: true, force: true }); } };
    },
  ],
  [
    'Cosmos DB',
    async (now) => {
      const store = new CosmosStore({ endpoint: cosmos.endpoint, key: cosmos.key, agent: cosmos.agent, database: `db-${randomUUID()}`, now, maxRetries: 1 });
      await store.init();
      return { store, cleanup: () => store.close() };
    },
  ],
];

/** A bot that counts the user's messages in conversation state; a new instance is a restarted server. */
function counterBot(storage: StoreBotStorage, conversationId: string, channelId = 'msteams'): TestAdapter {
  const state = new ConversationState(storage);
  const count = state.createProperty<number>('count');
  return new TestAdapter(
    async (context: TurnContext) => {
      const next = (await count.get(context, 0)) + 1;
      await count.set(context, next);
      await context.sendActivity(`message ${next}`);
      await state.saveChanges(context);
    },
    { channelId, conversation: { id: conversationId, isGroup: false, conversationType: 'channel', name: '' } },
  );
}

describe.each(stores)('StoreBotStorage over %s', (_name, factory) => {
  let clock: number;
  let store: Store;
  let cleanup: () => Promise<void>;
  beforeEach(async () => {
    clock = Date.UTC(2025, 0, 1);
    ({ store, cleanup } = await factory(() => clock));
  });
  afterEach(() => cleanup());

  it('keeps ConversationState for a long Teams conversation id across turns and a restart', async () => {
    await counterBot(new StoreBotStorage(store), TEAMS_CONVERSATION).send('hi').assertReply('message 1').send('again').assertReply('message 2');
    // A new bot over the same store: nothing lived only in the first one's memory.
    await counterBot(new StoreBotStorage(store), TEAMS_CONVERSATION).send('still there?').assertReply('message 3');
    // Another conversation whose id shares the first 300 characters starts from scratch.
    await counterBot(new StoreBotStorage(store), TEAMS_CONVERSATION.slice(0, 300) + 'other').send('hi').assertReply('message 1');
  });

  it('forgets conversation state after its retention period', async () => {
    await counterBot(new StoreBotStorage(store, { ttlSeconds: 3600 }), 'webchat-1', 'webchat').send('hi').assertReply('message 1');
    clock += 3601_000;
    await counterBot(new StoreBotStorage(store, { ttlSeconds: 3600 }), 'webchat-1', 'webchat').send('back').assertReply('message 1');
  });

  describe('botbuilder Storage semantics', () => {
    let storage: StoreBotStorage;
    beforeEach(() => {
      storage = new StoreBotStorage(store);
    });

    it('reads back what was written with an eTag, and omits keys never written', async () => {
      await storage.write({ 'a/1': { topic: 'wifi', nested: { step: 2 } }, 'b?2': { topic: 'printer' } });
      const items = await storage.read(['a/1', 'b?2', 'missing']);
      expect(Object.keys(items).sort()).toEqual(['a/1', 'b?2']);
      expect(items['a/1']).toMatchObject({ topic: 'wifi', nested: { step: 2 } });
      expect(typeof items['a/1'].eTag).toBe('string');
      // The eTag is the record's version, not part of the stored state.
      await expect(store.get('botstate', 'a/1', 'a/1')).resolves.toMatchObject({ value: { topic: 'wifi', nested: { step: 2 } } });
      expect(((await store.get<Record<string, unknown>>('botstate', 'a/1', 'a/1'))?.value ?? {}).eTag).toBeUndefined();
    });

    it("overwrites when the change has eTag '*' or none", async () => {
      await storage.write({ k: { v: 1 } });
      await storage.write({ k: { v: 2, eTag: '*' } });
      await storage.write({ k: { v: 3 } });
      await expect(storage.read(['k'])).resolves.toMatchObject({ k: { v: 3 } });
    });

    it('writes over the version it read, and refuses a stale eTag with an eTag conflict', async () => {
      await storage.write({ k: { v: 1 } });
      const first = (await storage.read(['k'])).k;
      await storage.write({ k: { ...first, v: 2 } });
      await expect(storage.write({ k: { ...first, v: 3 } })).rejects.toThrow(/eTag conflict/);
      await expect(storage.read(['k'])).resolves.toMatchObject({ k: { v: 2 } });
      await expect(storage.write({ gone: { v: 1, eTag: first.eTag } })).rejects.toThrow(/eTag conflict/);
    });

    it('deletes state', async () => {
      await storage.write({ k: { v: 1 }, other: { v: 2 } });
      await storage.delete(['k', 'never-written']);
      await expect(storage.read(['k', 'other'])).resolves.toEqual({ other: expect.objectContaining({ v: 2 }) });
    });
  });
});

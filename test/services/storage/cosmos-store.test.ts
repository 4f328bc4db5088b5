import { randomUUID } from 'node:crypto';
import { CosmosClient } from '@azure/cosmos';
import { CONTAINER_NAMES } from '../../../src/services/storage/containers';
import { CosmosStore } from '../../../src/services/storage/cosmos-store';
import { StoreUnavailableError } from '../../../src/services/storage/store';
import { startCosmosServer, type CosmosTestServer } from '../../support/cosmos-server';
import { runStoreConformance } from './conformance';

jest.setTimeout(30_000);

let server: CosmosTestServer;

beforeAll(async () => {
  server = await startCosmosServer();
});

afterAll(async () => {
  await server.close();
});

// One server for the file, a fresh database per test: cheap, and no state leaks between tests.
runStoreConformance('Cosmos DB', async (now) => {
  const store = new CosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, database: `db-${randomUUID()}`, now, maxRetries: 1 });
  await store.init();
  return { store, cleanup: () => store.close() };
});

describe('CosmosStore against the Cosmos DB wire protocol', () => {
  it('creates every container partitioned by /pk with per-item TTL enabled, and init is repeatable', async () => {
    const database = `db-${randomUUID()}`;
    const store = new CosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, database });
    await store.init();
    await store.init();
    const client = new CosmosClient({ endpoint: server.endpoint, key: server.key, agent: server.agent });
    for (const name of CONTAINER_NAMES) {
      const { resource } = await client.database(database).container(name).read();
      expect(resource?.partitionKey?.paths).toEqual(['/pk']);
      expect(resource?.defaultTtl).toBe(-1);
    }
    client.dispose();
    await store.close();
  });

  it('stores escaped ids, the original key and a Cosmos ttl on the item', async () => {
    const database = `db-${randomUUID()}`;
    const store = new CosmosStore({ endpoint: server.endpoint, key: server.key, agent: server.agent, database, now: () => 1_000 });
    await store.init();
    await store.put('conversations', 'c-1', 'transcripts/2025?#1', { text: 'hi' }, { ttlSeconds: 90 });
    const client = new CosmosClient({ endpoint: server.endpoint, key: server.key, agent: server.agent });
    const { resources } = await client.database(database).container('conversations').items.readAll().fetchAll();
    expect(resources).toHaveLength(1);
    expect(resources[0]).toMatchObject({ id: 'transcripts*2f2025*3f*231', pk: 'c-1', key: 'transcripts/2025?#1', ttl: 90, expiresAt: 91_000 });
    client.dispose();
    await store.close();
  });

  describe('when the account throttles or is unavailable', () => {
    let store: CosmosStore;
    const waits: number[] = [];
    beforeEach(async () => {
      waits.length = 0;
      store = new CosmosStore({
        endpoint: server.endpoint,
        key: server.key,
        agent: server.agent,
        database: `db-${randomUUID()}`,
        maxRetries: 3,
        sleep: async (ms) => {
          waits.push(ms);
        },
      });
      await store.init();
    });
    afterEach(async () => {
      server.failNextDocumentRequests(0, 429);
      await store.close();
    });

    it('retries 429s after the wait the service asked for, and the write lands once', async () => {
      server.failNextDocumentRequests(2, 429, 250);
      const before = server.documentRequests();
      await store.put('users', 'u', 'k', { v: 1 });
      expect(server.documentRequests() - before).toBe(3);
      expect(waits).toEqual([250, 250]);
      await expect(store.query('users', 'u')).resolves.toHaveLength(1);
    });

    it('gives up with StoreUnavailableError when 503s outlast the retries', async () => {
      server.failNextDocumentRequests(100, 503);
      const before = server.documentRequests();
      const failure = store.get('users', 'u', 'k');
      await expect(failure).rejects.toBeInstanceOf(StoreUnavailableError);
      await expect(failure).rejects.toThrow(/503/);
      expect(waits).toHaveLength(3);
      // The SDK's own failover policy re-sends a 503'd read once per attempt; throttling (above) it leaves to us.
      expect(server.documentRequests() - before).toBe(8);
    });
  });

  it('reports StoreUnavailableError when nothing answers at the endpoint', async () => {
    const store = new CosmosStore({
      endpoint: 'https://127.0.0.1:1',
      key: server.key,
      agent: server.agent,
      database: 'nowhere',
      maxRetries: 2,
      sleep: async () => {},
    });
    const failure = store.health();
    await expect(failure).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(failure).rejects.toThrow(/ECONNREFUSED/);
    await store.close();
  });
});

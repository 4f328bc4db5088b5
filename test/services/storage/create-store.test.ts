import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { createStore } from '../../../src/services/storage/create-store';
import { startCosmosServer, type CosmosTestServer } from '../../support/cosmos-server';

describe('createStore', () => {
  let dir: string;
  let cosmos: CosmosTestServer;
  beforeAll(async () => {
    cosmos = await startCosmosServer();
  });
  afterAll(() => cosmos.close());
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-create-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('builds the embedded SQLite store in the data folder by default', async () => {
    const dataDir = path.join(dir, 'data');
    const store = await createStore({ HELPLINE_STORE: 'sqlite', HELPLINE_DATA_DIR: dataDir, COSMOS_DATABASE: 'helpline' });
    expect(store.kind).toBe('sqlite');
    await store.put('users', 'u', 'k', 'v');
    expect(fs.existsSync(path.join(dataDir, 'helpline.db'))).toBe(true);
    await store.close();
  });

  it('builds a ready Cosmos DB store, with the injected clock deciding expiry', async () => {
    let clock = 1_000_000;
    const store = await createStore(
      { HELPLINE_STORE: 'cosmos', HELPLINE_DATA_DIR: dir, COSMOS_ENDPOINT: cosmos.endpoint, COSMOS_KEY: cosmos.key, COSMOS_DATABASE: `db-${randomUUID()}` },
      { now: () => clock, agent: cosmos.agent },
    );
    expect(store.kind).toBe('cosmos');
    // Containers exist straight away: no separate setup step.
    await store.put('handoffs', 'queue', 'ticket', { n: 1 }, { ttlSeconds: 10 });
    await expect(store.get('handoffs', 'queue', 'ticket')).resolves.toMatchObject({ value: { n: 1 } });
    clock += 11_000;
    await expect(store.get('handoffs', 'queue', 'ticket')).resolves.toBeUndefined();
    await store.close();
  });

  it('says which setting is missing when Cosmos DB is chosen without an endpoint', async () => {
    await expect(createStore({ HELPLINE_STORE: 'cosmos', HELPLINE_DATA_DIR: dir, COSMOS_DATABASE: 'helpline' })).rejects.toThrow(/COSMOS_ENDPOINT/);
  });
});

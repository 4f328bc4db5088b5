import type https from 'node:https';
import { z } from 'zod';
import { SqliteStore } from './sqlite-store';
import type { Store } from './store';

export interface StoreEnv {
  HELPLINE_STORE: 'sqlite' | 'cosmos';
  HELPLINE_DATA_DIR: string;
  COSMOS_ENDPOINT?: string;
  COSMOS_KEY?: string;
  COSMOS_DATABASE: string;
}

export interface CreateStoreOptions {
  now?: () => number;
  agent?: https.Agent;
}

const envSchema = z.discriminatedUnion('HELPLINE_STORE', [
  z.object({ HELPLINE_STORE: z.literal('sqlite'), HELPLINE_DATA_DIR: z.string().min(1) }),
  z.object({
    HELPLINE_STORE: z.literal('cosmos'),
    COSMOS_ENDPOINT: z.string({ required_error: 'COSMOS_ENDPOINT is required when HELPLINE_STORE=cosmos' }).url(),
    // Empty means "no key": sign in with managed identity instead.
    COSMOS_KEY: z.string().optional().transform((key) => (key ? key : undefined)),
    COSMOS_DATABASE: z.string().min(1),
  }),
]);

/** Builds the store the environment asks for and makes it ready (Cosmos: database and containers exist). */
export async function createStore(env: StoreEnv, options: CreateStoreOptions = {}): Promise<Store> {
  const config = envSchema.parse(env);
  if (config.HELPLINE_STORE === 'sqlite') {
    return new SqliteStore({ dataDir: config.HELPLINE_DATA_DIR, now: options.now });
  }
  // Loaded only when asked for: @azure/cosmos and @azure/identity add about 40 MB to every process.
  const { CosmosStore } = await import('./cosmos-store');
  const store = new CosmosStore({
    endpoint: config.COSMOS_ENDPOINT,
    key: config.COSMOS_KEY,
    database: config.COSMOS_DATABASE,
    agent: options.agent,
    now: options.now,
  });
  try {
    await store.init();
  } catch (err) {
    await store.close();
    throw err;
  }
  return store;
}

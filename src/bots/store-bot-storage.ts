import type { Storage, StoreItems } from 'botbuilder';
import { z } from 'zod';
import { landedOrThrow } from '../services/storage/create-once';
import { ConflictError, type Store, type StoredRecord } from '../services/storage/store';

export interface StoreBotStorageOptions {
  /** Retention for bot state: each write keeps the document this many seconds more. */
  ttlSeconds?: number;
}

const keysSchema = z.array(z.string().min(1));
// botbuilder state documents are plain JSON objects; `eTag` rides along on the object itself.
const changesSchema = z.record(z.string().min(1), z.object({ eTag: z.string().optional() }).passthrough());

/**
 * botbuilder's Storage (ConversationState, UserState) over a Helpline Store: container 'botstate',
 * one partition per state key, so each conversation's state is erased and expires on its own.
 * eTag semantics follow botbuilder's own storages: '*' or no eTag overwrites, any other eTag
 * writes only over that exact version. A written item gets its new eTag.
 */
export class StoreBotStorage implements Storage {
  constructor(
    private readonly store: Store,
    private readonly options: StoreBotStorageOptions = {},
  ) {}

  async read(keys: string[]): Promise<StoreItems> {
    const items: StoreItems = {};
    const records = await Promise.all(keysSchema.parse(keys).map((key) => this.store.get<Record<string, unknown>>('botstate', key, key)));
    for (const record of records) {
      if (record) items[record.key] = { ...record.value, eTag: record.eTag };
    }
    return items;
  }

  async write(changes: StoreItems): Promise<void> {
    const parsed = changesSchema.parse(changes);
    await Promise.all(
      Object.entries(parsed).map(async ([key, { eTag, ...value }]) => {
        const ifMatch = eTag && eTag !== '*' ? eTag : undefined;
        let written: StoredRecord<unknown>;
        try {
          written = await this.store.put('botstate', key, key, value, { ifMatch, ttlSeconds: this.options.ttlSeconds }).catch((error: unknown) =>
            landedOrThrow(this.store, 'botstate', key, key, value, error),
          );
        } catch (err) {
          if (err instanceof ConflictError) throw new Error(`Storage: error writing "${key}" due to eTag conflict.`);
          throw err;
        }
        // The written item now stands for the new version: a later write of it in the same turn
        // must match that, not the version it was read at.
        (changes[key] as { eTag?: string }).eTag = written.eTag;
      }),
    );
  }

  async delete(keys: string[]): Promise<void> {
    await Promise.all(keysSchema.parse(keys).map((key) => this.store.delete('botstate', key, key)));
  }
}

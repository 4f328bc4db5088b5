import { randomBytes } from 'node:crypto';
import type { ContainerName } from './containers';
import { ConflictError, type PutOptions, type Store, type StoredRecord } from './store';

/**
 * Writes a record that must not exist yet, under a key only this writer uses (a fresh id or a
 * time-ordered key). When the answer to such a write is lost, the store's retry meets the write
 * that did land as a conflict; a stored record holding exactly this value is that write, so it
 * counts as done instead of failing a turn whose effect is already stored.
 */
export async function createOnce<T>(
  store: Store,
  container: ContainerName,
  partition: string,
  key: string,
  value: T,
  options: Omit<PutOptions, 'ifMatch' | 'ifNoneMatch'> = {},
): Promise<StoredRecord<T>> {
  const { created, stored } = await createIfAbsent(store, container, partition, key, value, options);
  if (created && stored) return stored;
  throw new ConflictError('the record already exists');
}

/**
 * Creates the record unless one is already stored under the key: for a key several writers try
 * (a claim, an entry of a list), where finding it there is a normal outcome, not a failure.
 * `created` says whether this call's value is the one stored (also when the answer to its write
 * was lost: the value, with a writerMark() where two writers could store the same, tells);
 * `stored` is the record there now, this writer's or the one that was there first.
 */
export async function createIfAbsent<T>(
  store: Store,
  container: ContainerName,
  partition: string,
  key: string,
  value: T,
  options: Omit<PutOptions, 'ifMatch' | 'ifNoneMatch'> = {},
): Promise<{ created: boolean; stored: StoredRecord<T> | undefined }> {
  try {
    return { created: true, stored: await store.put(container, partition, key, value, { ...options, ifNoneMatch: '*' }) };
  } catch (error) {
    if (!(error instanceof ConflictError)) throw error;
    const { stored, ours } = await afterConflict(store, container, partition, key, value);
    return { created: ours, stored };
  }
}

/**
 * After a conditional write failed: when it failed on its condition and the stored record holds
 * exactly `value`, that record is this writer's own write whose answer was lost (the retry met
 * it), and the write counts as done; anything else rethrows the error.
 */
export async function landedOrThrow<T>(store: Store, container: ContainerName, partition: string, key: string, value: T, error: unknown): Promise<StoredRecord<T>> {
  if (!(error instanceof ConflictError)) throw error;
  const { stored, ours } = await afterConflict(store, container, partition, key, value);
  if (ours && stored) return stored;
  throw error;
}

/** After a write met a conflict: the record there now, and whether it holds exactly `value` (this writer's own write). */
async function afterConflict<T>(store: Store, container: ContainerName, partition: string, key: string, value: T): Promise<{ stored: StoredRecord<T> | undefined; ours: boolean }> {
  const stored = await store.get<T>(container, partition, key);
  return { stored, ours: stored !== undefined && JSON.stringify(stored.value) === JSON.stringify(value) };
}

/**
 * A random mark to store with a value whose key other writers may try too (the next number of
 * a log). createOnce tells this writer's landed write from another's by comparing values; two
 * writers can append the same text in the same millisecond, the mark makes the comparison exact.
 * Readers drop it (their schemas strip unknown fields).
 */
export function writerMark(): string {
  return randomBytes(9).toString('base64url');
}

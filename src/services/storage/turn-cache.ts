import { AsyncLocalStorage } from 'node:async_hooks';
import type { ContainerName } from './containers';
import { ForwardingStore } from './forwarding-store';
import type { PutOptions, QueryOptions, Store, StoredRecord } from './store';

/** What one turn has read or written so far: record and query answers by key. */
class TurnMemory {
  readonly records = new Map<string, Promise<StoredRecord<unknown> | undefined>>();
  /** Query answers, grouped by container and partition so a write there drops them all. */
  readonly queries = new Map<string, Map<string, Promise<StoredRecord<unknown>[]>>>();
}

/**
 * The scope of one user turn. Several parts of a turn ask the store the same question (the
 * notice gate and the recording preference both read the consents; contact collection, the
 * email index and the handoff summary all read the profile): inside `run`, each record and
 * each query is read from the store once, and the turn's own writes update what it remembers.
 * Nothing outlives the turn, so another instance's writes are seen from the next turn on,
 * exactly as if every part had read the store at the start of the turn; conditional writes
 * still carry the eTag of what was read, so a conflicting write still fails.
 */
export class TurnScope {
  private readonly current = new AsyncLocalStorage<TurnMemory>();

  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.current.run(new TurnMemory(), fn);
  }

  memory(): TurnMemory | undefined {
    return this.current.getStore();
  }
}

const SEP = '\u0000';
const REMEMBERED: ReadonlySet<ContainerName> = new Set<ContainerName>(['users', 'conversations', 'ledger']);
// Callers may change what they were given (a profile they are about to save): every answer is a copy.
const copy = <T>(value: T): T => structuredClone(value);

/**
 * A Store that answers repeated reads within one TurnScope from memory; outside a turn it only
 * forwards. It remembers what a turn reads about its own user and conversation (users,
 * conversations, ledger). Bot state is left out because ConversationState reads it once per turn
 * and keeps it itself, and the shared queues (handoffs, technicians) because technicians change
 * them all the time and their listings are the largest answers, which would cost more to copy
 * than to read again.
 */
export class TurnCachingStore extends ForwardingStore {
  constructor(
    inner: Store,
    private readonly scope: TurnScope,
  ) {
    super(inner);
  }

  private memory(container: ContainerName): TurnMemory | undefined {
    return REMEMBERED.has(container) ? this.scope.memory() : undefined;
  }

  override async get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined> {
    const memory = this.memory(container);
    if (!memory) return this.inner.get<T>(container, partition, key);
    const id = recordId(container, partition, key);
    let answer = memory.records.get(id);
    if (!answer) {
      answer = this.inner.get<unknown>(container, partition, key);
      memory.records.set(id, answer);
      // A failed read is not remembered: the next part of the turn may try again.
      answer.catch(() => memory.records.get(id) === answer && memory.records.delete(id));
    }
    return copy((await answer) as StoredRecord<T> | undefined);
  }

  override async put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    const memory = this.memory(container);
    if (!memory) return this.inner.put(container, partition, key, value, options);
    const id = recordId(container, partition, key);
    try {
      const written = await this.inner.put(container, partition, key, value, options);
      // The inner store's answer is its own copy of what it wrote (the Store contract), so it is
      // remembered as it is. Most callers want only the new eTag (every turn writes its
      // transcript, never to read it back): the caller's view copies the value only if read.
      memory.records.set(id, Promise.resolve(written as StoredRecord<unknown>));
      return copiedWhenRead(written);
    } catch (error) {
      // A refused or failed write leaves the stored record unknown: read it again if asked.
      memory.records.delete(id);
      throw error;
    } finally {
      // After the write, not before: a query asked while it was on its way may have missed it.
      forgetQueries(memory, container, partition);
    }
  }

  override async delete(container: ContainerName, partition: string, key: string, options?: { ifMatch?: string }): Promise<boolean> {
    const memory = this.memory(container);
    if (!memory) return this.inner.delete(container, partition, key, options);
    const id = recordId(container, partition, key);
    memory.records.delete(id);
    try {
      const deleted = await this.inner.delete(container, partition, key, options);
      if (deleted || !options?.ifMatch) memory.records.set(id, Promise.resolve(undefined));
      else memory.records.delete(id);
      return deleted;
    } catch (error) {
      memory.records.delete(id);
      throw error;
    } finally {
      forgetQueries(memory, container, partition);
    }
  }

  override async query<T>(container: ContainerName, partition: string, options?: QueryOptions): Promise<StoredRecord<T>[]> {
    const memory = this.memory(container);
    if (!memory) return this.inner.query<T>(container, partition, options);
    const group = `${container}${SEP}${partition}`;
    let answers = memory.queries.get(group);
    if (!answers) memory.queries.set(group, (answers = new Map()));
    const id = JSON.stringify(options ?? {});
    let answer = answers.get(id);
    if (!answer) {
      const asked = this.inner.query<unknown>(container, partition, options);
      const remembered = answers;
      remembered.set(id, asked);
      asked.catch(() => remembered.get(id) === asked && remembered.delete(id));
      answer = asked;
    }
    return copy((await answer) as StoredRecord<T>[]);
  }

  // Bulk changes forget everything once they are done (anything read meanwhile may predate them).
  override async deletePartition(container: ContainerName, partition: string): Promise<number> {
    try {
      return await this.inner.deletePartition(container, partition);
    } finally {
      this.forgetAll();
    }
  }

  override async purgeExpired(): Promise<number> {
    try {
      return await this.inner.purgeExpired();
    } finally {
      this.forgetAll();
    }
  }

  override async scrub(): Promise<void> {
    try {
      await this.inner.scrub();
    } finally {
      this.forgetAll();
    }
  }

  private forgetAll(): void {
    const memory = this.scope.memory();
    memory?.records.clear();
    memory?.queries.clear();
  }
}

function recordId(container: string, partition: string, key: string): string {
  return `${container}${SEP}${partition}${SEP}${key}`;
}

function forgetQueries(memory: TurnMemory, container: string, partition: string): void {
  memory.queries.delete(`${container}${SEP}${partition}`);
}

/** The record with its value copied on first read, so the caller cannot change the remembered one. */
function copiedWhenRead<T>(record: StoredRecord<T>): StoredRecord<T> {
  let value: { copy: T } | undefined;
  return {
    container: record.container,
    partition: record.partition,
    key: record.key,
    get value(): T {
      return (value ??= { copy: copy(record.value) }).copy;
    },
    eTag: record.eTag,
    expiresAt: record.expiresAt,
  };
}

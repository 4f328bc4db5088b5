import { CountingStore } from '../../../src/services/storage/counting-store';
import { ForwardingStore } from '../../../src/services/storage/forwarding-store';
import { ConflictError, type PutOptions, type QueryOptions, type Store, type StoredRecord } from '../../../src/services/storage/store';
import type { ContainerName } from '../../../src/services/storage/containers';
import { TurnCachingStore, TurnScope } from '../../../src/services/storage/turn-cache';
import { memoryStore } from '../../support/memory-store';

/** Fails the next get/query/put on demand, to see what the cache does with a failed round trip. */
class FlakyStore extends ForwardingStore {
  failNext: { get?: boolean; query?: boolean; put?: boolean } = {};

  override get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined> {
    if (this.failNext.get) return this.fail('get');
    return super.get<T>(container, partition, key);
  }

  override query<T>(container: ContainerName, partition: string, options?: QueryOptions): Promise<StoredRecord<T>[]> {
    if (this.failNext.query) return this.fail('query');
    return super.query<T>(container, partition, options);
  }

  override put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    if (this.failNext.put) return this.fail('put');
    return super.put(container, partition, key, value, options);
  }

  private async fail(op: 'get' | 'query' | 'put'): Promise<never> {
    this.failNext[op] = false;
    throw new Error(`store unreachable (${op})`);
  }
}

function setup() {
  const { store: sqlite, clock } = memoryStore();
  const flaky = new FlakyStore(sqlite);
  // Counts every round trip that reaches the real store, failed ones included.
  const counting = new CountingStore(flaky);
  const scope = new TurnScope();
  const cached = new TurnCachingStore(counting, scope);
  /** Another instance (or a background job) writing straight to the shared store. */
  const elsewhere: Store = sqlite;
  return { sqlite, clock, flaky, counting, scope, cached, elsewhere, reads: () => counting.snapshot() };
}

function deferred(): { promise: Promise<void>; release: () => void } {
  let release!: () => void;
  const promise = new Promise<void>((resolve) => (release = resolve));
  return { promise, release };
}

describe('TurnCachingStore inside a turn', () => {
  it('reads a record once however often the turn asks for it, and gives the same answer each time', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    const stored = await elsewhere.put('users', 'u1', 'profile', { name: 'Ann' });
    await scope.run(async () => {
      const first = await cached.get('users', 'u1', 'profile');
      const second = await cached.get('users', 'u1', 'profile');
      expect(first).toEqual(stored);
      expect(second).toEqual(stored);
    });
    expect(reads().get).toBe(1);
  });

  it('remembers that a record is missing, too', async () => {
    const { cached, scope, reads } = setup();
    await scope.run(async () => {
      await expect(cached.get('users', 'u1', 'nothing')).resolves.toBeUndefined();
      await expect(cached.get('users', 'u1', 'nothing')).resolves.toBeUndefined();
    });
    expect(reads().get).toBe(1);
  });

  it('lets parts of the turn that ask at the same moment share one read', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'consents', { marketing: false });
    const answers = await scope.run(() => Promise.all([cached.get('users', 'u1', 'consents'), cached.get('users', 'u1', 'consents'), cached.query('users', 'u1'), cached.query('users', 'u1')]));
    expect(answers[0]?.value).toEqual({ marketing: false });
    expect(answers[1]?.value).toEqual({ marketing: false });
    expect(answers[2]).toHaveLength(1);
    expect(answers[3]).toHaveLength(1);
    expect(reads()).toMatchObject({ get: 1, query: 1 });
  });

  it('runs an identical query once', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'request/1', 1);
    await elsewhere.put('users', 'u1', 'request/2', 2);
    await scope.run(async () => {
      const first = await cached.query('users', 'u1', { keyPrefix: 'request/' });
      const second = await cached.query('users', 'u1', { keyPrefix: 'request/' });
      expect(first.map((r) => r.value)).toEqual([1, 2]);
      expect(second).toEqual(first);
    });
    expect(reads().query).toBe(1);
  });

  it('reads each different record from the store: another key, partition or container', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'a', 'users/u1/a');
    await elsewhere.put('users', 'u1', 'b', 'users/u1/b');
    await elsewhere.put('users', 'u2', 'a', 'users/u2/a');
    await elsewhere.put('conversations', 'u1', 'a', 'conversations/u1/a');
    await scope.run(async () => {
      expect((await cached.get('users', 'u1', 'a'))?.value).toBe('users/u1/a');
      expect((await cached.get('users', 'u1', 'b'))?.value).toBe('users/u1/b');
      expect((await cached.get('users', 'u2', 'a'))?.value).toBe('users/u2/a');
      expect((await cached.get('conversations', 'u1', 'a'))?.value).toBe('conversations/u1/a');
    });
    expect(reads().get).toBe(4);
  });

  it('runs each different query against the store: another partition, container, prefix or limit', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    for (const key of ['request/1', 'request/2', 'case/1']) await elsewhere.put('users', 'u1', key, key);
    await elsewhere.put('users', 'u2', 'request/9', 'u2');
    await elsewhere.put('conversations', 'u1', 'turn/1', 'conv');
    await scope.run(async () => {
      expect((await cached.query('users', 'u1')).map((r) => r.key)).toEqual(['case/1', 'request/1', 'request/2']);
      expect((await cached.query('users', 'u2')).map((r) => r.key)).toEqual(['request/9']);
      expect((await cached.query('conversations', 'u1')).map((r) => r.key)).toEqual(['turn/1']);
      expect((await cached.query('users', 'u1', { keyPrefix: 'request/' })).map((r) => r.key)).toEqual(['request/1', 'request/2']);
      expect((await cached.query('users', 'u1', { keyPrefix: 'request/', limit: 1 })).map((r) => r.key)).toEqual(['request/1']);
      expect((await cached.query('users', 'u1', { keyPrefix: 'case/' })).map((r) => r.key)).toEqual(['case/1']);
    });
    expect(reads().query).toBe(6);
  });
});

describe('TurnCachingStore outside a turn (background jobs, the technician API)', () => {
  it('hands every call to the store and remembers nothing', async () => {
    const { cached, elsewhere, reads } = setup();
    await elsewhere.put('handoffs', 'queue', 't1', { status: 'waiting' });
    expect((await cached.get('handoffs', 'queue', 't1'))?.value).toEqual({ status: 'waiting' });
    await elsewhere.put('handoffs', 'queue', 't1', { status: 'accepted' });
    expect((await cached.get('handoffs', 'queue', 't1'))?.value).toEqual({ status: 'accepted' });
    expect(await cached.query('handoffs', 'queue')).toHaveLength(1);
    await elsewhere.put('handoffs', 'queue', 't2', { status: 'waiting' });
    expect(await cached.query('handoffs', 'queue')).toHaveLength(2);
    expect(reads()).toMatchObject({ get: 2, query: 2 });
  });

  it('passes writes and deletes through', async () => {
    const { cached, sqlite, reads } = setup();
    const written = await cached.put('users', 'u1', 'a', { n: 1 });
    expect(await sqlite.get('users', 'u1', 'a')).toEqual(written);
    await expect(cached.delete('users', 'u1', 'a')).resolves.toBe(true);
    expect(await sqlite.get('users', 'u1', 'a')).toBeUndefined();
    expect(reads()).toMatchObject({ put: 1, delete: 1, get: 0 });
  });
});

describe('TurnCachingStore: turns do not share memory', () => {
  it('keeps two concurrent turns apart, and each sees the store as it was when it first read', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'profile', { name: 'Ann' });
    const gate = deferred();
    const turnA = scope.run(async () => {
      const before = await cached.get<{ name: string }>('users', 'u1', 'profile');
      await gate.promise;
      const after = await cached.get<{ name: string }>('users', 'u1', 'profile');
      return [before?.value.name, after?.value.name];
    });
    // Turn B runs while turn A waits: its own first read goes to the store.
    await scope.run(async () => {
      expect((await cached.get<{ name: string }>('users', 'u1', 'profile'))?.value.name).toBe('Ann');
    });
    expect(reads().get).toBe(2);
    // Another instance changes the record; a turn started afterwards sees the change.
    await elsewhere.put('users', 'u1', 'profile', { name: 'Annabel' });
    const turnC = scope.run(async () => (await cached.get<{ name: string }>('users', 'u1', 'profile'))?.value.name);
    await expect(turnC).resolves.toBe('Annabel');
    gate.release();
    await expect(turnA).resolves.toEqual(['Ann', 'Ann']);
    expect(reads().get).toBe(3);
  });

  it('forgets everything when the turn ends', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'a', 1);
    await scope.run(async () => void (await cached.get('users', 'u1', 'a')));
    await elsewhere.put('users', 'u1', 'a', 2);
    const next = await scope.run(async () => (await cached.get('users', 'u1', 'a'))?.value);
    expect(next).toBe(2);
    expect(reads().get).toBe(2);
  });

  it('does not let one turn\'s writes show up in another turn\'s memory', async () => {
    const { cached, scope, elsewhere } = setup();
    await elsewhere.put('users', 'u1', 'a', 'old');
    const gate = deferred();
    const reader = scope.run(async () => {
      await cached.get('users', 'u1', 'a');
      await gate.promise;
      return (await cached.get('users', 'u1', 'a'))?.value;
    });
    await scope.run(async () => void (await cached.put('users', 'u1', 'a', 'new')));
    gate.release();
    // The reader keeps its own view of the turn; the store has the new value.
    await expect(reader).resolves.toBe('old');
    expect((await elsewhere.get('users', 'u1', 'a'))?.value).toBe('new');
  });
});

describe('TurnCachingStore: the turn\'s own writes', () => {
  it('answers a get after a put with the written value and its new eTag, without reading', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    const old = await elsewhere.put('users', 'u1', 'profile', { name: 'Ann' });
    await scope.run(async () => {
      await cached.get('users', 'u1', 'profile');
      const written = await cached.put('users', 'u1', 'profile', { name: 'Annabel' }, { ifMatch: old.eTag });
      expect(written.eTag).not.toBe(old.eTag);
      const again = await cached.get<{ name: string }>('users', 'u1', 'profile');
      expect(again?.value).toEqual({ name: 'Annabel' });
      expect(again?.eTag).toBe(written.eTag);
      // The eTag it answers with is the stored one: a conditional write with it succeeds.
      await expect(cached.put('users', 'u1', 'profile', { name: 'Ann B.' }, { ifMatch: again!.eTag })).resolves.toMatchObject({ value: { name: 'Ann B.' } });
    });
    expect(reads().get).toBe(1);
    expect((await elsewhere.get('users', 'u1', 'profile'))?.value).toEqual({ name: 'Ann B.' });
  });

  it('answers a get of a record first written in this turn without reading', async () => {
    const { cached, scope, reads } = setup();
    await scope.run(async () => {
      const written = await cached.put('users', 'u1', 'new', { n: 1 });
      expect(await cached.get('users', 'u1', 'new')).toEqual(written);
    });
    expect(reads().get).toBe(0);
  });

  it('after a put, runs queries of that container and partition again, and keeps the others', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'request/1', 1);
    await elsewhere.put('users', 'u2', 'request/1', 1);
    await elsewhere.put('conversations', 'u1', 'request/1', 1);
    await scope.run(async () => {
      await cached.query('users', 'u1');
      await cached.query('users', 'u1', { keyPrefix: 'request/' });
      await cached.query('users', 'u2');
      await cached.query('conversations', 'u1');
      expect(reads().query).toBe(4);

      await cached.put('users', 'u1', 'request/2', 2);

      expect((await cached.query('users', 'u1')).map((r) => r.key)).toEqual(['request/1', 'request/2']);
      expect((await cached.query('users', 'u1', { keyPrefix: 'request/' })).map((r) => r.key)).toEqual(['request/1', 'request/2']);
      expect(reads().query).toBe(6);
      // Another partition of the same container, and the same partition name in another container, stay remembered.
      expect(await cached.query('users', 'u2')).toHaveLength(1);
      expect(await cached.query('conversations', 'u1')).toHaveLength(1);
      expect(reads().query).toBe(6);
    });
  });

  it('after a delete, a get answers undefined and queries of the partition no longer list the record', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'a', 1);
    await elsewhere.put('users', 'u1', 'b', 2);
    await scope.run(async () => {
      expect((await cached.get('users', 'u1', 'a'))?.value).toBe(1);
      expect(await cached.query('users', 'u1')).toHaveLength(2);
      await expect(cached.delete('users', 'u1', 'a')).resolves.toBe(true);
      await expect(cached.get('users', 'u1', 'a')).resolves.toBeUndefined();
      expect((await cached.query('users', 'u1')).map((r) => r.key)).toEqual(['b']);
    });
    expect(reads()).toMatchObject({ get: 1, query: 2 });
    expect(await elsewhere.get('users', 'u1', 'a')).toBeUndefined();
  });

  it.each([
    ['deletePartition', (s: Store) => s.deletePartition('users', 'u9')],
    ['purgeExpired', (s: Store) => s.purgeExpired()],
    ['scrub', (s: Store) => s.scrub()],
  ])('forgets every record and query of the turn on %s', async (_name, bulk) => {
    const { cached, scope, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'a', 1);
    await elsewhere.put('ledger', 'requests', 'PR-1', 1);
    await scope.run(async () => {
      await cached.get('users', 'u1', 'a');
      await cached.query('ledger', 'requests');
      await elsewhere.put('users', 'u1', 'a', 2);
      await elsewhere.put('ledger', 'requests', 'PR-2', 2);
      await bulk(cached);
      expect((await cached.get('users', 'u1', 'a'))?.value).toBe(2);
      expect(await cached.query('ledger', 'requests')).toHaveLength(2);
    });
    expect(reads()).toMatchObject({ get: 2, query: 2 });
  });

  it('a deleted partition reads as empty afterwards in the same turn', async () => {
    const { cached, scope, elsewhere } = setup();
    await elsewhere.put('users', 'u1', 'a', 1);
    await scope.run(async () => {
      await cached.get('users', 'u1', 'a');
      await cached.query('users', 'u1');
      await expect(cached.deletePartition('users', 'u1')).resolves.toBe(1);
      await expect(cached.get('users', 'u1', 'a')).resolves.toBeUndefined();
      await expect(cached.query('users', 'u1')).resolves.toEqual([]);
    });
  });
});

describe('TurnCachingStore: answers are copies', () => {
  it('a caller changing what get returned does not change what the next get returns', async () => {
    const { cached, scope, elsewhere } = setup();
    await elsewhere.put('users', 'u1', 'profile', { name: 'Ann', tags: ['a'] });
    await scope.run(async () => {
      const first = await cached.get<{ name: string; tags: string[] }>('users', 'u1', 'profile');
      first!.value.name = 'changed';
      first!.value.tags.push('b');
      first!.eTag = 'forged';
      const second = await cached.get<{ name: string; tags: string[] }>('users', 'u1', 'profile');
      expect(second?.value).toEqual({ name: 'Ann', tags: ['a'] });
      expect(second?.eTag).not.toBe('forged');
    });
  });

  it('a caller changing what a query returned does not change the next identical query', async () => {
    const { cached, scope, elsewhere } = setup();
    await elsewhere.put('users', 'u1', 'a', { n: 1 });
    await scope.run(async () => {
      const first = await cached.query<{ n: number }>('users', 'u1');
      first[0].value.n = 99;
      first.pop();
      const second = await cached.query<{ n: number }>('users', 'u1');
      expect(second.map((r) => r.value)).toEqual([{ n: 1 }]);
    });
  });

  it('copies nothing for a put whose answer is used only for its eTag, and copies the value once when it is read', async () => {
    const { cached, scope } = setup();
    const clone = jest.spyOn(globalThis, 'structuredClone');
    try {
      await scope.run(async () => {
        const written = await cached.put('conversations', 'c1', 'transcript/1', { entries: [{ from: 'user', text: 'hi' }] });
        expect(written.eTag).toEqual(expect.any(String));
        expect(clone).not.toHaveBeenCalled();
        expect(written.value).toEqual({ entries: [{ from: 'user', text: 'hi' }] });
        expect(written.value).toBe(written.value); // one copy, kept
        expect(clone).toHaveBeenCalledTimes(1);
      });
    } finally {
      clone.mockRestore();
    }
  });

  it('changing the value after putting it, or the record put returned, does not change what a later get returns', async () => {
    const { cached, scope } = setup();
    await scope.run(async () => {
      const value = { name: 'Ann', devices: [{ model: 'X1' }] };
      const written = await cached.put('users', 'u1', 'profile', value);
      value.name = 'changed after put';
      value.devices[0].model = 'changed';
      written.value.devices.push({ model: 'added to the answer' });
      expect((await cached.get('users', 'u1', 'profile'))?.value).toEqual({ name: 'Ann', devices: [{ model: 'X1' }] });
    });
  });
});

describe('TurnCachingStore: failures are not remembered', () => {
  it('reads again after a failed get', async () => {
    const { cached, scope, flaky, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'a', 'value');
    await scope.run(async () => {
      flaky.failNext.get = true;
      await expect(cached.get('users', 'u1', 'a')).rejects.toThrow('store unreachable');
      await expect(cached.get('users', 'u1', 'a')).resolves.toMatchObject({ value: 'value' });
      await expect(cached.get('users', 'u1', 'a')).resolves.toMatchObject({ value: 'value' });
    });
    expect(reads().get).toBe(2);
  });

  it('runs a query again after it failed', async () => {
    const { cached, scope, flaky, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'a', 'value');
    await scope.run(async () => {
      flaky.failNext.query = true;
      await expect(cached.query('users', 'u1')).rejects.toThrow('store unreachable');
      await expect(cached.query('users', 'u1')).resolves.toHaveLength(1);
      await expect(cached.query('users', 'u1')).resolves.toHaveLength(1);
    });
    expect(reads().query).toBe(2);
  });

  it('reads the store again after a put that lost a conflict, and answers with what is stored', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'profile', { name: 'Ann' });
    await scope.run(async () => {
      await cached.get('users', 'u1', 'profile');
      await elsewhere.put('users', 'u1', 'profile', { name: 'set by another instance' });
      await expect(cached.put('users', 'u1', 'profile', { name: 'mine' }, { ifMatch: 'a-wrong-etag' })).rejects.toBeInstanceOf(ConflictError);
      const after = await cached.get('users', 'u1', 'profile');
      expect(after?.value).toEqual({ name: 'set by another instance' });
      expect(after?.eTag).toBe((await elsewhere.get('users', 'u1', 'profile'))?.eTag);
    });
    expect(reads().get).toBe(2);
  });

  it('reads the store again after a create-only put found the record already there', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    await scope.run(async () => {
      await expect(cached.get('users', 'u1', 'once')).resolves.toBeUndefined();
      await elsewhere.put('users', 'u1', 'once', 'theirs');
      await expect(cached.put('users', 'u1', 'once', 'mine', { ifNoneMatch: '*' })).rejects.toBeInstanceOf(ConflictError);
      expect((await cached.get('users', 'u1', 'once'))?.value).toBe('theirs');
    });
    expect(reads().get).toBe(2);
  });

  it('reads the store again after a put that failed', async () => {
    const { cached, scope, flaky, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'a', 'stored');
    await scope.run(async () => {
      await cached.get('users', 'u1', 'a');
      flaky.failNext.put = true;
      await expect(cached.put('users', 'u1', 'a', 'lost')).rejects.toThrow('store unreachable');
      expect((await cached.get('users', 'u1', 'a'))?.value).toBe('stored');
    });
    expect(reads().get).toBe(2);
  });
});

describe('TurnCachingStore does not hide conflicts', () => {
  it('a conditional write with the eTag of a remembered read fails when the record changed outside the turn', async () => {
    const { cached, scope, elsewhere } = setup();
    await elsewhere.put('conversations', 'conv-1', 'owner', { status: 'waiting' });
    await scope.run(async () => {
      const read = await cached.get<{ status: string }>('conversations', 'conv-1', 'owner');
      // A technician takes the conversation from another instance while this turn runs.
      await elsewhere.put('conversations', 'conv-1', 'owner', { status: 'accepted' });
      const remembered = await cached.get<{ status: string }>('conversations', 'conv-1', 'owner');
      expect(remembered?.eTag).toBe(read?.eTag);
      await expect(cached.put('conversations', 'conv-1', 'owner', { status: 'cancelled' }, { ifMatch: remembered!.eTag })).rejects.toBeInstanceOf(ConflictError);
      await expect(cached.delete('conversations', 'conv-1', 'owner', { ifMatch: remembered!.eTag })).rejects.toBeInstanceOf(ConflictError);
    });
    expect((await elsewhere.get('conversations', 'conv-1', 'owner'))?.value).toEqual({ status: 'accepted' });
  });

  it('a conditional delete that lost a conflict leaves the record to be read again', async () => {
    const { cached, scope, elsewhere, reads } = setup();
    await elsewhere.put('users', 'u1', 'a', 1);
    await scope.run(async () => {
      const read = await cached.get('users', 'u1', 'a');
      await elsewhere.put('users', 'u1', 'a', 2);
      await expect(cached.delete('users', 'u1', 'a', { ifMatch: read!.eTag })).rejects.toBeInstanceOf(ConflictError);
      expect((await cached.get('users', 'u1', 'a'))?.value).toBe(2);
    });
    expect(reads().get).toBe(2);
  });
});

/** Holds every put until released, as a remote store (Cosmos) does for a few milliseconds. */
class SlowWriteStore extends ForwardingStore {
  gate = deferred();

  override async put<T>(container: ContainerName, partition: string, key: string, value: T, options?: PutOptions): Promise<StoredRecord<T>> {
    await this.gate.promise;
    return super.put(container, partition, key, value, options);
  }

  override async delete(container: ContainerName, partition: string, key: string, options?: { ifMatch?: string }): Promise<boolean> {
    await this.gate.promise;
    return super.delete(container, partition, key, options);
  }
}

describe('TurnCachingStore: a query asked while the turn\'s own write is on its way', () => {
  it('is not remembered past the write: a query after the write finished lists the written record', async () => {
    const { store: sqlite } = memoryStore();
    await sqlite.put('users', 'u1', 'a', 1);
    const slow = new SlowWriteStore(sqlite);
    const scope = new TurnScope();
    const cached = new TurnCachingStore(slow, scope);
    await scope.run(async () => {
      const writing = cached.put('users', 'u1', 'b', 2);
      // Asked before the write landed: either answer is fair here.
      await cached.query('users', 'u1');
      slow.gate.release();
      await writing;
      expect((await cached.query('users', 'u1')).map((r) => r.key)).toEqual(['a', 'b']);
    });
  });

  it('is not remembered past a delete: a query after the delete finished no longer lists the record', async () => {
    const { store: sqlite } = memoryStore();
    await sqlite.put('users', 'u1', 'a', 1);
    await sqlite.put('users', 'u1', 'b', 2);
    const slow = new SlowWriteStore(sqlite);
    const scope = new TurnScope();
    const cached = new TurnCachingStore(slow, scope);
    await scope.run(async () => {
      const deleting = cached.delete('users', 'u1', 'b');
      await cached.query('users', 'u1');
      slow.gate.release();
      await deleting;
      expect((await cached.query('users', 'u1')).map((r) => r.key)).toEqual(['a']);
    });
  });
});

describe('TurnCachingStore remembers only what a turn reads about its own user and conversation', () => {
  it.each(['botstate', 'handoffs', 'technicians'] as const)('%s records and queries are read from the store every time, even inside a turn', async (container) => {
    const { cached, scope, elsewhere, reads } = setup();
    await elsewhere.put(container, 'p', 'k', 1);
    await scope.run(async () => {
      await cached.get(container, 'p', 'k');
      await elsewhere.put(container, 'p', 'k', 2);
      expect((await cached.get(container, 'p', 'k'))?.value).toBe(2);
      await cached.query(container, 'p');
      await cached.query(container, 'p');
    });
    expect(reads().get).toBe(2);
    expect(reads().query).toBe(2);
  });
});

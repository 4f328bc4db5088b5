import { ConflictError, type Store } from '../../../src/services/storage/store';

export interface StoreUnderTest {
  store: Store;
  cleanup(): Promise<void>;
}

/** Builds a fresh, empty store that reads time from `now`. */
export type StoreFactory = (now: () => number) => Promise<StoreUnderTest>;

const START = Date.UTC(2025, 0, 1);

// Keys people and channels really produce: ids with separators, Teams ids with ':' '@' ';',
// URLs, Windows paths, non-Latin text, emoji, spaces, and ids longer than Cosmos DB allows.
export const AWKWARD_KEYS = [
  'plain',
  'a/b',
  'a*2fb', // what a naive escape of 'a/b' would produce: must stay a different record
  'what?',
  'what*3f',
  'hash#tag',
  'back\\slash',
  'star*',
  'with space ',
  ' leading space',
  '%2F percent-encoded',
  'msteams/conversations/19:abc@thread.tacv2;messageid=1700000000000',
  'https://example.com/path?q=1#frag',
  'C:\\Users\\ana\\device.log',
  'ünïcödé-ключ-鍵-مفتاح',
  'emoji 😀📱',
  'x'.repeat(400),
  'x'.repeat(399) + 'y', // shares the first 399 characters with the one above
  '/?#\\*'.repeat(80), // 400 characters that all need escaping
];

/** The one behavioural contract every Store implementation must pass. */
export function runStoreConformance(name: string, factory: StoreFactory): void {
  describe(`${name} store conformance`, () => {
    let clock = START;
    let subject: StoreUnderTest;
    let store: Store;

    beforeEach(async () => {
      clock = START;
      subject = await factory(() => clock);
      store = subject.store;
    });

    afterEach(async () => {
      await subject.cleanup();
    });

    describe('get and put', () => {
      it('returns what was stored, with a version tag and no expiry', async () => {
        const written = await store.put('users', 'user-1', 'profile', { name: 'Ana', plan: 'home' });
        expect(written).toMatchObject({ container: 'users', partition: 'user-1', key: 'profile', value: { name: 'Ana', plan: 'home' }, expiresAt: null });
        expect(typeof written.eTag).toBe('string');
        expect(written.eTag.length).toBeGreaterThan(0);
        await expect(store.get('users', 'user-1', 'profile')).resolves.toEqual(written);
      });

      it("answers a put with its own copy: changing the written value afterwards changes neither the answer nor the record", async () => {
        const value = { name: 'Ana', devices: [{ model: 'X1' }] };
        const written = await store.put('users', 'user-2', 'profile', value);
        value.name = 'changed';
        value.devices[0].model = 'changed';
        expect(written.value).toEqual({ name: 'Ana', devices: [{ model: 'X1' }] });
        await expect(store.get('users', 'user-2', 'profile')).resolves.toMatchObject({ value: { name: 'Ana', devices: [{ model: 'X1' }] } });
      });

      it('returns undefined for a record that was never written', async () => {
        await expect(store.get('users', 'user-1', 'nothing-here')).resolves.toBeUndefined();
      });

      it('overwrites on a plain put and gives every write a new eTag', async () => {
        const tags = new Set<string>();
        for (let i = 0; i < 3; i += 1) tags.add((await store.put('users', 'u', 'k', { same: true })).eTag);
        expect(tags.size).toBe(3);
        const last = await store.put('users', 'u', 'k', { same: false });
        await expect(store.get('users', 'u', 'k')).resolves.toMatchObject({ value: { same: false }, eTag: last.eTag });
      });

      it('round-trips unicode text, nested objects, arrays and scalar values', async () => {
        const value = {
          greeting: 'Grüße, 你好, привет, مرحبا 👋',
          quote: 'she said "hi" \\ and left\n\ttab',
          nested: { device: { make: 'Acme', models: ['X1', 'X2'], specs: { ram: 8, ssd: true, notes: null } } },
          list: [1, 'two', { three: 3 }, [4]],
          zero: 0,
          negative: -1.5,
          flag: false,
        };
        await store.put('conversations', 'c-1', 'transcript', value);
        await expect(store.get('conversations', 'c-1', 'transcript')).resolves.toMatchObject({ value });
        for (const scalar of ['just text', 42, true, null, [1, 2]]) {
          await store.put('conversations', 'c-1', 'scalar', scalar);
          await expect(store.get('conversations', 'c-1', 'scalar')).resolves.toMatchObject({ value: scalar });
        }
      });
    });

    describe('optimistic concurrency', () => {
      it('writes with the current eTag and refuses a stale one, keeping the newer value', async () => {
        const first = await store.put('conversations', 'c', 'owner', { owner: 'bot' });
        const second = await store.put('conversations', 'c', 'owner', { owner: 'tech-1' }, { ifMatch: first.eTag });
        expect(second.value).toEqual({ owner: 'tech-1' });
        await expect(store.put('conversations', 'c', 'owner', { owner: 'tech-2' }, { ifMatch: first.eTag })).rejects.toBeInstanceOf(ConflictError);
        await expect(store.get('conversations', 'c', 'owner')).resolves.toMatchObject({ value: { owner: 'tech-1' }, eTag: second.eTag });
      });

      it('refuses an ifMatch write to a record that does not exist', async () => {
        await expect(store.put('conversations', 'c', 'missing', 1, { ifMatch: 'some-etag' })).rejects.toBeInstanceOf(ConflictError);
        await expect(store.get('conversations', 'c', 'missing')).resolves.toBeUndefined();
      });

      it("creates with ifNoneMatch '*' only when the record is absent", async () => {
        const created = await store.put('handoffs', 'queue', 'ticket-1', { by: 'first' }, { ifNoneMatch: '*' });
        await expect(store.put('handoffs', 'queue', 'ticket-1', { by: 'second' }, { ifNoneMatch: '*' })).rejects.toBeInstanceOf(ConflictError);
        await expect(store.get('handoffs', 'queue', 'ticket-1')).resolves.toMatchObject({ value: { by: 'first' }, eTag: created.eTag });
      });

      it('lets exactly one of several concurrent writers with the same eTag win', async () => {
        const base = await store.put('conversations', 'c', 'owner', { owner: 'bot' });
        const claims = ['tech-1', 'tech-2', 'tech-3', 'tech-4'].map((tech) =>
          store.put('conversations', 'c', 'owner', { owner: tech }, { ifMatch: base.eTag }),
        );
        const results = await Promise.allSettled(claims);
        const winners = results.filter((r) => r.status === 'fulfilled');
        const losers = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
        expect(winners).toHaveLength(1);
        expect(losers.every((r) => r.reason instanceof ConflictError)).toBe(true);
        const winner = (winners[0] as PromiseFulfilledResult<Awaited<(typeof claims)[number]>>).value;
        await expect(store.get('conversations', 'c', 'owner')).resolves.toMatchObject({ value: winner.value, eTag: winner.eTag });
      });

      it("lets exactly one of two concurrent ifNoneMatch '*' creators win", async () => {
        const results = await Promise.allSettled([
          store.put('handoffs', 'queue', 'claim', 'a', { ifNoneMatch: '*' }),
          store.put('handoffs', 'queue', 'claim', 'b', { ifNoneMatch: '*' }),
        ]);
        expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
        expect(results.filter((r) => r.status === 'rejected' && r.reason instanceof ConflictError)).toHaveLength(1);
      });
    });

    describe('delete', () => {
      it('removes a record and reports whether it was there', async () => {
        await store.put('users', 'u', 'device', { make: 'Acme' });
        await expect(store.delete('users', 'u', 'device')).resolves.toBe(true);
        await expect(store.get('users', 'u', 'device')).resolves.toBeUndefined();
        await expect(store.delete('users', 'u', 'device')).resolves.toBe(false);
      });

      it('with ifMatch deletes only the version the caller saw', async () => {
        const v1 = await store.put('users', 'u', 'device', 1);
        const v2 = await store.put('users', 'u', 'device', 2);
        await expect(store.delete('users', 'u', 'device', { ifMatch: v1.eTag })).rejects.toBeInstanceOf(ConflictError);
        await expect(store.get('users', 'u', 'device')).resolves.toMatchObject({ value: 2 });
        await expect(store.delete('users', 'u', 'device', { ifMatch: v2.eTag })).resolves.toBe(true);
        await expect(store.get('users', 'u', 'device')).resolves.toBeUndefined();
      });
    });

    describe('query', () => {
      beforeEach(async () => {
        for (const key of ['case:003', 'consent:b', 'case:001', 'device:1', 'case:002', 'consent:a']) {
          await store.put('users', 'user-1', key, { key });
        }
        await store.put('users', 'user-2', 'case:009', { key: 'case:009' });
      });

      it('lists one partition ordered by key', async () => {
        const records = await store.query<{ key: string }>('users', 'user-1');
        expect(records.map((r) => r.key)).toEqual(['case:001', 'case:002', 'case:003', 'consent:a', 'consent:b', 'device:1']);
        expect(records.every((r) => r.partition === 'user-1' && r.container === 'users' && r.value.key === r.key)).toBe(true);
      });

      it('filters by key prefix and honours the limit', async () => {
        expect((await store.query('users', 'user-1', { keyPrefix: 'case:' })).map((r) => r.key)).toEqual(['case:001', 'case:002', 'case:003']);
        expect((await store.query('users', 'user-1', { keyPrefix: 'con' })).map((r) => r.key)).toEqual(['consent:a', 'consent:b']);
        expect((await store.query('users', 'user-1', { limit: 2 })).map((r) => r.key)).toEqual(['case:001', 'case:002']);
        expect((await store.query('users', 'user-1', { keyPrefix: 'consent:', limit: 1 })).map((r) => r.key)).toEqual(['consent:a']);
        await expect(store.query('users', 'user-1', { keyPrefix: 'zzz' })).resolves.toEqual([]);
      });

      it('finds keys whose next character is outside the Basic Multilingual Plane', async () => {
        await store.put('users', 'user-3', 'note:😀', 1);
        await store.put('users', 'user-3', 'note:a', 2);
        await store.put('users', 'user-3', 'notf', 3);
        const keys = (await store.query('users', 'user-3', { keyPrefix: 'note:' })).map((r) => r.key);
        expect(keys.sort()).toEqual(['note:a', 'note:😀'].sort());
      });

      it('returns nothing for an unknown partition', async () => {
        await expect(store.query('users', 'nobody')).resolves.toEqual([]);
      });
    });

    describe('count', () => {
      // Tickets as the handoff queue keeps them: who comes first is (priority, createdAt, key).
      const tickets: [string, { kind: string; priority: string; createdAt: unknown }][] = [
        ['active/A', { kind: 'live', priority: 'normal', createdAt: '2025-01-01T10:00:00.000Z' }],
        ['active/B', { kind: 'live', priority: 'high', createdAt: '2025-01-01T10:01:00.000Z' }],
        ['active/C', { kind: 'live', priority: 'normal', createdAt: '2025-01-01T10:02:00.000Z' }],
        ['active/D', { kind: 'live', priority: 'normal', createdAt: '2025-01-01T10:02:00.000Z' }], // same time as C: the key decides
        ['active/E', { kind: 'email', priority: 'normal', createdAt: '2025-01-01T09:00:00.000Z' }],
        ['active/F', { kind: 'live', priority: 'normal', createdAt: 1 }], // not a string: never before anything
        ['ended/G', { kind: 'live', priority: 'normal', createdAt: '2025-01-01T08:00:00.000Z' }],
      ];
      beforeEach(async () => {
        for (const [key, value] of tickets) await store.put('handoffs', 'queue', key, value);
        await store.put('handoffs', 'other', 'active/H', { kind: 'live', priority: 'normal', createdAt: '2025-01-01T08:00:00.000Z' });
      });

      it('counts the records of one partition, by key prefix and by fields equal to strings', async () => {
        await expect(store.count('handoffs', 'queue')).resolves.toBe(7);
        await expect(store.count('handoffs', 'queue', { keyPrefix: 'active/' })).resolves.toBe(6);
        await expect(store.count('handoffs', 'queue', { keyPrefix: 'active/', equal: { kind: 'live' } })).resolves.toBe(5);
        await expect(store.count('handoffs', 'queue', { keyPrefix: 'active/', equal: { kind: 'live', priority: 'high' } })).resolves.toBe(1);
        await expect(store.count('handoffs', 'queue', { equal: { kind: 'callback' } })).resolves.toBe(0);
        await expect(store.count('handoffs', 'nobody')).resolves.toBe(0);
      });

      it('counts the records before a point in an order by string fields, then the key', async () => {
        const ahead = (by: [string, string][], key: string, equal?: Record<string, string>) =>
          store.count('handoffs', 'queue', { keyPrefix: 'active/', equal, before: { by: by.map(([field, value]) => ({ field, value })), key } });
        const at = (time: string): [string, string] => ['createdAt', `2025-01-01T${time}:00.000Z`];
        await expect(ahead([at('10:02')], 'active/D')).resolves.toBe(4); // E, A, B, C
        await expect(ahead([at('10:02')], 'active/C')).resolves.toBe(3); // E, A, B
        await expect(ahead([at('10:02')], 'active/Z', { kind: 'live', priority: 'normal' })).resolves.toBe(3); // A, C, D
        await expect(ahead([at('10:00')], 'active/A')).resolves.toBe(1); // E
        await expect(ahead([['createdAt', '2024-12-31T23:59:59.999Z']], 'active/Z')).resolves.toBe(0);
        // By priority ('high' < 'normal' as text), then time, then key.
        await expect(ahead([['priority', 'normal'], at('10:02')], 'active/D', { kind: 'live' })).resolves.toBe(3); // B, A, C
        await expect(ahead([['priority', 'high'], at('10:00')], 'active/Z', { kind: 'live' })).resolves.toBe(0);
        await expect(ahead([['priority', 'high'], at('10:05')], 'active/Z', { kind: 'live' })).resolves.toBe(1); // B
        await expect(ahead([['priority', 'zzz'], at('00:00')], 'active/A')).resolves.toBe(5); // E, A, B, C, D: F has no string time
      });

      it('does not count expired records', async () => {
        await store.put('handoffs', 'queue', 'active/A', tickets[0][1], { ttlSeconds: 10 });
        clock = START + 11_000;
        await expect(store.count('handoffs', 'queue', { keyPrefix: 'active/', equal: { kind: 'live' } })).resolves.toBe(4);
      });

      it('refuses a field name it could not write into a query', async () => {
        await expect(store.count('handoffs', 'queue', { equal: { 'kind") OR (1=1': 'live' } })).rejects.toThrow(TypeError);
        await expect(store.count('handoffs', 'queue', { before: { by: [{ field: 'a.b', value: 'x' }], key: 'k' } })).rejects.toThrow(TypeError);
      });
    });

    describe('isolation and erasure', () => {
      it('keeps partitions and containers apart', async () => {
        await store.put('users', 'user-1', 'profile', 'one');
        await store.put('users', 'user-2', 'profile', 'two');
        await store.put('conversations', 'user-1', 'profile', 'conversation');
        await expect(store.get('users', 'user-1', 'profile')).resolves.toMatchObject({ value: 'one' });
        await expect(store.get('users', 'user-2', 'profile')).resolves.toMatchObject({ value: 'two' });
        await expect(store.get('conversations', 'user-1', 'profile')).resolves.toMatchObject({ value: 'conversation' });
        await expect(store.get('users', 'user-3', 'profile')).resolves.toBeUndefined();
      });

      it('deletePartition erases one partition only and counts what went', async () => {
        for (const key of ['a', 'b', 'c']) await store.put('users', 'erase-me', key, key);
        await store.put('users', 'keep-me', 'a', 'kept');
        await store.put('conversations', 'erase-me', 'a', 'other container');
        await expect(store.deletePartition('users', 'erase-me')).resolves.toBe(3);
        await expect(store.query('users', 'erase-me')).resolves.toEqual([]);
        await expect(store.get('users', 'erase-me', 'a')).resolves.toBeUndefined();
        await expect(store.get('users', 'keep-me', 'a')).resolves.toMatchObject({ value: 'kept' });
        await expect(store.get('conversations', 'erase-me', 'a')).resolves.toMatchObject({ value: 'other container' });
        await expect(store.deletePartition('users', 'erase-me')).resolves.toBe(0);
      });
    });

    describe('retention (TTL)', () => {
      it('hides expired records from get and query before any purge', async () => {
        const written = await store.put('conversations', 'c', 'transcript', 'hello', { ttlSeconds: 60 });
        await store.put('conversations', 'c', 'reference', 'kept');
        expect(written.expiresAt).toBe(START + 60_000);
        clock = START + 59_000;
        await expect(store.get('conversations', 'c', 'transcript')).resolves.toMatchObject({ value: 'hello' });
        clock = START + 61_000;
        await expect(store.get('conversations', 'c', 'transcript')).resolves.toBeUndefined();
        expect((await store.query('conversations', 'c')).map((r) => r.key)).toEqual(['reference']);
      });

      it('applies the limit after dropping expired records', async () => {
        await store.put('conversations', 'c', 'a', 1, { ttlSeconds: 1 });
        await store.put('conversations', 'c', 'b', 2);
        await store.put('conversations', 'c', 'c', 3);
        clock = START + 2_000;
        expect((await store.query('conversations', 'c', { limit: 1 })).map((r) => r.key)).toEqual(['b']);
      });

      it('purgeExpired removes exactly the expired records across containers', async () => {
        await store.put('conversations', 'c', 'old-1', 1, { ttlSeconds: 10 });
        await store.put('conversations', 'c', 'old-2', 2, { ttlSeconds: 10 });
        await store.put('users', 'u', 'old-3', 3, { ttlSeconds: 10 });
        await store.put('users', 'u', 'later', 4, { ttlSeconds: 3600 });
        await store.put('users', 'u', 'forever', 5);
        clock = START + 11_000;
        await expect(store.purgeExpired()).resolves.toBe(3);
        await expect(store.purgeExpired()).resolves.toBe(0);
        expect((await store.query('users', 'u')).map((r) => r.key)).toEqual(['forever', 'later']);
      });

      it('treats an expired record as absent for create-only writes', async () => {
        await store.put('handoffs', 'queue', 'claim', 'old', { ttlSeconds: 5 });
        clock = START + 6_000;
        const created = await store.put('handoffs', 'queue', 'claim', 'new', { ifNoneMatch: '*' });
        expect(created.expiresAt).toBeNull();
        await expect(store.get('handoffs', 'queue', 'claim')).resolves.toMatchObject({ value: 'new', expiresAt: null });
      });

      it('a later write without ttl keeps the record indefinitely', async () => {
        await store.put('users', 'u', 'k', 1, { ttlSeconds: 5 });
        await store.put('users', 'u', 'k', 2);
        clock = START + 3_600_000;
        await expect(store.get('users', 'u', 'k')).resolves.toMatchObject({ value: 2, expiresAt: null });
      });
    });

    describe('awkward keys and partitions', () => {
      it('stores, finds, lists and deletes every awkward key as its own record', async () => {
        for (const [i, key] of AWKWARD_KEYS.entries()) await store.put('botstate', 'p', key, { i });
        for (const [i, key] of AWKWARD_KEYS.entries()) {
          await expect(store.get('botstate', 'p', key)).resolves.toMatchObject({ key, value: { i } });
        }
        const listed = (await store.query('botstate', 'p')).map((r) => r.key);
        expect([...listed].sort()).toEqual([...AWKWARD_KEYS].sort());
        expect((await store.query('botstate', 'p', { keyPrefix: 'a/' })).map((r) => r.key)).toEqual(['a/b']);
        expect((await store.query('botstate', 'p', { keyPrefix: 'x'.repeat(399) })).map((r) => r.key).sort()).toEqual(['x'.repeat(399) + 'y', 'x'.repeat(400)].sort());
        for (const key of AWKWARD_KEYS) await expect(store.delete('botstate', 'p', key)).resolves.toBe(true);
        await expect(store.query('botstate', 'p')).resolves.toEqual([]);
      });

      it('accepts awkward partition values', async () => {
        const partitions = ['msteams/conversations/19:abc@thread.tacv2;messageid=1', 'ünïcödé 😀', 'a/b?c#d\\e', 'z'.repeat(300)];
        for (const partition of partitions) await store.put('users', partition, 'k', partition);
        for (const partition of partitions) {
          await expect(store.get('users', partition, 'k')).resolves.toMatchObject({ partition, value: partition });
          expect((await store.query('users', partition)).map((r) => r.value)).toEqual([partition]);
        }
        await expect(store.deletePartition('users', partitions[0])).resolves.toBe(1);
        await expect(store.get('users', partitions[1], 'k')).resolves.toMatchObject({ value: partitions[1] });
      });
    });

    it('reports healthy while it can serve requests', async () => {
      await expect(store.health()).resolves.toBeUndefined();
    });
  });
}

import { CountingStore } from '../../../src/services/storage/counting-store';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { ConflictError } from '../../../src/services/storage/store';

describe('CountingStore', () => {
  let counting: CountingStore;
  beforeEach(() => {
    counting = new CountingStore(new SqliteStore({ dataDir: ':memory:' }));
  });
  afterEach(() => counting.close());

  it('counts reads and writes per operation while passing results through', async () => {
    const written = await counting.put('users', 'u', 'a', 1);
    await counting.put('users', 'u', 'b', 2);
    await expect(counting.get('users', 'u', 'a')).resolves.toEqual(written);
    expect((await counting.query('users', 'u')).map((r) => r.key)).toEqual(['a', 'b']);
    await expect(counting.delete('users', 'u', 'a')).resolves.toBe(true);
    await expect(counting.deletePartition('users', 'u')).resolves.toBe(1);
    await counting.purgeExpired();
    await counting.health();
    expect(counting.snapshot()).toEqual({ reads: 2, writes: 4, get: 1, query: 1, put: 2, delete: 1, deletePartition: 1 });
    expect(counting.kind).toBe('sqlite');
  });

  it('counts a write that lost a conflict, since it still cost a round trip', async () => {
    await counting.put('users', 'u', 'a', 1);
    await expect(counting.put('users', 'u', 'a', 2, { ifNoneMatch: '*' })).rejects.toBeInstanceOf(ConflictError);
    expect(counting.snapshot()).toMatchObject({ writes: 2, put: 2 });
  });

  it('starts again from zero after reset, and snapshots do not change afterwards', async () => {
    await counting.get('users', 'u', 'x');
    const before = counting.snapshot();
    counting.reset();
    await counting.put('users', 'u', 'x', 1);
    expect(before).toMatchObject({ reads: 1, writes: 0 });
    expect(counting.snapshot()).toMatchObject({ reads: 0, writes: 1, get: 0, put: 1 });
  });
});

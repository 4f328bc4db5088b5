import { createIfAbsent, createOnce, writerMark } from '../../../src/services/storage/create-once';
import { ConflictError } from '../../../src/services/storage/store';
import { LostAnswerStore } from '../../support/lost-answer-store';
import { memoryStore } from '../../support/memory-store';

describe('createOnce: a create-only write under a key only its writer uses', () => {
  it('writes a new record', async () => {
    const { store } = memoryStore();
    const written = await createOnce(store, 'users', 'u1', 'consent/1', { purpose: 'marketing_email', granted: false });
    expect(written.value).toEqual({ purpose: 'marketing_email', granted: false });
    expect((await store.get('users', 'u1', 'consent/1'))?.value).toEqual({ purpose: 'marketing_email', granted: false });
  });

  it('counts its own landed write as done when the answer was lost and the retry met it', async () => {
    const { store } = memoryStore();
    const lossy = new LostAnswerStore(store);
    lossy.loseNext = true;
    const written = await createOnce(lossy, 'users', 'u1', 'request/PR-1', { id: 'PR-1', status: 'completed' });
    expect(written.value).toEqual({ id: 'PR-1', status: 'completed' });
  });

  it('still fails when the key holds a different record', async () => {
    const { store } = memoryStore();
    await store.put('users', 'u1', 'request/PR-1', { id: 'PR-1', status: 'received' });
    await expect(createOnce(store, 'users', 'u1', 'request/PR-1', { id: 'PR-1', status: 'completed' })).rejects.toBeInstanceOf(ConflictError);
    expect((await store.get('users', 'u1', 'request/PR-1'))?.value).toEqual({ id: 'PR-1', status: 'received' });
  });
});

describe('createIfAbsent: a record several writers try to create (a claim, a list entry)', () => {
  it('creates it once; a later writer is told it was there and gets what is stored', async () => {
    const { store } = memoryStore();
    const first = await createIfAbsent(store, 'ledger', 'p', 'claim/1', { by: 'a' });
    expect(first.created).toBe(true);
    expect(first.stored?.value).toEqual({ by: 'a' });
    const second = await createIfAbsent(store, 'ledger', 'p', 'claim/1', { by: 'b' });
    expect(second.created).toBe(false);
    expect(second.stored?.value).toEqual({ by: 'a' });
  });

  it('of two claims with writer marks exactly one wins, also when their writes overlap', async () => {
    const { store } = memoryStore();
    const results = await Promise.all([1, 2, 3].map(() => createIfAbsent(store, 'ledger', 'p', 'claim/2', { by: writerMark() })));
    expect(results.filter((r) => r.created)).toHaveLength(1);
  });

  it("counts its own write whose answer was lost as created", async () => {
    const { store } = memoryStore();
    const lossy = new LostAnswerStore(store);
    lossy.loseNext = true;
    const result = await createIfAbsent(lossy, 'ledger', 'p', 'claim/3', { by: 'me' });
    expect(lossy.loseNext).toBe(false);
    expect(result.created).toBe(true);
  });

  it('passes other store failures on', async () => {
    const { store } = memoryStore();
    const failing = new LostAnswerStore(store);
    failing.put = async () => {
      throw new Error('store unavailable');
    };
    await expect(createIfAbsent(failing, 'ledger', 'p', 'claim/4', { by: 'me' })).rejects.toThrow('store unavailable');
  });
});

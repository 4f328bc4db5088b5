import { createOnce } from '../../../src/services/storage/create-once';
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

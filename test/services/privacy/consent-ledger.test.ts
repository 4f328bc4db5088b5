import { ConsentLedger } from '../../../src/services/privacy/consent-ledger';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';

function ledger(now = () => Date.parse('2026-11-15T12:00:00Z')) {
  const store = new SqliteStore({ dataDir: ':memory:', now });
  return { store, ledger: new ConsentLedger(store, { retentionDays: 2555, now }) };
}

describe('ConsentLedger', () => {
  it('keeps every decision and reports the latest per purpose, even within one millisecond', async () => {
    const { ledger: l } = ledger();
    await l.record({ userId: 'u1', purpose: 'marketing_email', granted: true, channel: 'webchat', noticeVersion: '2026-11-01' });
    await l.record({ userId: 'u1', purpose: 'remote_access', granted: true, channel: 'webchat' });
    await l.record({ userId: 'u1', purpose: 'marketing_email', granted: false, channel: 'webchat', source: 'opt-out dialog' });
    const history = await l.history('u1');
    expect(history.map((h) => [h.purpose, h.granted])).toEqual([
      ['marketing_email', true],
      ['remote_access', true],
      ['marketing_email', false],
    ]);
    const current = await l.current('u1');
    expect(current.marketing_email).toMatchObject({ granted: false, source: 'opt-out dialog', at: '2026-11-15T12:00:00.000Z' });
    expect(current.remote_access?.granted).toBe(true);
    expect(current.diagnostics).toBeUndefined();
    expect(await l.isGranted('u1', 'marketing_email')).toBe(false);
  });

  it('stores records under consent/<iso time>-<random> in the user partition with the audit retention', async () => {
    const { ledger: l, store } = ledger();
    await l.record({ userId: 'u1', purpose: 'diagnostics', granted: true, channel: 'test' });
    const [record] = await store.query('users', 'u1', { keyPrefix: 'consent/' });
    expect(record.key).toMatch(/^consent\/2026-11-15T12:00:00\.000Z-[0-9a-z]+$/);
    expect(record.expiresAt).toBe(Date.parse('2026-11-15T12:00:00Z') + 2555 * 86400_000);
  });

  it('refuses unknown purposes', async () => {
    const { ledger: l } = ledger();
    await expect(l.record({ userId: 'u1', purpose: 'selling_data' as never, granted: true, channel: 'test' })).rejects.toThrow();
  });

  it('erases the decisions made in one conversation only', async () => {
    const { ledger: l } = ledger();
    await l.record({ userId: 'u1', conversationId: 'c1', purpose: 'remote_access', granted: true, channel: 'test' });
    await l.record({ userId: 'u1', conversationId: 'c2', purpose: 'marketing_email', granted: false, channel: 'test' });
    expect(await l.eraseConversation('u1', 'c1')).toBe(1);
    expect((await l.history('u1')).map((h) => h.conversationId)).toEqual(['c2']);
  });

  it('keeps the opt-outs made in that conversation when asked to keep refusals', async () => {
    const { ledger: l } = ledger();
    await l.record({ userId: 'u1', conversationId: 'c1', purpose: 'remote_access', granted: true, channel: 'test' });
    await l.record({ userId: 'u1', conversationId: 'c1', purpose: 'marketing_email', granted: false, channel: 'test' });
    expect(await l.eraseConversation('u1', 'c1', { keepRefusals: true })).toBe(1);
    expect((await l.history('u1')).map((h) => [h.purpose, h.granted])).toEqual([['marketing_email', false]]);
  });
});

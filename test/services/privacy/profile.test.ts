import { ProfileService } from '../../../src/services/privacy/profile';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';

const T0 = Date.parse('2026-11-15T12:00:00Z');

function setup() {
  let now = T0;
  const store = new SqliteStore({ dataDir: ':memory:', now: () => now });
  const profiles = new ProfileService(store, { contactRetentionDays: 365, deviceRetentionDays: 200, now: () => now });
  return { store, profiles, advance: (ms: number) => void (now += ms) };
}

describe('ProfileService', () => {
  it('keeps each value with its source, conversation and time, and leaves other fields alone', async () => {
    const { profiles, advance } = setup();
    await profiles.setFields('u1', { name: 'Ana', email: 'ana@example.com' }, 'contact dialog', { conversationId: 'c1' });
    advance(60_000);
    await profiles.setFields('u1', { phone: '+14155552671' }, 'data correction');
    const profile = await profiles.get('u1');
    expect(profile?.fields.email).toEqual({ value: 'ana@example.com', source: 'contact dialog', conversationId: 'c1', at: '2026-11-15T12:00:00.000Z' });
    expect(profile?.fields.phone).toEqual({ value: '+14155552671', source: 'data correction', at: '2026-11-15T12:01:00.000Z' });
    expect(profile?.fields.name?.value).toBe('Ana');
    expect(profile?.conversations).toEqual([{ id: 'c1', at: '2026-11-15T12:00:00.000Z' }]);
  });

  it('links a conversation once', async () => {
    const { profiles } = setup();
    await profiles.addConversation('u1', 'c1');
    await profiles.addConversation('u1', 'c1');
    await profiles.addConversation('u1', 'c2');
    expect((await profiles.get('u1'))?.conversations.map((c) => c.id)).toEqual(['c1', 'c2']);
  });

  it('keeps contact details and devices for their configured retention', async () => {
    const { profiles, store } = setup();
    await profiles.setFields('u1', { email: 'ana@example.com' }, 'contact dialog');
    const device = await profiles.addDevice('u1', { model: 'Echo Dot', purchaseDate: '2025-03' }, 'device dialog', { conversationId: 'c1' });
    expect((await store.get('users', 'u1', 'profile'))?.expiresAt).toBe(T0 + 365 * 86400_000);
    expect((await store.get('users', 'u1', `device/${device.id}`))?.expiresAt).toBe(T0 + 200 * 86400_000);
    expect(await profiles.listDevices('u1')).toEqual([{ id: device.id, model: 'Echo Dot', purchaseDate: '2025-03', source: 'device dialog', conversationId: 'c1', at: '2026-11-15T12:00:00.000Z' }]);
  });

  it('refuses malformed device data', async () => {
    const { profiles } = setup();
    await expect(profiles.addDevice('u1', { purchaseDate: 'last March' }, 'device dialog')).rejects.toThrow();
  });
});

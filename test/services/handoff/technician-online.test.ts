import { TechnicianSessions } from '../../../src/services/handoff/technician-sessions';
import { CountingStore } from '../../../src/services/storage/counting-store';
import { memoryStore } from '../../support/memory-store';

const tina = { id: 't-1', username: 'tina', name: 'Tina', roles: ['technician' as const] };
const omar = { id: 't-2', username: 'omar', name: 'Omar', roles: ['technician' as const] };

function setup() {
  const { store, clock } = memoryStore();
  const counting = new CountingStore(store);
  const options = { now: clock.now, ttlSeconds: 8 * 3600, touchEverySeconds: 60 };
  // Two app instances over one store: the console signs in on one, the bot asks on the other.
  return { store, counting, clock, here: new TechnicianSessions(counting, options), there: new TechnicianSessions(store, options) };
}

describe('TechnicianSessions.onlineCount: whether a live chat is offered', () => {
  it('asks the store once for repeated counts within 15 seconds', async () => {
    const { here, counting, clock } = setup();
    await here.create(tina);
    counting.reset();
    expect(await here.onlineCount(10)).toBe(1);
    clock.advance(14_999);
    expect(await here.onlineCount(10)).toBe(1);
    expect(counting.snapshot().query).toBe(1);
    clock.advance(1);
    expect(await here.onlineCount(10)).toBe(1);
    expect(counting.snapshot().query).toBe(2);
  });

  it('shows a sign-in on this instance at once, even right after a count of 0', async () => {
    const { here } = setup();
    expect(await here.onlineCount(10)).toBe(0);
    expect(await here.onlineCount(5)).toBe(0);
    await here.create(tina);
    // No clock movement: the count must not wait out the cache window.
    expect(await here.onlineCount(10)).toBe(1);
    expect(await here.onlineCount(5)).toBe(1);
  });

  it('drops a signed-out technician at once', async () => {
    const { here } = setup();
    const { token } = await here.create(tina);
    await here.create(omar);
    expect(await here.onlineCount(10)).toBe(2);
    await here.revoke(token);
    expect(await here.onlineCount(10)).toBe(1);
  });

  it('counts a technician with two sessions once', async () => {
    const { here } = setup();
    await here.create(tina);
    await here.create(tina);
    expect(await here.onlineCount(10)).toBe(1);
  });

  it('shows a sign-in on another instance within 15 seconds', async () => {
    const { here, there, clock } = setup();
    expect(await here.onlineCount(10)).toBe(0);
    await there.create(tina);
    clock.advance(15_000);
    expect(await here.onlineCount(10)).toBe(1);
  });

  it('drops a sign-out on another instance within 15 seconds', async () => {
    const { here, there, clock } = setup();
    const { token } = await there.create(tina);
    expect(await here.onlineCount(10)).toBe(1);
    await there.revoke(token);
    clock.advance(15_000);
    expect(await here.onlineCount(10)).toBe(0);
  });

  it('does not count a technician last seen longer ago than withinMinutes, once the cache window has passed', async () => {
    const { here, clock } = setup();
    await here.create(tina);
    expect(await here.onlineCount(10)).toBe(1);
    clock.advance(10 * 60_000);
    expect(await here.onlineCount(10)).toBe(1); // seen exactly 10 minutes ago still counts
    clock.advance(15_000);
    expect(await here.onlineCount(10)).toBe(0);
    expect(await here.onlineCount(30)).toBe(1);
  });

  it('counts a technician again at once when their console is used on this instance', async () => {
    const { here, clock } = setup();
    const { token } = await here.create(tina);
    clock.advance(11 * 60_000);
    expect(await here.onlineCount(10)).toBe(0);
    await expect(here.authenticate(token)).resolves.toBeDefined();
    expect(await here.onlineCount(10)).toBe(1);
  });

  it('does not count an expired session', async () => {
    const { store, clock } = memoryStore();
    const sessions = new TechnicianSessions(store, { now: clock.now, ttlSeconds: 60, touchEverySeconds: 10 });
    const { token } = await sessions.create(tina);
    clock.advance(50_000);
    await sessions.authenticate(token); // seen, which slides the expiry to 60 s from now
    expect(await sessions.onlineCount(10)).toBe(1);
    clock.advance(65_000); // expired 5 s ago, though seen within the 10 minutes, and past the cache window
    expect(await sessions.onlineCount(10)).toBe(0);
  });
});

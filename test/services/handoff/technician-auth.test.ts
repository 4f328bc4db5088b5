import { LoginRateLimiter } from '../../../src/services/handoff/login-rate-limit';
import { seedDevTechnician } from '../../../src/services/handoff/seed-technician';
import { AccountError, TechnicianAccounts } from '../../../src/services/handoff/technician-accounts';
import { addTechnician } from '../../../src/services/handoff/technicians-command';
import { TechnicianSessions } from '../../../src/services/handoff/technician-sessions';
import { memoryStore } from '../../support/memory-store';

const PASSWORD = 'correct horse battery';

describe('technician accounts', () => {
  it('stores an argon2id hash, never the password, and verifies it', async () => {
    const { store } = memoryStore();
    const accounts = new TechnicianAccounts(store);
    const tina = await accounts.add({ username: 'Tina', role: 'technician', password: PASSWORD });
    expect(tina).toEqual({ id: expect.any(String), username: 'tina', name: 'Tina', roles: ['technician'] });
    const [raw] = await store.query<{ passwordHash: string }>('technicians', 'accounts');
    expect(raw.value.passwordHash).toMatch(/^\$argon2id\$/);
    expect(JSON.stringify(raw.value)).not.toContain(PASSWORD);
    await expect(accounts.verify('TINA', PASSWORD)).resolves.toMatchObject({ id: tina.id });
    await expect(accounts.verify('tina', 'wrong password!!')).resolves.toBeUndefined();
    await expect(accounts.verify('nobody', PASSWORD)).resolves.toBeUndefined();
  });

  it('refuses duplicate usernames and short passwords', async () => {
    const { store } = memoryStore();
    const accounts = new TechnicianAccounts(store);
    await accounts.add({ username: 'tina', role: 'technician', password: PASSWORD });
    await expect(accounts.add({ username: 'tina', role: 'supervisor', password: PASSWORD })).rejects.toMatchObject({ code: 'exists' });
    await expect(accounts.add({ username: 'omar', role: 'technician', password: 'short' })).rejects.toBeInstanceOf(AccountError);
  });

  it('`technicians add` reads the password from stdin and checks the role', async () => {
    const { store } = memoryStore();
    const created = await addTechnician('sam', { role: 'supervisor', name: 'Sam Lee' }, { store, readPassword: async () => PASSWORD });
    expect(created).toMatchObject({ username: 'sam', name: 'Sam Lee', roles: ['supervisor'] });
    await expect(addTechnician('max', { role: 'admin' }, { store, readPassword: async () => PASSWORD })).rejects.toThrow('--role must be technician or supervisor');
    await expect(addTechnician('max', { role: 'technician' }, { store, readPassword: async () => '' })).rejects.toThrow('no password on stdin');
  });
});

describe('technician sessions', () => {
  const technician = { id: 't-1', username: 'tina', name: 'Tina', roles: ['technician' as const] };

  it('accepts the issued token until it expires, and stores only its hash', async () => {
    const { store, clock } = memoryStore();
    const sessions = new TechnicianSessions(store, { now: clock.now, ttlSeconds: 3600 });
    const { token, expiresAt } = await sessions.create(technician);
    expect(Date.parse(expiresAt)).toBe(clock.now() + 3600_000);
    const [raw] = await store.query('technicians', 'sessions');
    expect(raw.key).not.toContain(token);
    expect(JSON.stringify(raw.value)).not.toContain(token);
    await expect(sessions.authenticate(token)).resolves.toMatchObject({ technicianId: 't-1', name: 'Tina' });
    clock.advance(3600_000);
    await expect(sessions.authenticate(token)).resolves.toBeUndefined();
  });

  it('each use extends the expiry by the idle timeout, kept in the store (a restart keeps it), up to the absolute cap', async () => {
    const { store, clock } = memoryStore();
    const options = { now: clock.now, ttlSeconds: 3600, maxAgeSeconds: 3 * 3600 };
    const { token } = await new TechnicianSessions(store, options).create(technician);
    clock.advance(50 * 60_000);
    await expect(new TechnicianSessions(store, options).authenticate(token)).resolves.toBeDefined();
    clock.advance(50 * 60_000);
    // Another instance (after a restart) reads the expiry the first use stored.
    await expect(new TechnicianSessions(store, options).authenticate(token)).resolves.toBeDefined();
    clock.advance(50 * 60_000);
    await expect(new TechnicianSessions(store, options).authenticate(token)).resolves.toMatchObject({ expiresAt: clock.now() - 150 * 60_000 + 3 * 3600_000 });
    clock.advance(30 * 60_000);
    await expect(new TechnicianSessions(store, options).authenticate(token)).resolves.toBeUndefined();
  });

  it.each([
    ['missing', undefined],
    ['malformed', 'not a token'],
    ['forged (well-formed but never issued)', 'A'.repeat(43)],
  ])('rejects a %s token', async (_label, token) => {
    const { store } = memoryStore();
    const sessions = new TechnicianSessions(store);
    await sessions.create(technician);
    await expect(sessions.authenticate(token)).resolves.toBeUndefined();
  });

  it('a revoked token stops working', async () => {
    const { store } = memoryStore();
    const sessions = new TechnicianSessions(store);
    const { token } = await sessions.create(technician);
    await sessions.revoke(token);
    await expect(sessions.authenticate(token)).resolves.toBeUndefined();
  });

  it('counts technicians seen recently, which decides whether a live chat is offered', async () => {
    const { store, clock } = memoryStore();
    const sessions = new TechnicianSessions(store, { now: clock.now, ttlSeconds: 8 * 3600, touchEverySeconds: 60 });
    expect(await sessions.onlineCount(10)).toBe(0);
    const { token } = await sessions.create(technician);
    expect(await sessions.onlineCount(10)).toBe(1);
    clock.advance(11 * 60_000);
    expect(await sessions.onlineCount(10)).toBe(0);
    await sessions.authenticate(token); // the console polls
    expect(await sessions.onlineCount(10)).toBe(1);
  });
});

describe('sign-in rate limiting', () => {
  it('blocks a username from one address after 5 failures for the rest of the window', async () => {
    const { store, clock } = memoryStore();
    const limiter = new LoginRateLimiter(store, { now: clock.now, maxFailures: 5, windowSeconds: 900 });
    for (let i = 0; i < 5; i++) {
      expect(await limiter.retryAfterSeconds('tina', '10.0.0.1')).toBe(0);
      await limiter.recordFailure('tina', '10.0.0.1');
    }
    expect(await limiter.retryAfterSeconds('tina', '10.0.0.1')).toBe(900);
    expect(await limiter.retryAfterSeconds('tina', '10.0.0.2')).toBe(0);
    expect(await limiter.retryAfterSeconds('omar', '10.0.0.1')).toBe(0);
    clock.advance(900_000);
    expect(await limiter.retryAfterSeconds('tina', '10.0.0.1')).toBe(0);
  });

  it('a successful sign-in clears the failures', async () => {
    const { store } = memoryStore();
    const limiter = new LoginRateLimiter(store, { maxFailures: 2 });
    await limiter.recordFailure('tina', 'a');
    await limiter.reset('tina', 'a');
    await limiter.recordFailure('tina', 'a');
    expect(await limiter.retryAfterSeconds('tina', 'a')).toBe(0);
  });
});

describe('the development technician account', () => {
  it('is created once in development with a random password printed once', async () => {
    const { store } = memoryStore();
    const accounts = new TechnicianAccounts(store);
    const lines: string[] = [];
    await expect(seedDevTechnician(accounts, { nodeEnv: 'development', log: (l) => lines.push(l) })).resolves.toBe('seeded');
    const password = /Password \(shown only now\): (\S+)/.exec(lines[0])?.[1];
    expect(password).toBeDefined();
    await expect(accounts.verify('admin', password!)).resolves.toMatchObject({ roles: ['supervisor'] });
    await expect(seedDevTechnician(accounts, { nodeEnv: 'development', log: (l) => lines.push(l) })).resolves.toBe('exists');
    expect(lines).toHaveLength(1);
  });

  it('uses HELPLINE_DEV_TECHNICIAN_PASSWORD when set, without printing it', async () => {
    const { store } = memoryStore();
    const accounts = new TechnicianAccounts(store);
    const lines: string[] = [];
    await seedDevTechnician(accounts, { nodeEnv: 'development', password: PASSWORD, log: (l) => lines.push(l) });
    expect(lines.join('\n')).not.toContain(PASSWORD);
    await expect(accounts.verify('admin', PASSWORD)).resolves.toBeDefined();
  });

  it('never exists in production, and a default password there is refused', async () => {
    const { store } = memoryStore();
    const accounts = new TechnicianAccounts(store);
    await expect(seedDevTechnician(accounts, { nodeEnv: 'production', log: () => undefined })).resolves.toBe('skipped');
    await expect(seedDevTechnician(accounts, { nodeEnv: 'production', password: PASSWORD, log: () => undefined })).rejects.toThrow(/must not be set in production/);
    expect(await accounts.count()).toBe(0);
  });
});

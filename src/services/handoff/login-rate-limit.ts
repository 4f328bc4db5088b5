import { createHash } from 'node:crypto';
import { RateLimiter, type RateLimit } from '../../server/rate-limit';
import type { Store } from '../storage/store';

const C = 'technicians';
const P = 'sessions';

export interface RateLimitOptions {
  now?: () => number;
  maxFailures?: number;
  windowSeconds?: number;
}

/**
 * Sign-ins one client address may try, whatever the usernames: the failures are counted per
 * username, so this is what stops one address trying a password on many names. Every try costs an
 * argon2 hash (64 MiB, tens of ms), even for a name that does not exist. In memory: each instance
 * bounding its own hashing is the point.
 */
const SIGN_INS_PER_ADDRESS: RateLimit = { burst: 10, perSecond: 10 / 60 };

interface Failures {
  count: number;
  firstAt: number;
}

/**
 * Failed sign-ins per username and client address, stored so every instance sees them. After
 * `maxFailures` within the window, sign-in is refused (even with the right password) until the
 * window from the first failure has passed.
 */
export class LoginRateLimiter {
  private readonly now: () => number;
  private readonly maxFailures: number;
  private readonly windowMs: number;
  private readonly addresses: RateLimiter;

  constructor(
    private readonly store: Store,
    options: RateLimitOptions = {},
  ) {
    this.now = options.now ?? Date.now;
    this.maxFailures = options.maxFailures ?? 5;
    this.windowMs = (options.windowSeconds ?? 900) * 1000;
    this.addresses = new RateLimiter(SIGN_INS_PER_ADDRESS, this.now);
  }

  /** Counts one sign-in from `address`; 0 when it may go on, else the seconds to wait. */
  attemptFrom(address: string): number {
    const verdict = this.addresses.hit(address);
    return verdict.allowed ? 0 : verdict.retryAfterSeconds;
  }

  /** 0 when a sign-in may be tried now, else the seconds to wait. */
  async retryAfterSeconds(username: string, address: string): Promise<number> {
    const failures = await this.read(username, address);
    if (!failures || failures.count < this.maxFailures) return 0;
    return Math.max(1, Math.ceil((failures.firstAt + this.windowMs - this.now()) / 1000));
  }

  async recordFailure(username: string, address: string): Promise<void> {
    const at = this.now();
    const existing = await this.read(username, address);
    const failures: Failures = existing ? { count: existing.count + 1, firstAt: existing.firstAt } : { count: 1, firstAt: at };
    const ttlSeconds = Math.max(1, Math.ceil((failures.firstAt + this.windowMs - at) / 1000));
    await this.store.put(C, P, this.key(username, address), failures, { ttlSeconds });
  }

  async reset(username: string, address: string): Promise<void> {
    await this.store.delete(C, P, this.key(username, address));
  }

  private async read(username: string, address: string): Promise<Failures | undefined> {
    const found = await this.store.get<Failures>(C, P, this.key(username, address));
    if (!found || typeof found.value.count !== 'number' || found.value.firstAt + this.windowMs <= this.now()) return undefined;
    return found.value;
  }

  private key(username: string, address: string): string {
    return `login-failures/${createHash('sha256').update(`${username.trim().toLowerCase()}\n${address}`).digest('hex')}`;
  }
}

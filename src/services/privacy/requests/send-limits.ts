import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConflictError, type Store } from '../../storage/store';

/** Who a one-time code is counted against: the account asking, the client's network address, the mailbox it goes to. */
export type LimitScope = 'user' | 'client' | 'address';

export interface LimitVerdict {
  allowed: boolean;
  /** When not allowed: seconds until the next code may be asked for. */
  retryAfterSeconds: number;
}

const windowSchema = z.object({ times: z.array(z.number()) });
const lockSchema = z.object({ until: z.number() });

const PARTITION = 'verification-limits';
const HOUR_MS = 3_600_000;
// Ids are hashed so the limits partition holds no addresses.
const keyOf = (kind: string, scope: LimitScope, id: string) => `${kind}/${scope}/${createHash('sha256').update(id.trim().toLowerCase()).digest('hex')}`;

/**
 * Sliding one-hour windows of code requests, and cool-down locks after too many wrong codes,
 * in ledger/verification-limits so every server instance sees the same counts.
 */
export class SendLimits {
  constructor(
    private readonly store: Store,
    private readonly maxPerHour: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one code request against every given scope, unless one of them is already at its limit. */
  async hit(ids: Partial<Record<LimitScope, string>>): Promise<LimitVerdict> {
    const scopes = (Object.entries(ids) as [LimitScope, string | undefined][]).filter((e): e is [LimitScope, string] => Boolean(e[1]));
    const now = this.now();
    let retryAfterMs = 0;
    for (const [scope, id] of scopes) {
      const times = await this.recent(scope, id, now);
      if (times.length >= this.maxPerHour) retryAfterMs = Math.max(retryAfterMs, times[0] + HOUR_MS - now);
    }
    if (retryAfterMs > 0) return { allowed: false, retryAfterSeconds: Math.ceil(retryAfterMs / 1000) };
    for (const [scope, id] of scopes) await this.record(scope, id, now);
    return { allowed: true, retryAfterSeconds: 0 };
  }

  /** Seconds left of a cool-down on any of the scopes (0 when none). */
  async lockedFor(ids: Partial<Record<LimitScope, string>>): Promise<number> {
    let longest = 0;
    for (const [scope, id] of Object.entries(ids) as [LimitScope, string | undefined][]) {
      if (!id) continue;
      const found = await this.store.get<unknown>('ledger', PARTITION, keyOf('lock', scope, id));
      const until = found ? lockSchema.parse(found.value).until : 0;
      longest = Math.max(longest, until - this.now());
    }
    return longest > 0 ? Math.ceil(longest / 1000) : 0;
  }

  /** Starts a cool-down on every given scope. */
  async lock(ids: Partial<Record<LimitScope, string>>, minutes: number): Promise<void> {
    const until = this.now() + minutes * 60_000;
    for (const [scope, id] of Object.entries(ids) as [LimitScope, string | undefined][]) {
      if (id) await this.store.put('ledger', PARTITION, keyOf('lock', scope, id), { until }, { ttlSeconds: minutes * 60 });
    }
  }

  private async recent(scope: LimitScope, id: string, now: number): Promise<number[]> {
    const found = await this.store.get<unknown>('ledger', PARTITION, keyOf('window', scope, id));
    return found ? windowSchema.parse(found.value).times.filter((t) => t > now - HOUR_MS).sort((a, b) => a - b) : [];
  }

  private async record(scope: LimitScope, id: string, now: number): Promise<void> {
    const key = keyOf('window', scope, id);
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await this.store.get<unknown>('ledger', PARTITION, key);
      const times = found ? windowSchema.parse(found.value).times.filter((t) => t > now - HOUR_MS) : [];
      try {
        await this.store.put('ledger', PARTITION, key, { times: [...times, now] }, { ...(found ? { ifMatch: found.eTag } : { ifNoneMatch: '*' as const }), ttlSeconds: 3600 });
        return;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
  }
}

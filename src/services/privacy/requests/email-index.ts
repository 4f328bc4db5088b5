import { createHash } from 'node:crypto';
import { z } from 'zod';
import { createIfAbsent } from '../../storage/create-once';
import type { Store } from '../../storage/store';

/** sha256 of the trimmed, lower-cased address: how an email or phone number is looked up without storing it. */
export function addressHash(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase()).digest('hex');
}

const entrySchema = z.object({ userId: z.string(), updatedAt: z.string() });

const PARTITION = 'emails';

/**
 * ledger/emails: one record per (sha256(lower(email)), account whose email on file it is), keyed
 * '<hash>/<account>'. Several accounts can share one address (the same person in two browsers);
 * proving the address covers them all. One record per pair makes linking a single create-only
 * write, with no read first and no conflict between two accounts linking the same address.
 * The plain address is never stored here.
 */
export class EmailIndex {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** The accounts whose email on file is `email` (empty when none). */
  async lookup(email: string): Promise<string[]> {
    const found = await this.store.query<unknown>('ledger', PARTITION, { keyPrefix: `${addressHash(email)}/` });
    // In the order the accounts gave the address.
    return found
      .flatMap((r) => {
        const entry = entrySchema.safeParse(r.value);
        return entry.success ? [entry.data] : [];
      })
      .sort((a, b) => a.updatedAt.localeCompare(b.updatedAt))
      .map((e) => e.userId);
  }

  /** Records that `email` is the address on file of `userId`. */
  async link(email: string, userId: string): Promise<void> {
    // Already linked is as good as linked now.
    await createIfAbsent(this.store, 'ledger', PARTITION, keyOf(email, userId), { userId, updatedAt: new Date(this.now()).toISOString() });
  }

  /** Forgets that `email` belongs to `userId` (changed or erased). */
  async unlink(email: string, userId: string): Promise<void> {
    await this.store.delete('ledger', PARTITION, keyOf(email, userId));
  }
}

const keyOf = (email: string, userId: string) => `${addressHash(email)}/${encodeURIComponent(userId)}`;

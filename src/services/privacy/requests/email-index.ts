import { createHash } from 'node:crypto';
import { z } from 'zod';
import { ConflictError, type Store } from '../../storage/store';

/** sha256 of the trimmed, lower-cased address: how an email or phone number is looked up without storing it. */
export function addressHash(address: string): string {
  return createHash('sha256').update(address.trim().toLowerCase()).digest('hex');
}

const entrySchema = z.object({ userIds: z.array(z.string()).min(1), updatedAt: z.string() });

const PARTITION = 'emails';

/**
 * ledger/emails: sha256(lower(email)) -> the accounts whose email on file it is. Several accounts
 * can share one address (the same person in two browsers); proving the address covers them all.
 * The plain address is never stored here.
 */
export class EmailIndex {
  constructor(
    private readonly store: Store,
    private readonly now: () => number = Date.now,
  ) {}

  /** The accounts whose email on file is `email` (empty when none). */
  async lookup(email: string): Promise<string[]> {
    const found = await this.store.get<unknown>('ledger', PARTITION, addressHash(email));
    return found ? entrySchema.parse(found.value).userIds : [];
  }

  /** Records that `email` is the address on file of `userId`. */
  async link(email: string, userId: string): Promise<void> {
    await this.update(email, (ids) => (ids.includes(userId) ? ids : [...ids, userId]));
  }

  /** Forgets that `email` belongs to `userId` (changed or erased). */
  async unlink(email: string, userId: string): Promise<void> {
    await this.update(email, (ids) => ids.filter((id) => id !== userId));
  }

  private async update(email: string, change: (ids: string[]) => string[]): Promise<void> {
    const key = addressHash(email);
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await this.store.get<unknown>('ledger', PARTITION, key);
      const before = found ? entrySchema.parse(found.value).userIds : [];
      const after = change(before);
      if (after.length === before.length && after.every((id, i) => id === before[i])) return;
      try {
        if (after.length === 0) {
          if (found) await this.store.delete('ledger', PARTITION, key, { ifMatch: found.eTag });
        } else {
          const value = { userIds: after, updatedAt: new Date(this.now()).toISOString() };
          await this.store.put('ledger', PARTITION, key, value, found ? { ifMatch: found.eTag } : { ifNoneMatch: '*' });
        }
        return;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError('the email index kept changing; try again');
  }
}

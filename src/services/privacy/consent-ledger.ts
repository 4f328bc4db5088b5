import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Store } from '../storage/store';
import { TimeOrderedKeys } from '../storage/time-ordered-keys';
import { createOnce } from '../storage/create-once';

/** What a user can give or withdraw consent for. Other features (opt-outs, data rights) share these names. */
export const CONSENT_PURPOSES = [
  'marketing_email',
  'marketing_phone',
  'third_party_sharing',
  'transcript_recording',
  'remote_access',
  'diagnostics',
] as const;
export type ConsentPurpose = (typeof CONSENT_PURPOSES)[number];

export const consentInputSchema = z.object({
  userId: z.string().min(1),
  conversationId: z.string().min(1).optional(),
  purpose: z.enum(CONSENT_PURPOSES),
  granted: z.boolean(),
  /** The version of the notice the user saw when deciding (P14: a newer version asks again). */
  noticeVersion: z.string().min(1).optional(),
  /** Where the decision was made: 'webchat', 'msteams', 'directline', 'technician console', ... */
  channel: z.string().min(1),
  /** What recorded it, e.g. 'remote access dialog', 'gpc signal', 'opt-out dialog'. */
  source: z.string().min(1).optional(),
});
export type ConsentInput = z.infer<typeof consentInputSchema>;

export const consentRecordSchema = consentInputSchema.extend({
  id: z.string(),
  /** ISO time of the decision. */
  at: z.string(),
});
export type ConsentRecord = z.infer<typeof consentRecordSchema>;

export type CurrentConsents = Partial<Record<ConsentPurpose, ConsentRecord>>;

export interface ConsentLedgerOptions {
  now?: () => number;
  /** Consent records are evidence: kept for the audit retention period. */
  retentionDays: number;
}

const PREFIX = 'consent/';

/**
 * Every consent decision ever made, one record each, never changed (append-only), in the
 * user's partition so an export or erasure finds them all. The latest record per purpose is
 * the user's current choice.
 */
export class ConsentLedger {
  private readonly now: () => number;
  // Orders records made in the same millisecond (a fast double-click, or a frozen test clock).
  private readonly keys: TimeOrderedKeys;

  constructor(
    private readonly store: Store,
    private readonly options: ConsentLedgerOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.keys = new TimeOrderedKeys(this.now);
  }

  /** Appends one decision and returns the stored record. */
  async record(input: ConsentInput): Promise<ConsentRecord> {
    const parsed = consentInputSchema.parse(input);
    const { key, at } = this.nextKey();
    const record: ConsentRecord = { ...stripUndefined(parsed), id: key.slice(PREFIX.length), at };
    await createOnce(this.store, 'users', parsed.userId, key, record, { ttlSeconds: this.options.retentionDays * 86400 });
    return record;
  }

  /** All decisions of a user, oldest first. */
  async history(userId: string): Promise<ConsentRecord[]> {
    const records = await this.store.query<unknown>('users', userId, { keyPrefix: PREFIX });
    return records.map((r) => consentRecordSchema.parse(r.value));
  }

  /** The latest decision per purpose; a purpose never decided is absent. */
  async current(userId: string): Promise<CurrentConsents> {
    const latest: CurrentConsents = {};
    for (const record of await this.history(userId)) latest[record.purpose] = record;
    return latest;
  }

  /** True when the user's latest decision for `purpose` is a yes. */
  async isGranted(userId: string, purpose: ConsentPurpose): Promise<boolean> {
    return (await this.current(userId))[purpose]?.granted === true;
  }

  /**
   * Erasure is the one exception to append-only: removes the records made in one conversation
   * (P13: a child's "yes" is not consent and must not be kept). Returns how many went. With
   * `keepRefusals`, a "no" (an opt-out) stays: an adult erasing one chat has not asked to be
   * marketed to or recorded again, and deleting their no would do exactly that.
   */
  async eraseConversation(userId: string, conversationId: string, options: { keepRefusals?: boolean } = {}): Promise<number> {
    const records = await this.store.query<ConsentRecord>('users', userId, { keyPrefix: PREFIX });
    let removed = 0;
    for (const r of records) {
      if (r.value.conversationId !== conversationId || (options.keepRefusals && !r.value.granted)) continue;
      if (await this.store.delete('users', userId, r.key)) removed += 1;
    }
    return removed;
  }

  private nextKey(): { key: string; at: string } {
    const { ms, seq } = this.keys.next();
    const at = new Date(ms).toISOString();
    // Keys sort by time, then by order within the millisecond, then randomly across servers.
    const order = seq.toString(36).padStart(4, '0');
    return { key: `${PREFIX}${at}-${order}${randomBytes(4).toString('hex')}`, at };
  }
}

function stripUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

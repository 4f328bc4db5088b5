import type { Store, StoredRecord } from '../storage/store';
import { ownerRecordSchema, type OwnerRecord } from './handoff-record';

const KEY = 'owner';

export interface OwnerSnapshot {
  value: OwnerRecord;
  /** Absent when the conversation never had an owner record (the bot owns it). */
  eTag?: string;
}

/**
 * The stored owner of a conversation (design rule 2). Every write is conditional on the
 * snapshot it was computed from: ifMatch the eTag read, or create-only when there was none,
 * so two writers (two technicians, a technician and the user, two instances) cannot both win.
 * A losing write throws ConflictError.
 */
export class ConversationOwner {
  constructor(
    private readonly store: Store,
    private readonly ttlSeconds?: number,
  ) {}

  async get(conversationId: string): Promise<OwnerSnapshot> {
    const record = await this.store.get<OwnerRecord>('conversations', conversationId, KEY);
    if (!record) return { value: { owner: 'bot' } };
    const parsed = ownerRecordSchema.safeParse(record.value);
    // An unreadable record must still be replaced conditionally, so its eTag is kept.
    return { value: parsed.success ? parsed.data : { owner: 'bot' }, eTag: record.eTag };
  }

  /** Writes `next` only if the record is still what `from` saw. */
  async replace(conversationId: string, from: OwnerSnapshot, next: OwnerRecord): Promise<OwnerSnapshot> {
    const value = ownerRecordSchema.parse(next);
    const written: StoredRecord<OwnerRecord> = await this.store.put('conversations', conversationId, KEY, value, {
      ...(from.eTag ? { ifMatch: from.eTag } : { ifNoneMatch: '*' as const }),
      ...(this.ttlSeconds ? { ttlSeconds: this.ttlSeconds } : {}),
    });
    return { value, eTag: written.eTag };
  }
}

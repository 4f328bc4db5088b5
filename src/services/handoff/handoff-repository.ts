import { briefCache } from '../storage/brief-cache';
import { createIfAbsent, createOnce, writerMark } from '../storage/create-once';
import { ConflictError, type Store } from '../storage/store';
import { handoffRecordSchema, type HandoffRecord } from './handoff-record';
import { PICKUP_SAMPLES, recordDelay } from './wait-estimate';

const C = 'handoffs';
const P = 'queue';
const ACTIVE = 'active/';
const ENDED = 'ended/';
const STATS = 'stats/claim-delays';
const NOTIFIED = 'notified/';
const LONG_WAIT = 'long-wait/';
const UNAVAILABLE = 'unavailable/';

/** Fields of a handoff that always hold a string, so handoffs can be counted in their order. */
export type OrderField = 'priority' | 'createdAt';

/** The place a waiting user was last told; `eTag` is the stored record's version, absent while none is stored. */
export interface ToldPlace {
  position?: number;
  eTag?: string;
}

export interface Versioned<T> {
  value: T;
  eTag: string;
}

/**
 * How handoffs are laid out in the 'queue' partition. Open handoffs (waiting or assigned) live
 * under `active/<id>`, and ending one moves it to `ended/<id>`: the console polls the active
 * ones every 2 s, so that read stays as small as the queue however much history accumulates.
 * A move writes the ended copy first and then deletes the active record ifMatch its eTag; until
 * that delete succeeds the active record is the truth and a stale ended copy is ignored.
 */
export class HandoffRepository {
  // Every enqueue estimates the wait from these; a minute-old sample set estimates as well.
  private readonly delays = briefCache(() => this.readDelays(), 60_000);

  constructor(
    private readonly store: Store,
    private readonly retentionSeconds: number,
  ) {}

  async getActive(id: string): Promise<Versioned<HandoffRecord> | undefined> {
    return this.read(ACTIVE + id);
  }

  async getEnded(id: string): Promise<Versioned<HandoffRecord> | undefined> {
    return this.read(ENDED + id);
  }

  /** Open handoffs (waiting or assigned). The records are frozen and shared: spread one to change it. */
  async listActive(): Promise<HandoffRecord[]> {
    return this.readAll(ACTIVE);
  }

  /**
   * How many open handoffs with these field values come before `handoff` when ordered by the
   * fields of `order` in turn, then by id. The store counts them: none is read.
   */
  async countBefore(handoff: HandoffRecord, order: readonly OrderField[], equal: Partial<Pick<HandoffRecord, 'kind' | 'status'>>): Promise<number> {
    return this.store.count(C, P, { keyPrefix: ACTIVE, equal, before: { by: order.map((field) => ({ field, value: handoff[field] })), key: ACTIVE + handoff.id } });
  }

  /** How many open live handoffs the user has, in any chat. The store counts them: none is read. */
  /** The user's open tickets of any kind (live, callback, email), counted by the store. */
  async countActiveOf(userId: string): Promise<number> {
    return this.store.count(C, P, { keyPrefix: ACTIVE, equal: { userId } });
  }

  async listEnded(): Promise<HandoffRecord[]> {
    const active = new Set((await this.listActive()).map((h) => h.id));
    return (await this.readAll(ENDED)).filter((h) => !active.has(h.id));
  }

  async createActive(record: HandoffRecord): Promise<Versioned<HandoffRecord>> {
    // The id is new and random: a conflict can only be this very write, landed with its answer lost.
    const written = await createOnce(this.store, C, P, ACTIVE + record.id, handoffRecordSchema.parse(record), { ttlSeconds: this.retentionSeconds });
    return { value: record, eTag: written.eTag };
  }

  async replaceActive(record: HandoffRecord, eTag: string): Promise<Versioned<HandoffRecord>> {
    const written = await this.store.put(C, P, ACTIVE + record.id, handoffRecordSchema.parse(record), { ifMatch: eTag, ttlSeconds: this.retentionSeconds });
    return { value: record, eTag: written.eTag };
  }

  async replaceEnded(record: HandoffRecord, eTag: string): Promise<void> {
    await this.store.put(C, P, ENDED + record.id, handoffRecordSchema.parse(record), { ifMatch: eTag, ttlSeconds: this.retentionSeconds });
  }

  /**
   * Moves an open handoff to the ended ones; ConflictError when the active record changed since
   * `eTag`, or another ending is under way. Of two endings at once, the one whose delete of the
   * active record lands is the ending, and the ended copy is left as it wrote it: each writes its
   * copy only over what it read there, and a loser puts back what it replaced. Writing over the
   * other's copy unread and then deleting "its own" lost the winner's record altogether.
   */
  async finish(record: HandoffRecord, eTag: string): Promise<void> {
    const key = ENDED + record.id;
    const value = handoffRecordSchema.parse(record);
    // A copy already there is a stale one (an ending that failed half-way) or another ending's under way.
    const before = await this.store.get<HandoffRecord>(C, P, key);
    const mine = await this.store.put(C, P, key, value, { ttlSeconds: this.retentionSeconds, ...(before ? { ifMatch: before.eTag } : { ifNoneMatch: '*' as const }) });
    try {
      const deleted = await this.store.delete(C, P, ACTIVE + record.id, { ifMatch: eTag });
      if (!deleted) throw new ConflictError('the handoff was already ended');
    } catch (error) {
      // Unless another ending has written its copy since (then that copy is the record).
      const undo = before
        ? this.store.put(C, P, key, before.value, { ifMatch: mine.eTag, ttlSeconds: this.retentionSeconds })
        : this.store.delete(C, P, key, { ifMatch: mine.eTag });
      await undo.catch(() => undefined);
      throw error;
    }
  }

  /** Claim delays (seconds) of the most recent pickups, oldest first. */
  async recentDelays(): Promise<number[]> {
    return this.delays.get();
  }

  private async readDelays(): Promise<number[]> {
    const found = await this.store.get<{ delays: number[] }>(C, P, STATS);
    return Array.isArray(found?.value.delays) ? found.value.delays.filter((d) => typeof d === 'number') : [];
  }

  /** Adds one pickup delay; best effort, since a lost sample only makes the estimate slightly older. */
  async addDelay(seconds: number): Promise<void> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const found = await this.store.get<{ delays: number[] }>(C, P, STATS);
      const delays = recordDelay(Array.isArray(found?.value.delays) ? found.value.delays : [], seconds, PICKUP_SAMPLES);
      try {
        await this.store.put(C, P, STATS, { delays }, found ? { ifMatch: found.eTag } : { ifNoneMatch: '*' });
        this.delays.forget();
        return;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
  }

  /** The place the user of `handoff` was last told, and the version of that record (none yet: the place told when it was queued). */
  async toldPlace(handoff: Pick<HandoffRecord, 'id' | 'toldPosition'>): Promise<ToldPlace> {
    const found = await this.store.get<{ position: number }>(C, P, NOTIFIED + handoff.id);
    return found ? { position: found.value.position, eTag: found.eTag } : { position: handoff.toldPosition };
  }

  /**
   * Records that the user of `id` is being told `position`; true for exactly one caller per
   * change, so several instances running the update job do not repeat the same message. `told`:
   * what toldPlace returned just before, so it is not read again.
   */
  async claimNotification(handoff: Pick<HandoffRecord, 'id' | 'toldPosition'>, position: number, told?: ToldPlace): Promise<boolean> {
    const last = told ?? (await this.toldPlace(handoff));
    if (last.position === position) return false;
    try {
      await this.store.put(C, P, NOTIFIED + handoff.id, { position }, { ...(last.eTag ? { ifMatch: last.eTag } : { ifNoneMatch: '*' as const }), ttlSeconds: 86400 });
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  /**
   * Records that the user of `id` is being told their wait has grown long; true for exactly one
   * caller, once per handoff (create-only), so no instance repeats the apology.
   */
  async claimLongWaitNotice(id: string): Promise<boolean> {
    return (await createIfAbsent(this.store, C, P, LONG_WAIT + id, { by: writerMark() }, { ttlSeconds: 86400 })).created;
  }

  /**
   * Records that the user of `id` is being told nobody can pick them up now (`spell`: which closing
   * or absence, so the next one is told again); true for exactly one caller (create-only).
   */
  async claimUnavailableNotice(id: string, spell: string): Promise<boolean> {
    return (await createIfAbsent(this.store, C, P, `${UNAVAILABLE}${id}/${spell}`, { by: writerMark() }, { ttlSeconds: 86400 })).created;
  }

  private async read(key: string): Promise<Versioned<HandoffRecord> | undefined> {
    const found = await this.store.get<HandoffRecord>(C, P, key);
    if (!found) return undefined;
    const parsed = handoffRecordSchema.safeParse(found.value);
    return parsed.success ? { value: parsed.data, eTag: found.eTag } : undefined;
  }

  private async readAll(prefix: string): Promise<HandoffRecord[]> {
    const records = await this.store.query<HandoffRecord>(C, P, { keyPrefix: prefix });
    const checked = this.checked.get(prefix) ?? new Map<string, { eTag: string; record?: HandoffRecord }>();
    const next = new Map<string, { eTag: string; record?: HandoffRecord }>();
    const out: HandoffRecord[] = [];
    for (const r of records) {
      // Consoles list the queue every 2 s and most records have not changed since: a record is
      // checked against the schema once per version (eTag), not on every listing.
      let known = checked.get(r.key);
      if (known?.eTag !== r.eTag) {
        const parsed = handoffRecordSchema.safeParse(r.value);
        // Frozen, so the same record can be handed to every caller without copying it each time.
        known = { eTag: r.eTag, record: parsed.success ? deepFreeze(parsed.data) : undefined };
      }
      next.set(r.key, known);
      if (known.record) out.push(known.record);
    }
    // Only what the latest listing saw is kept, so memory follows the size of the queue.
    this.checked.set(prefix, next);
    return out;
  }

  private readonly checked = new Map<string, Map<string, { eTag: string; record?: HandoffRecord }>>();
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

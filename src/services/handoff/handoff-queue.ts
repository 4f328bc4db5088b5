import { quotableId, quotableIdFrom } from '../quotable-id';
import { ConflictError, type Store } from '../storage/store';
import { ConversationOwner, type OwnerSnapshot } from './conversation-owner';
import { HandoffError, isTechnician, type ContactField, type HandoffKind, type HandoffPriority, type HandoffRecord, type HandoffStatus, type HandoffTeam } from './handoff-record';
import { HandoffRepository, type OrderField } from './handoff-repository';
import { DEFAULT_PICKUP_SECONDS, estimateWaitSeconds } from './wait-estimate';

export interface NewHandoff {
  conversationId: string;
  userId: string;
  kind: HandoffKind;
  priority: HandoffPriority;
  reason: string;
  summary?: string;
  device: string;
  caseId?: string;
  team?: HandoffTeam;
  contactFields: ContactField[];
  recordingOff: boolean;
}

export interface QueuePlace {
  handoff: HandoffRecord;
  /** 1 = next to be picked up; high priority goes ahead of normal, then first come first served. */
  position: number;
  etaSeconds: number;
}

export interface HandoffQueueOptions {
  now?: () => number;
  /** How long ended handoffs are kept (policy.retentionDays.handoffs). */
  retentionDays?: number;
  /** Owner records expire with the rest of the conversation state. */
  ownerTtlSeconds?: number;
  /** The per-person wait assumed before any pickup has been measured. */
  fallbackPickupSeconds?: number;
}

/** The handoff queue (one stored partition): who waits for a person, in which order, and for how long. */
export class HandoffQueue {
  readonly owners: ConversationOwner;
  readonly records: HandoffRepository;
  readonly now: () => number;
  private readonly fallbackPickupSeconds: number;

  constructor(store: Store, options: HandoffQueueOptions = {}) {
    this.now = options.now ?? Date.now;
    this.owners = new ConversationOwner(store, options.ownerTtlSeconds);
    this.records = new HandoffRepository(store, (options.retentionDays ?? 730) * 86400);
    this.fallbackPickupSeconds = options.fallbackPickupSeconds ?? DEFAULT_PICKUP_SECONDS;
  }

  /**
   * Queues a handoff. A live one is also linked from the conversation's owner record, so a
   * conversation waits in the queue at most once: asking again returns the existing handoff.
   * A follow-up given an `id` is written once: while one with that id is open, it is returned.
   */
  async create(input: NewHandoff, options: { ownerAbsent?: boolean; id?: string } = {}): Promise<{ handoff: HandoffRecord; created: boolean; place?: QueuePlace }> {
    if (options.id && input.kind === 'live') throw new Error('a live handoff takes a new id');
    const id = options.id ?? newHandoffId();
    if (options.id) {
      const open = await this.records.getActive(id);
      if (open) return { handoff: open.value, created: false };
    }
    if (input.kind === 'live') {
      // `ownerAbsent`: no handoff was ever started in this conversation, so there is no owner
      // record to read; the link is then written create-only, and if one appeared after all,
      // the write fails and the record is read and checked as usual.
      const linked = options.ownerAbsent ? await this.link(input.conversationId, { value: { owner: 'bot' } }, id) : undefined;
      if (!linked) {
        const snapshot = await this.owners.get(input.conversationId);
        if (isTechnician(snapshot.value.owner)) throw new HandoffError('conflict', 'A technician is already in this conversation.');
        const existing = snapshot.value.handoffId ? await this.linked(snapshot.value.handoffId, input.conversationId) : undefined;
        if (existing) return { handoff: existing, created: false };
        await this.owners.replace(input.conversationId, snapshot, { owner: 'bot', handoffId: id });
      }
    }
    const record: HandoffRecord = { id, ...input, status: 'waiting', createdAt: new Date(this.now()).toISOString() };
    // A live handoff's place is worked out before it is written and stored with it as the place
    // the user is told, so the queue-update job knows what they heard without a record of its own.
    const place = input.kind === 'live' ? await this.placeOfNew(record) : undefined;
    if (place) record.toldPosition = place.position;
    await this.records.createActive(record);
    return { handoff: record, created: true, ...(place ? { place } : {}) };
  }

  /**
   * Where a handoff not yet in the queue will stand once it is: after every waiting one that comes
   * before it in pickup order. Counted rather than read: at a busy hour a thousand tickets wait.
   */
  private async placeOfNew(record: HandoffRecord): Promise<QueuePlace> {
    const position = (await this.records.countBefore(record, PICKUP_ORDER, { kind: 'live', status: 'waiting' })) + 1;
    return { handoff: record, position, etaSeconds: await this.etaSeconds(position) };
  }

  // The link is written first: a link to a handoff that was never written reads as "no handoff".
  private async link(conversationId: string, from: OwnerSnapshot, id: string): Promise<boolean> {
    try {
      await this.owners.replace(conversationId, from, { owner: 'bot', handoffId: id });
      return true;
    } catch (error) {
      if (error instanceof ConflictError) return false;
      throw error;
    }
  }

  /** An open or ended handoff by id. */
  async get(id: string): Promise<HandoffRecord | undefined> {
    return (await this.records.getActive(id))?.value ?? (await this.records.getEnded(id))?.value;
  }

  /**
   * Adds `note` to a waiting ticket's summary (what the technician's queue and the ticket show):
   * another problem the user brought while it waited, or a note they asked to have added. Undefined when it is no longer waiting.
   */
  async addToSummary(id: string, note: string): Promise<HandoffRecord | undefined> {
    return this.changeWaiting(id, (h) => {
      const summary = h.summary ?? h.reason;
      // Asked twice about the same problem: once is enough.
      return summary.includes(note) ? undefined : { ...h, summary: `${summary}; ${note}` };
    });
  }

  /**
   * Puts another problem the user asked a technician about on a waiting ticket: `note` on its summary,
   * and the problem with its case among the ticket's added problems. Undefined when it is no longer waiting.
   */
  async addProblem(id: string, note: string, added: { problem: string; device: string; caseId?: string }): Promise<HandoffRecord | undefined> {
    return this.changeWaiting(id, (h) => {
      const summary = h.summary ?? h.reason;
      if (summary.includes(note)) return undefined;
      const problem = { ...added, addedAt: new Date(this.now()).toISOString() };
      return { ...h, summary: `${summary}; ${note}`, addedProblems: [...(h.addedProblems ?? []), problem] };
    });
  }

  /** Keeps the Teams thread of an open ticket's alert, whoever holds the ticket by then. Undefined once it ended. */
  async setTeamsThread(id: string, teamsThread: string): Promise<HandoffRecord | undefined> {
    return this.changeActive(id, (h) => (h.teamsThread === teamsThread ? undefined : { ...h, teamsThread }));
  }

  /**
   * A hazard or a scam told while the ticket waits ("it just started smoking"): it goes ahead of the
   * normal ones, its reason now `reasonFor` its reason as stored (which may have changed since it was
   * read); `note`, the user's words, is added to the summary (none with recording off). Undefined when it is no longer waiting.
   */
  async raiseUrgent(id: string, reasonFor: (reason: string) => string, note?: string): Promise<HandoffRecord | undefined> {
    return this.changeWaiting(id, (h) => {
      const summary = h.summary ?? h.reason;
      return { ...h, priority: 'high', reason: reasonFor(h.reason), summary: note && !summary.includes(note) ? `${summary}; ${note}` : summary };
    });
  }

  /** Keeps when the user would like a waiting ticket's call ("after 3pm"), in place of any they gave before. Undefined when it is no longer waiting. */
  async setPreferredTime(id: string, preferredTime: string): Promise<HandoffRecord | undefined> {
    return this.changeWaiting(id, (h) => (h.preferredTime === preferredTime ? undefined : { ...h, preferredTime }));
  }

  /** Writes `change` of a waiting ticket (none when it answers undefined); undefined when the ticket no longer waits. */
  private changeWaiting(id: string, change: (h: HandoffRecord) => HandoffRecord | undefined): Promise<HandoffRecord | undefined> {
    return this.changeActive(id, change, (h) => h.status === 'waiting');
  }

  /** Writes `change` of an open ticket `applies` to (none when it answers undefined); undefined for any other. */
  private async changeActive(id: string, change: (h: HandoffRecord) => HandoffRecord | undefined, applies: (h: HandoffRecord) => boolean = () => true): Promise<HandoffRecord | undefined> {
    for (let attempt = 0; attempt < 5; attempt++) {
      const found = await this.records.getActive(id);
      if (!found || !applies(found.value)) return undefined;
      const changed = change(found.value);
      if (!changed) return found.value;
      try {
        return (await this.records.replaceActive(changed, found.eTag)).value;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new ConflictError('could not change the ticket');
  }

  /** Handoffs with a status (all when omitted), oldest first. */
  async list(status?: HandoffStatus): Promise<HandoffRecord[]> {
    const active = status === 'ended' ? [] : await this.records.listActive();
    const ended = status === undefined || status === 'ended' ? await this.records.listEnded() : [];
    return [...active, ...ended].filter((h) => !status || h.status === status).sort(byCreated);
  }

  /** The live handoff this conversation waits for or is in, if any. */
  async activeFor(conversationId: string): Promise<HandoffRecord | undefined> {
    const { value } = await this.owners.get(conversationId);
    return value.handoffId ? this.linked(value.handoffId, conversationId) : undefined;
  }

  /**
   * The open handoff a conversation's owner record links to, while it is still in that
   * conversation: one that moved to the user's newer chat left at most a stale link behind.
   */
  async linked(handoffId: string, conversationId: string): Promise<HandoffRecord | undefined> {
    const handoff = (await this.records.getActive(handoffId))?.value;
    return handoff?.conversationId === conversationId ? handoff : undefined;
  }

  /** Everyone waiting for a live chat, in pickup order, with their estimated wait. */
  async waitingLine(): Promise<QueuePlace[]> {
    const waiting = await this.waiting();
    const delays = await this.records.recentDelays();
    return waiting.map((handoff, i) => ({ handoff, position: i + 1, etaSeconds: estimateWaitSeconds(delays, i + 1, this.fallbackPickupSeconds) }));
  }

  /** The live handoffs waiting, in pickup order. */
  private async waiting(): Promise<HandoffRecord[]> {
    return (await this.records.listActive()).filter((h) => h.kind === 'live' && h.status === 'waiting').sort(byPickupOrder);
  }

  private async etaSeconds(position: number): Promise<number> {
    return estimateWaitSeconds(await this.records.recentDelays(), position, this.fallbackPickupSeconds);
  }

  /** The place of one waiting handoff, or undefined once it is no longer waiting. */
  async placeOf(id: string): Promise<QueuePlace | undefined> {
    return (await this.waitingLine()).find((p) => p.handoff.id === id);
  }

  /** Seconds a handoff has waited (until it was claimed or ended). */
  waitingSeconds(handoff: HandoffRecord): number {
    const until = handoff.claimedAt ?? handoff.endedAt;
    const end = until ? Date.parse(until) : this.now();
    return Math.max(0, Math.round((end - Date.parse(handoff.createdAt)) / 1000));
  }
}

/**
 * A ticket id the user can quote ('T-7KX2M9QD4P'). Ten characters (50 bits): unlike a privacy
 * request's, a handoff's id is unique across every handoff kept, not one user's.
 */
export function newHandoffId(): string {
  return quotableId('T-', 10);
}

/** The id of the follow-up that replaces a live handoff: the same on every retry of the change. */
export function followUpIdFor(liveId: string, kind: HandoffKind): string {
  return quotableIdFrom('T-', 10, `${liveId}/${kind}`);
}

const byCreated = (a: HandoffRecord, b: HandoffRecord) => a.createdAt.localeCompare(b.createdAt) || a.id.localeCompare(b.id);

/**
 * Pickup order: by these fields in turn, then by id, each compared as text. 'high' comes before
 * 'normal' as text, so security reports go first; then first come, first served. The store
 * counts a new ticket's place in the same order (placeOfNew).
 */
const PICKUP_ORDER: readonly OrderField[] = ['priority', 'createdAt'];

function byPickupOrder(a: HandoffRecord, b: HandoffRecord): number {
  for (const field of PICKUP_ORDER) if (a[field] !== b[field]) return a[field] < b[field] ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

import { z } from 'zod';
import { quotableId } from '../../quotable-id';
import { createOnce } from '../../storage/create-once';
import type { Store } from '../../storage/store';
import {
  applyTransition,
  dueDateFor,
  isOpen,
  NEEDS_VERIFICATION,
  privacyRequestSchema,
  REQUEST_STATUSES,
  REQUEST_TYPES,
  type PrivacyRequest,
  type RequestStatus,
  type RequestType,
} from './request-record';

export interface RequestLedgerOptions {
  now?: () => number;
  /** policy.privacyRequests.dueDays */
  dueDays: number;
  /** Request records are evidence that a right was honoured: policy.retentionDays.audit. */
  retentionDays: number;
}

/** One line of the cross-user index (ledger/requests): enough to list deadlines without reading partitions. */
export const requestIndexSchema = z.object({
  id: z.string(),
  userId: z.string(),
  type: z.enum(REQUEST_TYPES),
  status: z.enum(REQUEST_STATUSES),
  receivedAt: z.string(),
  dueDate: z.string(),
});
export type RequestIndexEntry = z.infer<typeof requestIndexSchema>;

export interface NewRequest {
  userId: string;
  type: RequestType;
  channel: string;
  conversationId?: string;
  actor: string;
  details?: Record<string, unknown>;
}

const PREFIX = 'request/';
const INDEX_PARTITION = 'requests';

/**
 * Every data-rights request as a record with a state machine and an audit trail (P11), in the
 * subject's partition (users/<id> 'request/<id>'), plus an index in ledger/requests so open
 * requests and their deadlines can be listed across users.
 */
export class RequestLedger {
  private readonly now: () => number;

  constructor(
    private readonly store: Store,
    private readonly options: RequestLedgerOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  /** Records a new request as received; the due date counts from now. */
  async create(input: NewRequest): Promise<PrivacyRequest> {
    const request = this.draft(input);
    await createOnce(this.store, 'users', request.userId, PREFIX + request.id, request, { ttlSeconds: this.ttl() });
    await this.writeIndex(request);
    return request;
  }

  /** A new request as received, with its id, not stored yet: for requests carried out in the same step (recordCompleted). */
  draft(input: NewRequest): PrivacyRequest {
    const ms = this.now();
    const at = new Date(ms).toISOString();
    return privacyRequestSchema.parse({
      id: newRequestId(),
      type: input.type,
      status: 'received',
      userId: input.userId,
      channel: input.channel,
      ...(input.conversationId ? { conversationId: input.conversationId } : {}),
      receivedAt: at,
      dueDate: dueDateFor(ms, this.options.dueDays),
      details: input.details ?? {},
      audit: [{ at, from: null, to: 'received', actor: input.actor }],
    });
  }

  /**
   * Stores a drafted request that was carried out at once (an opt-out): one write holding both
   * its received and completed audit entries, after the effects are stored.
   */
  async recordCompleted(draft: PrivacyRequest, actor: string, details: Record<string, unknown> = {}): Promise<PrivacyRequest> {
    const done = privacyRequestSchema.parse({ ...applyTransition(draft, 'completed', actor, this.iso()), details: { ...draft.details, ...details } });
    await createOnce(this.store, 'users', done.userId, PREFIX + done.id, done, { ttlSeconds: this.ttl() });
    await this.writeIndex(done);
    return done;
  }

  async get(userId: string, id: string): Promise<PrivacyRequest | undefined> {
    const found = await this.store.get<unknown>('users', userId, PREFIX + id);
    return found ? privacyRequestSchema.parse(found.value) : undefined;
  }

  /** Finds a request by id alone, through the index. */
  async find(id: string): Promise<PrivacyRequest | undefined> {
    const entry = await this.store.get<unknown>('ledger', INDEX_PARTITION, id);
    if (!entry) return undefined;
    return this.get(requestIndexSchema.parse(entry.value).userId, id);
  }

  /** Moves a request to `to`, recording who did it; throws InvalidTransitionError when the state machine forbids it. */
  async transition(
    userId: string,
    id: string,
    to: RequestStatus,
    actor: string,
    change: { note?: string; details?: Record<string, unknown>; verifiedBy?: string; subjects?: string[] } = {},
  ): Promise<PrivacyRequest> {
    return this.change(userId, id, (request) => {
      const next = applyTransition(request, to, actor, this.iso(), change.note);
      if (change.details) next.details = { ...next.details, ...change.details };
      if (change.verifiedBy) next.verifiedBy = change.verifiedBy;
      if (change.subjects) next.subjects = change.subjects;
      return next;
    });
  }

  /** Adds type-specific facts without changing the status. */
  async addDetails(userId: string, id: string, details: Record<string, unknown>): Promise<PrivacyRequest> {
    return this.change(userId, id, (request) => ({ ...request, details: { ...request.details, ...details } }));
  }

  /**
   * A user who asks again for what an earlier, unfinished request asked for (left at its code or
   * its yes in another chat, and back the next day): the earlier ones of the same type are closed
   * as replaced by `request`, so one request stays open and the earlier ones show what became of
   * them. A deletion of one chat only (details.scope 'conversation') is a different request.
   */
  async supersede(request: PrivacyRequest): Promise<PrivacyRequest[]> {
    const scope = (r: PrivacyRequest) => (r.details as { scope?: unknown }).scope;
    const earlier = (await this.list(request.userId)).filter(
      (r) => r.id !== request.id && r.type === request.type && isOpen(r.status) && scope(r) === scope(request),
    );
    const closed: PrivacyRequest[] = [];
    for (const r of earlier) closed.push(await this.transition(r.userId, r.id, 'withdrawn', 'user', { note: `replaced by ${request.id}, asked again` }));
    return closed;
  }

  /** The user's requests, oldest first. */
  async list(userId: string): Promise<PrivacyRequest[]> {
    const records = await this.store.query<unknown>('users', userId, { keyPrefix: PREFIX });
    return records.map((r) => privacyRequestSchema.parse(r.value)).sort((a, b) => a.receivedAt.localeCompare(b.receivedAt));
  }

  /** Open requests across all users, earliest deadline first; with `dueWithinDays`, only those due by then. */
  async listOpen(options: { dueWithinDays?: number } = {}): Promise<RequestIndexEntry[]> {
    const records = await this.store.query<unknown>('ledger', INDEX_PARTITION);
    const limit = options.dueWithinDays !== undefined ? dueDateFor(this.now(), options.dueWithinDays) : undefined;
    return records
      .map((r) => requestIndexSchema.parse(r.value))
      .filter((e) => isOpen(e.status) && (limit === undefined || e.dueDate <= limit))
      .sort((a, b) => a.dueDate.localeCompare(b.dueDate) || a.receivedAt.localeCompare(b.receivedAt));
  }

  /** Requests still waiting for the user to prove who they are after their due date: they expire. */
  async expireOverdue(): Promise<PrivacyRequest[]> {
    const today = new Date(this.now()).toISOString().slice(0, 10);
    const expired: PrivacyRequest[] = [];
    for (const entry of await this.listOpen()) {
      const waitingForUser = entry.status === 'identity_pending' || (entry.status === 'received' && NEEDS_VERIFICATION.has(entry.type));
      if (waitingForUser && entry.dueDate < today) {
        expired.push(await this.transition(entry.userId, entry.id, 'expired', 'system', { note: 'identity was not verified by the due date' }));
      }
    }
    return expired;
  }

  /**
   * After erasure: each request keeps only its id, type, dates, status and audit trail, which
   * prove the request was handled; type-specific details (addresses, purposes) go.
   */
  async minimise(userId: string, keepDetails: (request: PrivacyRequest) => Record<string, unknown> = () => ({})): Promise<number> {
    const requests = await this.list(userId);
    for (const request of requests) {
      const minimal: PrivacyRequest = { ...request, details: keepDetails(request), minimisedAt: this.iso() };
      delete minimal.conversationId;
      await this.store.put('users', userId, PREFIX + request.id, minimal, { ttlSeconds: this.ttl() });
    }
    return requests.length;
  }

  private async change(userId: string, id: string, update: (request: PrivacyRequest) => PrivacyRequest): Promise<PrivacyRequest> {
    const found = await this.store.get<unknown>('users', userId, PREFIX + id);
    if (!found) throw new Error(`request ${id} not found`);
    const next = privacyRequestSchema.parse(update(privacyRequestSchema.parse(found.value)));
    // ifMatch: two instances must not both move the same request (e.g. verify and expire).
    await this.store.put('users', userId, PREFIX + id, next, { ifMatch: found.eTag, ttlSeconds: this.ttl() });
    await this.writeIndex(next);
    return next;
  }

  private async writeIndex(request: PrivacyRequest): Promise<void> {
    const entry: RequestIndexEntry = {
      id: request.id,
      userId: request.userId,
      type: request.type,
      status: request.status,
      receivedAt: request.receivedAt,
      dueDate: request.dueDate,
    };
    await this.store.put('ledger', INDEX_PARTITION, request.id, entry, { ttlSeconds: this.ttl() });
  }

  private ttl(): number {
    return this.options.retentionDays * 86400;
  }

  private iso(): string {
    return new Date(this.now()).toISOString();
  }
}

/** A short id the user can quote: 'PR-' and 8 characters ('PR-7KX2M9QD'). */
export function newRequestId(): string {
  return quotableId('PR-', 8);
}

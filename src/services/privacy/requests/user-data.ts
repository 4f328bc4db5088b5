import type { CaseStore } from '../../cases/case-store';
import type { HandoffAuditLog } from '../../handoff/audit-log';
import type { HandoffRepository } from '../../handoff/handoff-repository';
import type { HandoffRecord } from '../../handoff/handoff-record';
import type { Store } from '../../storage/store';
import type { ConsentLedger } from '../consent-ledger';
import type { ProfileService } from '../profile';
import type { TranscriptStore } from '../transcripts';
import type { RequestLedger } from './request-ledger';

export interface UserDataDeps {
  store: Store;
  profiles: ProfileService;
  consents: ConsentLedger;
  cases: CaseStore;
  requests: RequestLedger;
  handoffs: HandoffRepository;
  transcripts: TranscriptStore;
  audit: HandoffAuditLog;
}

/** A technician (or supervisor) unmasked one of the user's contact details on a ticket: never the value itself. */
export interface Reveal {
  ticketId: string;
  field: string;
  technician: string;
  at: string;
}

export interface UserHandoff {
  record: HandoffRecord;
  /** Where it lives: open handoffs under active/, finished ones under ended/. */
  state: 'active' | 'ended';
}

/**
 * Finds everything that belongs to one account, for export and erasure alike, so the two can
 * never disagree about what "all your data" is.
 */
export class UserData {
  constructor(readonly deps: UserDataDeps) {}

  /** The user's handoff tickets (partition 'queue' holds everyone's; filtered by user id). */
  async handoffs(userId: string): Promise<UserHandoff[]> {
    const active = await this.deps.handoffs.listActive();
    const ended = await this.deps.handoffs.listEnded();
    return [
      ...active.filter((h) => h.userId === userId).map((record) => ({ record, state: 'active' as const })),
      ...ended.filter((h) => h.userId === userId).map((record) => ({ record, state: 'ended' as const })),
    ];
  }

  /** Who revealed which of the user's contact details on their tickets, oldest first (P10's audit, which access covers too). */
  async reveals(handoffs: UserHandoff[]): Promise<Reveal[]> {
    const reveals: Reveal[] = [];
    for (const { record } of handoffs) {
      for (const e of await this.deps.audit.list(record.id)) {
        if (e.action === 'reveal' && e.field) reveals.push({ ticketId: e.handoffId, field: e.field, technician: e.technicianName, at: e.at });
      }
    }
    return reveals.sort((a, b) => a.at.localeCompare(b.at));
  }

  /**
   * Every conversation the account is known to have had: linked on the profile, or named by a
   * case, device, consent, handoff or request. A user who never gave contact details has no
   * profile, so the other records matter.
   */
  async conversationIds(userId: string, handoffs?: UserHandoff[]): Promise<string[]> {
    const { profiles, consents, cases, requests } = this.deps;
    const ids = new Set<string>();
    const profile = await profiles.get(userId);
    for (const c of profile?.conversations ?? []) ids.add(c.id);
    for (const f of Object.values(profile?.fields ?? {})) if (f?.conversationId) ids.add(f.conversationId);
    for (const d of await profiles.listDevices(userId)) if (d.conversationId) ids.add(d.conversationId);
    for (const c of await cases.list(userId)) ids.add(c.conversationId);
    for (const c of await consents.history(userId)) if (c.conversationId) ids.add(c.conversationId);
    for (const r of await requests.list(userId)) if (r.conversationId) ids.add(r.conversationId);
    // A live handoff that moved with the user to a new chat names the chats it was in before.
    for (const h of handoffs ?? (await this.handoffs(userId))) for (const id of [...(h.record.movedFrom ?? []), h.record.conversationId]) ids.add(id);
    return [...ids].sort();
  }
}

/**
 * The botbuilder state keys a conversation may have: ConversationState's key is
 * `${channelId}/conversations/${conversationId}/` (its namespace, empty, follows the slash).
 * The channel is read from the user id ('<channelId>:<from.id>', or 'aad:<id>' for Teams).
 */
export function botStateKeys(userId: string, conversationId: string, extraChannels: string[] = []): string[] {
  const prefix = userId.slice(0, Math.max(0, userId.indexOf(':')));
  const channel = prefix === 'aad' ? 'msteams' : prefix;
  const channels = new Set([channel, ...extraChannels].filter(Boolean));
  return [...channels].map((c) => conversationStateKey(c, conversationId));
}

/** The storage key botbuilder's ConversationState uses for a conversation. */
export function conversationStateKey(channelId: string, conversationId: string): string {
  return `${channelId}/conversations/${conversationId}/`;
}

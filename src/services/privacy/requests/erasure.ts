import { eraseHandoffs, type CancelledTicket } from '../erased-handoffs';
import type { EmailIndex } from './email-index';
import { addressesOf } from './data-export';
import type { PrivacyRequest } from './request-record';
import type { SuppressionList } from './suppression-list';
import { botStateKeys, conversationStateKey, type UserData } from './user-data';

export interface KeptItem {
  what: string;
  why: string;
  /** How long it is kept; null = for as long as the reason lasts. */
  retentionDays: number | null;
}

export interface ErasureReport {
  accounts: number;
  removed: {
    profiles: number;
    devices: number;
    consents: number;
    cases: number;
    conversations: number;
    botState: number;
    handoffsAnonymised: number;
    otherRecords: number;
  };
  kept: KeptItem[];
  /** Callbacks and email follow-ups that were still waiting: ended, as nobody may contact the person now. */
  ticketsCancelled: CancelledTicket[];
}

export interface ErasureInput {
  /** The accounts to erase (all proven to be the requester's). */
  userIds: string[];
  /** The conversation the request was made in: erased too, whoever it belongs to. */
  currentConversation?: { id: string; channelId: string };
}

export interface ErasureDeps {
  data: UserData;
  emails: EmailIndex;
  suppression: SuppressionList;
  retentionDays: { audit: number; billing: number };
  now?: () => number;
}

/** Records in a user's partition that erasure leaves (minimised): the proof that requests were handled. */
const KEPT_PREFIXES = ['request/'];

/**
 * Erasure (P11): removes the profile, devices, consents, cases, every conversation's transcript,
 * reference, owner record, Direct Line log and bot state, and the personal fields of handoff
 * tickets (ending the open ones: their chats are erased too); keeps the minimised request
 * records and the audit entries of the tickets (see eraseHandoff), and says what was kept and why. Finally scrubs
 * the store so erased values are gone from its files too (SQLite WAL and free pages).
 */
export class ErasureService {
  constructor(private readonly deps: ErasureDeps) {}

  async erase(input: ErasureInput): Promise<ErasureReport> {
    const { data, emails, suppression } = this.deps;
    const { store, profiles, requests } = data.deps;
    const removed: ErasureReport['removed'] = { profiles: 0, devices: 0, consents: 0, cases: 0, conversations: 0, botState: 0, handoffsAnonymised: 0, otherRecords: 0 };
    let suppressionHashed = 0;
    let revealsKept = false;
    const conversations = new Map<string, Set<string>>();
    const addConversation = (id: string, keys: string[]) => conversations.set(id, new Set([...(conversations.get(id) ?? []), ...keys]));
    const extraChannels = input.currentConversation ? [input.currentConversation.channelId] : [];
    const ticketsCancelled: CancelledTicket[] = [];

    for (const userId of [...new Set(input.userIds)]) {
      const handoffs = await data.handoffs(userId);
      for (const id of await data.conversationIds(userId, handoffs)) addConversation(id, botStateKeys(userId, id, extraChannels));
      const profile = await profiles.get(userId);
      const userRequests = await requests.list(userId);
      const addresses = addressesOf(profile, userRequests);

      // Read before the tickets stop naming the user: the kept audit entries are said in the report.
      revealsKept ||= (await data.reveals(handoffs)).length > 0;
      const tickets = await eraseHandoffs(data.deps.handoffs, handoffs.map((h) => h.record.id), this.deps.now ?? Date.now, true);
      removed.handoffsAnonymised += tickets.erased;
      ticketsCancelled.push(...tickets.cancelled);

      for (const record of await store.query<unknown>('users', userId)) {
        if (KEPT_PREFIXES.some((p) => record.key.startsWith(p))) continue;
        await store.delete('users', userId, record.key);
        const kind = record.key === 'profile' ? 'profiles' : record.key.startsWith('device/') ? 'devices' : record.key.startsWith('consent/') ? 'consents' : record.key.startsWith('case/') ? 'cases' : 'otherRecords';
        removed[kind] += 1;
      }
      await requests.minimise(userId, keepDetails);

      for (const { channel, address } of addresses) {
        if (channel === 'email') await emails.unlink(address, userId);
        if (await suppression.anonymise(channel, address)) suppressionHashed += 1;
      }
    }
    if (input.currentConversation) {
      const { id, channelId } = input.currentConversation;
      addConversation(id, [conversationStateKey(channelId, id)]);
    }

    for (const [conversationId, stateKeys] of conversations) {
      if ((await store.deletePartition('conversations', conversationId)) > 0) removed.conversations += 1;
      for (const key of stateKeys) removed.botState += await store.deletePartition('botstate', key);
    }
    await store.scrub();
    return { accounts: new Set(input.userIds).size, removed, kept: this.kept(suppressionHashed > 0, removed.handoffsAnonymised > 0, revealsKept), ticketsCancelled };
  }

  /** What an erasure keeps whoever asks, because the law requires it (said before erasing too, when asked). */
  keptByLaw(): { requests: KeptItem; billing: KeptItem } {
    const { audit, billing } = this.deps.retentionDays;
    return {
      requests: {
        what: 'the record of your privacy requests (request number, type, dates and status history), with no other details',
        why: 'we must be able to show that we handled your request',
        retentionDays: audit,
      },
      billing: {
        what: 'billing records (invoices and payments), if you have any; they are held by our billing system, not by this chat service',
        why: 'tax and accounting law requires us to keep them',
        retentionDays: billing,
      },
    };
  }

  private kept(suppressionHashed: boolean, handoffs: boolean, reveals: boolean): KeptItem[] {
    const { requests, billing } = this.keptByLaw();
    const { audit } = this.deps.retentionDays;
    const kept: KeptItem[] = [requests, billing];
    if (suppressionHashed) {
      kept.push({
        what: 'a one-way fingerprint (hash) of the address you opted out with, on our do-not-market list; the address itself is deleted',
        why: 'so that we never send you marketing again',
        retentionDays: null,
      });
    }
    if (handoffs) {
      kept.push({
        // "Support tickets": a handoff goes to a technician or to our billing team (staffOf), and both are kept alike.
        what: 'the times and ratings of your support tickets, with your name, contact details and messages removed',
        why: 'service statistics; they no longer identify you',
        retentionDays: null,
      });
    }
    if (reveals) {
      kept.push({
        what: 'our log of which staff member viewed which of your contact details on a support ticket, and when (never the details themselves)',
        why: 'we must be able to show who accessed personal data; with the ticket anonymised it no longer identifies you',
        retentionDays: audit,
      });
    }
    return kept;
  }
}

/** What a minimised request keeps: for a deletion, the list of what was kept (it names categories, not values). */
function keepDetails(request: PrivacyRequest): Record<string, unknown> {
  return request.type === 'deletion' && Array.isArray(request.details.kept) ? { kept: request.details.kept } : {};
}

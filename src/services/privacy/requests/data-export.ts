import { caseAsItStands } from '../../cases/case-progress';
import type { CaseRecord } from '../../cases/case-store';
import type { HandoffMessage, HandoffRecord } from '../../handoff/handoff-record';
import { HandoffMessageLog } from '../../handoff/message-log';
import type { ConsentPurpose, ConsentRecord } from '../consent-ledger';
import type { DeviceRecord, Profile } from '../profile';
import type { TranscriptEntry } from '../transcripts';
import type { PrivacyRequest } from './request-record';
import type { SuppressionChannel, SuppressionList } from './suppression-list';
import type { Reveal, UserData } from './user-data';

export const EXPORT_FORMAT = 'helpline-data-export/1';
export const EXPORT_FILE_NAME = 'helpline-data-export.json';

export interface ConsentDecision {
  granted: boolean;
  at: string;
  channel: string;
  source?: string;
  noticeVersion?: string;
}

export interface AccountExport {
  userId: string;
  /** Contact details on file, each with where and when it came from; null when none. */
  profile: Profile['fields'] | null;
  conversations: { id: string; at?: string }[];
  consents: { current: Partial<Record<ConsentPurpose, ConsentDecision>>; history: ConsentRecord[] };
  /** Every "no" the user gave (opt-outs, objections, withdrawals), oldest first. */
  optOuts: { purpose: ConsentPurpose; at: string; channel: string; source?: string }[];
  /** The user's addresses on the marketing suppression list. */
  suppression: { channel: SuppressionChannel; address: string; since: string }[];
  devices: DeviceRecord[];
  cases: CaseRecord[];
  /** The user's tickets, without the id of our Teams channel's thread for each (our bookkeeping, not data about them). */
  handoffs: (Omit<HandoffRecord, 'teamsThread'> & { messages: HandoffMessage[] })[];
  /** Who saw which of the contact details masked in their view, on which ticket and when; oldest first. */
  reveals: Reveal[];
  /** Transcripts exactly as stored (personal data already masked when they were written). */
  transcripts: { conversationId: string; entries: TranscriptEntry[] }[];
  requests: PrivacyRequest[];
  /** Which version of each privacy notice the user last saw. */
  noticesSeen: Record<string, unknown>;
}

export interface DataExport {
  format: typeof EXPORT_FORMAT;
  exportedAt: string;
  company: string;
  /** One entry per account the verified identity covers (usually one). */
  accounts: AccountExport[];
}

export interface DataExporterDeps {
  data: UserData;
  suppression: SuppressionList;
  company: string;
  now?: () => number;
}

/** Access and portability (P11): everything held about the accounts, as one machine-readable JSON document. */
export class DataExporter {
  private readonly messages: HandoffMessageLog;

  constructor(private readonly deps: DataExporterDeps) {
    this.messages = new HandoffMessageLog(deps.data.deps.store);
  }

  async export(userIds: string[]): Promise<DataExport> {
    const accounts: AccountExport[] = [];
    for (const userId of [...new Set(userIds)]) accounts.push(await this.account(userId));
    return { format: EXPORT_FORMAT, exportedAt: new Date((this.deps.now ?? Date.now)()).toISOString(), company: this.deps.company, accounts };
  }

  private async account(userId: string): Promise<AccountExport> {
    const { store, profiles, consents, cases, requests, transcripts } = this.deps.data.deps;
    const profile = await profiles.get(userId);
    const history = await consents.history(userId);
    const handoffs = await this.deps.data.handoffs(userId);
    const conversationIds = await this.deps.data.conversationIds(userId, handoffs);
    const userRequests = await requests.list(userId);

    const current: AccountExport['consents']['current'] = {};
    for (const [purpose, r] of Object.entries(await consents.current(userId)) as [ConsentPurpose, ConsentRecord][]) {
      current[purpose] = { granted: r.granted, at: r.at, channel: r.channel, ...(r.source ? { source: r.source } : {}), ...(r.noticeVersion ? { noticeVersion: r.noticeVersion } : {}) };
    }

    const transcriptList: AccountExport['transcripts'] = [];
    for (const conversationId of conversationIds) {
      const entries = await transcripts.list(conversationId);
      if (entries.length > 0) transcriptList.push({ conversationId, entries });
    }

    const handoffList: AccountExport['handoffs'] = [];
    for (const { record } of handoffs) {
      const { teamsThread: _ourThread, ...ticket } = record;
      handoffList.push({ ...ticket, messages: (await this.messages.after(record)).messages });
    }

    const linked = new Map((profile?.conversations ?? []).map((c) => [c.id, c.at]));
    const notices = await store.get<Record<string, unknown>>('users', userId, 'notices');

    return {
      userId,
      profile: profile && Object.keys(profile.fields).length > 0 ? profile.fields : null,
      conversations: conversationIds.map((id) => (linked.has(id) ? { id, at: linked.get(id) } : { id })),
      consents: { current, history },
      optOuts: history.filter((r) => !r.granted).map((r) => ({ purpose: r.purpose, at: r.at, channel: r.channel, ...(r.source ? { source: r.source } : {}) })),
      suppression: await this.suppressionOf(profile, userRequests),
      devices: await profiles.listDevices(userId),
      // Open cases as they stand: with the steps taken since the case was last written.
      cases: await Promise.all((await cases.list(userId)).map((c) => caseAsItStands(store, c))),
      handoffs: handoffList,
      reveals: await this.deps.data.reveals(handoffs),
      transcripts: transcriptList,
      requests: userRequests,
      noticesSeen: notices?.value ?? {},
    };
  }

  private async suppressionOf(profile: Profile | undefined, userRequests: PrivacyRequest[]): Promise<AccountExport['suppression']> {
    const candidates = addressesOf(profile, userRequests);
    const out: AccountExport['suppression'] = [];
    for (const { channel, address } of candidates) {
      const entry = await this.deps.suppression.get(channel, address);
      if (entry) out.push({ channel, address, since: entry.since });
    }
    return out;
  }
}

/**
 * The export with `request` as it now stands. An export is built before the access request it
 * answers is completed (a failed export must not leave the request marked done), so it lists that
 * request as it was while the export was built; the user is told it is complete, and so is the file.
 */
export function withRequestAsItStands(exported: DataExport, request: PrivacyRequest): DataExport {
  return { ...exported, accounts: exported.accounts.map((a) => ({ ...a, requests: a.requests.map((r) => (r.id === request.id ? request : r)) })) };
}

/** The addresses an account is known by: on file, or given to an opt-out. */
export function addressesOf(profile: Profile | undefined, requests: PrivacyRequest[]): { channel: SuppressionChannel; address: string }[] {
  const seen = new Map<string, { channel: SuppressionChannel; address: string }>();
  const add = (channel: SuppressionChannel, address: unknown) => {
    if (typeof address === 'string' && address) seen.set(`${channel}/${address.toLowerCase()}`, { channel, address });
  };
  add('email', profile?.fields.email?.value);
  add('phone', profile?.fields.phone?.value);
  for (const r of requests) {
    const suppressed = Array.isArray(r.details.suppressed) ? (r.details.suppressed as { channel?: SuppressionChannel; address?: unknown }[]) : [];
    for (const s of suppressed) if (s.channel === 'email' || s.channel === 'phone') add(s.channel, s.address);
  }
  return [...seen.values()];
}

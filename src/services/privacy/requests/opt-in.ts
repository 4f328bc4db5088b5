import type { ConsentLedger } from '../consent-ledger';
import type { ProfileService } from '../profile';
import type { TranscriptStore } from '../transcripts';
import { addressHash } from './email-index';
import { addressesOnFile } from './opt-out';
import { isOn, type ChoicePurpose } from './purposes';
import type { PrivacyRequest } from './request-record';
import type { RequestLedger } from './request-ledger';
import { SUPPRESSION_OF, type SuppressionChannel, type SuppressionList } from './suppression-list';

/**
 * What a user can switch back on in the chat. Remote access and diagnostics are not: each is
 * asked for when it is needed, for that session (P6), so a standing "yes" would mean nothing.
 */
export const OPT_IN_PURPOSES: readonly ChoicePurpose[] = ['marketing_email', 'marketing_phone', 'third_party_sharing', 'transcript_recording'];

export interface OptInInput {
  /** A verified opt_in request: its subjects are the accounts the verified identity covers. */
  request: PrivacyRequest;
  purposes: ChoicePurpose[];
  channel: string;
  conversationId?: string;
  /** What applied it, for the consent ledger and the audit trail: 'opt-in dialog', ... */
  source: string;
  /** An address the request's own code proved, for accounts with none on file: it goes on file first. */
  newEmail?: string;
}

/** Why an address stays on the do-not-market list although its purpose was switched back on. */
export type KeptReason = 'email_not_proven' | 'phone_not_own' | 'opted_out_again';

export interface OptInResult {
  request: PrivacyRequest;
  /** Purposes switched on by this request. */
  changed: ChoicePurpose[];
  /** Purposes that were already on for every account, a yes on record for each. */
  alreadyOn: ChoicePurpose[];
  /** Purposes on for every account but never decided by some: their yes is on record now, and nothing changed. */
  confirmed: ChoicePurpose[];
  /** Addresses taken off the marketing suppression list. */
  lifted: { channel: SuppressionChannel; address: string }[];
  /** Addresses that stay on it. */
  kept: { channel: SuppressionChannel; address: string; reason: KeptReason }[];
}

export interface OptInDeps {
  consents: ConsentLedger;
  requests: RequestLedger;
  suppression: SuppressionList;
  transcripts: TranscriptStore;
  profiles: ProfileService;
  /** The recording notice's current version, which a yes to recording is given under. */
  recordingNoticeVersion?: string;
}

/**
 * Saying yes again (P7, P8, P11), after verification: records the consent for every account the
 * verified identity covers, and lifts their addresses off the suppression list only where the
 * user has shown the address is theirs. An email address must have been proven by the code of
 * this request (anyone can type an address; the list is what keeps its owner from marketing). A
 * phone number cannot be proven in the chat, so it is lifted only when the entry is the one this
 * user's own opt-out created; anyone else's stays.
 */
export class OptInService {
  constructor(private readonly deps: OptInDeps) {}

  async apply(input: OptInInput): Promise<OptInResult> {
    const { consents, requests, suppression, transcripts, profiles } = this.deps;
    const { request } = input;
    const subjects = request.subjects?.length ? request.subjects : [request.userId];
    const purposes = input.purposes.filter((p) => OPT_IN_PURPOSES.includes(p));
    // On file before the suppression list is read: an address given after an opt-out goes on the list as it is stored, and is lifted below.
    if (input.newEmail) {
      for (const userId of subjects) await profiles.setFields(userId, { email: input.newEmail }, 'opt-in', input.conversationId ? { conversationId: input.conversationId } : {});
    }

    const changed: ChoicePurpose[] = [];
    const confirmed: ChoicePurpose[] = [];
    const current = await Promise.all(subjects.map((s) => consents.current(s)));
    for (const purpose of purposes) {
      // A yes is recorded also where the purpose was on by default: it is the user's own choice from now on.
      const noYes = subjects.filter((_, i) => current[i][purpose]?.granted !== true);
      for (const userId of noYes) {
        await consents.record({
          userId,
          ...(input.conversationId ? { conversationId: input.conversationId } : {}),
          purpose,
          granted: true,
          // Without it the yes reads as given under an older notice, and the next chat asks for it again (P14).
          ...(purpose === 'transcript_recording' && this.deps.recordingNoticeVersion ? { noticeVersion: this.deps.recordingNoticeVersion } : {}),
          channel: input.channel,
          source: `${input.source} (request ${request.id})`,
        });
      }
      if (subjects.some((_, i) => !isOn(purpose, current[i][purpose]))) changed.push(purpose);
      else if (noYes.length > 0) confirmed.push(purpose);
    }

    const lifted: OptInResult['lifted'] = [];
    const kept: OptInResult['kept'] = [];
    const seen = new Set<string>();
    const ownPhoneEntries = await this.phoneEntriesCreatedBy(subjects);
    for (const userId of subjects) {
      const onFile = await addressesOnFile(profiles, userId);
      for (const purpose of purposes) {
        const target = SUPPRESSION_OF[purpose];
        const address = target ? onFile[target.field] : undefined;
        if (!target || !address || seen.has(`${target.channel}/${addressHash(address)}`)) continue;
        seen.add(`${target.channel}/${addressHash(address)}`);
        const entry = await suppression.get(target.channel, address);
        if (!entry) continue;
        const reason = this.mayNotLift(target.channel, entry.since, address, request, ownPhoneEntries);
        if (reason) kept.push({ channel: target.channel, address, reason });
        else if (await suppression.lift(target.channel, address)) lifted.push({ channel: target.channel, address });
        else kept.push({ channel: target.channel, address, reason: 'opted_out_again' });
      }
    }

    if (purposes.includes('transcript_recording') && input.conversationId) await transcripts.setRecordingOn(input.conversationId);

    const alreadyOn = purposes.filter((p) => !changed.includes(p) && !confirmed.includes(p));
    const completed = await requests.transition(request.userId, request.id, 'completed', input.source, {
      note: 'consent recorded',
      details: { purposes, changed, alreadyOn, confirmed, lifted, kept, ...(input.newEmail ? { emailAdded: true } : {}) },
    });
    return { request: completed, changed, alreadyOn, confirmed, lifted, kept };
  }

  /** Undefined when the user may take `address` off the list; otherwise why not. */
  private mayNotLift(channel: SuppressionChannel, since: string, address: string, request: PrivacyRequest, ownPhones: Set<string>): KeptReason | undefined {
    // Verified with the code mailed to the address on file: every subject's email on file is that address.
    if (channel === 'email') return request.verifiedBy === 'email code' ? undefined : 'email_not_proven';
    return ownPhones.has(`${addressHash(address)}@${since}`) ? undefined : 'phone_not_own';
  }

  /** Phone entries the subjects' own opt-outs put on the list, as 'hash@since' (an entry made again later has another since). */
  private async phoneEntriesCreatedBy(subjects: string[]): Promise<Set<string>> {
    const own = new Set<string>();
    for (const userId of subjects) {
      for (const r of await this.deps.requests.list(userId)) {
        const suppressed = Array.isArray(r.details.suppressed) ? (r.details.suppressed as { channel?: unknown; address?: unknown; since?: unknown; added?: unknown }[]) : [];
        for (const s of suppressed) {
          if (s.channel === 'phone' && s.added === true && typeof s.address === 'string' && typeof s.since === 'string') own.add(`${addressHash(s.address)}@${s.since}`);
        }
      }
    }
    return own;
  }
}

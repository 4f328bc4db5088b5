import type { ConsentLedger } from '../consent-ledger';
import type { ProfileService } from '../profile';
import type { TranscriptStore } from '../transcripts';
import { isOn, type ChoicePurpose } from './purposes';
import type { PrivacyRequest } from './request-record';
import type { RequestLedger } from './request-ledger';
import { SUPPRESSION_OF, type SuppressionChannel, type SuppressionList } from './suppression-list';

export interface OptOutInput {
  userId: string;
  conversationId?: string;
  /** Where the user asked: 'webchat', 'msteams', 'directline', 'cli', ... */
  channel: string;
  purposes: ChoicePurpose[];
  kind?: 'opt_out' | 'objection' | 'withdraw_consent';
  /** The addresses the opt-out is tied to (given in the chat or on file); the suppression list keys on them. */
  addresses?: { email?: string; phone?: string };
  /** What applied it, for the consent ledger and the audit trail: 'opt-out dialog', 'gpc signal', ... */
  source: string;
}

export interface OptOutResult {
  request: PrivacyRequest;
  /** Purposes switched off by this request. */
  changed: ChoicePurpose[];
  /** Purposes that were already off, with the time they were switched off (none: never switched on, see isOn). */
  alreadyOff: { purpose: ChoicePurpose; since?: string }[];
  /** Addresses now on the marketing suppression list; `added` when this request put them there. */
  suppressed: { channel: SuppressionChannel; address: string; since: string; added: boolean }[];
}

export interface OptOutDeps {
  consents: ConsentLedger;
  requests: RequestLedger;
  suppression: SuppressionList;
  transcripts: TranscriptStore;
  profiles: ProfileService;
}

/**
 * Saying no to a purpose (P7, P8, P11): opt-outs, objections and consent withdrawals take effect
 * at once, with no identity check (nobody is harmed by being sent less), and each is a request
 * record completed in the same step, so the user has a receipt and the export shows it.
 */
export class OptOutService {
  constructor(private readonly deps: OptOutDeps) {}

  /** The email and phone on file, which an opt-out is tied to when the user gives none. */
  async addressesOnFile(userId: string): Promise<{ email?: string; phone?: string }> {
    return addressesOnFile(this.deps.profiles, userId);
  }

  /** Which of `purposes` need an address that is not on file (marketing_email -> 'email', marketing_phone -> 'phone'). */
  async missingAddresses(userId: string, purposes: ChoicePurpose[]): Promise<('email' | 'phone')[]> {
    const onFile = await this.addressesOnFile(userId);
    return purposes.flatMap((p) => {
      const s = SUPPRESSION_OF[p];
      return s && !onFile[s.field] ? [s.field] : [];
    });
  }

  async apply(input: OptOutInput): Promise<OptOutResult> {
    const { consents, requests, transcripts } = this.deps;
    const kind = input.kind ?? 'opt_out';
    const addresses = { ...(await this.addressesOnFile(input.userId)), ...stripEmpty(input.addresses ?? {}) };
    // The request is stored once, completed, after its effects (consents, suppression list): an
    // opt-out is carried out in the same step, and a crash before the receipt leaves only the
    // safe half done (less marketing), which asking again completes with a receipt.
    const request = requests.draft({
      userId: input.userId,
      type: kind,
      channel: input.channel,
      conversationId: input.conversationId,
      actor: input.source,
      details: { purposes: input.purposes },
    });

    const current = await consents.current(input.userId);
    const changed: ChoicePurpose[] = [];
    const alreadyOff: OptOutResult['alreadyOff'] = [];
    for (const purpose of input.purposes) {
      const decision = current[purpose];
      if (decision && !decision.granted) {
        alreadyOff.push({ purpose, since: decision.at });
        continue;
      }
      // Off by default all the same (remote access never agreed to): the no goes on record, and nothing changed.
      if (!isOn(purpose, decision)) alreadyOff.push({ purpose });
      else changed.push(purpose);
      await consents.record({
        userId: input.userId,
        ...(input.conversationId ? { conversationId: input.conversationId } : {}),
        purpose,
        granted: false,
        channel: input.channel,
        source: `${input.source} (request ${request.id})`,
      });
    }

    const suppressed = await this.suppress(input.purposes, addresses);

    if (input.purposes.includes('transcript_recording') && input.conversationId) await transcripts.setRecordingOff(input.conversationId);

    const completed = await requests.recordCompleted(request, input.source, {
      changed,
      alreadyOff: alreadyOff.map((a) => a.purpose),
      // since and added: an opt-in may lift a phone entry only if this account's opt-out made it (opt-in.ts).
      suppressed: suppressed.map(({ channel, address, since, added }) => ({ channel, address, since, added })),
    });
    return { request: completed, changed, alreadyOff, suppressed };
  }

  /**
   * An address given after the opt-out was applied (it was asked for only once the opt-out had
   * taken effect, so leaving at that question loses nothing): it goes on the suppression list and
   * into the same request's record, so the export shows which opt-out put it there.
   */
  async addAddresses(request: PrivacyRequest, addresses: { email?: string; phone?: string }): Promise<OptOutResult['suppressed']> {
    const purposes = ((request.details as { purposes?: ChoicePurpose[] }).purposes ?? []);
    const given = stripEmpty(addresses);
    // Storing the address (suppressNewAddresses) may have put it on the list and in this record already.
    const earlier = suppressedIn(request);
    const recorded = earlier.filter((s) => given[s.channel] === s.address);
    const fresh = Object.fromEntries(Object.entries(given).filter(([field, a]) => !recorded.some((s) => s.channel === field && s.address === a)));
    const suppressed = await this.suppress(purposes, fresh);
    if (suppressed.length > 0) await this.deps.requests.addDetails(request.userId, request.id, { suppressed: [...earlier, ...suppressed] });
    return [...recorded, ...suppressed];
  }

  /**
   * A new email or phone stored for an account that opted out of marketing on that channel, by
   * whatever route (a handoff's contact question, a correction, a technician): it goes on the
   * suppression list, since the opt-out was the person's, not the old address's, and the list is
   * all the marketing system knows. An entry made here is recorded in the opt-out's request, so
   * the export shows which opt-out put it there and an opt-in may lift it again.
   */
  async suppressNewAddresses(userId: string, addresses: { email?: string; phone?: string }): Promise<void> {
    const given = stripEmpty(addresses);
    if (!given.email && !given.phone) return;
    const current = await this.deps.consents.current(userId);
    const off = (Object.keys(SUPPRESSION_OF) as ChoicePurpose[]).filter((p) => current[p]?.granted === false && given[SUPPRESSION_OF[p]!.field]);
    if (off.length === 0) return;
    const suppressed = await this.suppress(off, given);
    const made = suppressed.filter((s) => s.added);
    if (made.length === 0) return;
    const request = (await this.deps.requests.list(userId))
      .reverse()
      .find((r) => OPT_OUT_KINDS.includes(r.type) && r.status === 'completed' && off.some((p) => ((r.details as { purposes?: ChoicePurpose[] }).purposes ?? []).includes(p)));
    if (request) await this.deps.requests.addDetails(userId, request.id, { suppressed: [...suppressedIn(request), ...made] });
  }

  /** Puts the address of each marketing purpose on the suppression list. */
  private async suppress(purposes: ChoicePurpose[], addresses: { email?: string; phone?: string }): Promise<OptOutResult['suppressed']> {
    const suppressed: OptOutResult['suppressed'] = [];
    for (const purpose of purposes) {
      const target = SUPPRESSION_OF[purpose];
      const address = target ? addresses[target.field] : undefined;
      if (!target || !address) continue;
      const { entry, added } = await this.deps.suppression.add(target.channel, address);
      suppressed.push({ channel: target.channel, address, since: entry.since, added });
    }
    return suppressed;
  }
}

/** The email and phone on file of an account: what the suppression list keys on. */
export async function addressesOnFile(profiles: ProfileService, userId: string): Promise<{ email?: string; phone?: string }> {
  const fields = (await profiles.get(userId))?.fields;
  return { ...(fields?.email ? { email: fields.email.value } : {}), ...(fields?.phone ? { phone: fields.phone.value } : {}) };
}

const OPT_OUT_KINDS: PrivacyRequest['type'][] = ['opt_out', 'objection', 'withdraw_consent'];

function suppressedIn(request: PrivacyRequest): OptOutResult['suppressed'] {
  const list = (request.details as { suppressed?: unknown }).suppressed;
  return Array.isArray(list) ? (list as OptOutResult['suppressed']) : [];
}

function stripEmpty(addresses: { email?: string; phone?: string }): { email?: string; phone?: string } {
  return Object.fromEntries(Object.entries(addresses).filter(([, v]) => typeof v === 'string' && v.trim() !== '')) as { email?: string; phone?: string };
}

import type { HandoffRepository } from '../handoff/handoff-repository';
import type { Store } from '../storage/store';
import type { ConsentLedger } from './consent-ledger';
import { eraseHandoffs, type CancelledTicket } from './erased-handoffs';
import type { ContactFieldName, ProfileService } from './profile';
import type { TranscriptStore } from './transcripts';

export interface ConversationErasureDeps {
  store: Store;
  profiles: ProfileService;
  transcripts: TranscriptStore;
  consents: ConsentLedger;
  handoffs: HandoffRepository;
  now: () => number;
}

export interface ConversationErasureInput {
  userId: string;
  conversationId: string;
  /** The case this conversation opened, when known (ConversationData.caseId). */
  caseId?: string;
  /** Opt-outs given in the conversation stay in force (an adult erasing one chat; a child's records all go). */
  keepRefusals?: boolean;
}

export interface ConversationErasureSummary {
  profileFields: ContactFieldName[];
  devices: number;
  transcriptRecords: number;
  cases: number;
  consents: number;
  handoffs: number;
  /** Callbacks and email follow-ups asked for in the conversation and still waiting: ended. */
  ticketsCancelled: CancelledTicket[];
}

/**
 * Erases everything one conversation collected (P13: a child's data is not kept): contact
 * fields set in it, devices added in it, its transcript, the cases it opened, consents given
 * in it, and its handoff tickets (a callback or email still waiting is ended, so nobody contacts
 * the child). Data the same user gave in other conversations stays. Finally scrubs the store so the
 * erased values do not linger in its files.
 */
export async function eraseConversationData(deps: ConversationErasureDeps, input: ConversationErasureInput): Promise<ConversationErasureSummary> {
  const { store, profiles, transcripts, consents, handoffs } = deps;
  const { userId, conversationId } = input;
  const summary: ConversationErasureSummary = { profileFields: [], devices: 0, transcriptRecords: 0, cases: 0, consents: 0, handoffs: 0, ticketsCancelled: [] };

  const profile = await profiles.get(userId);
  if (profile) {
    for (const name of Object.keys(profile.fields) as ContactFieldName[]) {
      if (profile.fields[name]?.conversationId === conversationId) {
        delete profile.fields[name];
        summary.profileFields.push(name);
      }
    }
    const linked = profile.conversations.length;
    profile.conversations = profile.conversations.filter((c) => c.id !== conversationId);
    if (summary.profileFields.length > 0 || profile.conversations.length !== linked) await profiles.replace(profile);
  }

  for (const device of await profiles.listDevices(userId)) {
    if (device.conversationId === conversationId && (await profiles.deleteDevice(userId, device.id))) summary.devices += 1;
  }

  summary.transcriptRecords = await transcripts.deleteConversation(conversationId);

  const cases = await store.query<{ conversationId?: string }>('users', userId, { keyPrefix: 'case/' });
  for (const record of cases) {
    const fromHere = record.value.conversationId === conversationId || record.key === `case/${input.caseId}`;
    if (fromHere && (await store.delete('users', userId, record.key))) summary.cases += 1;
  }

  summary.consents = await consents.eraseConversation(userId, conversationId, { keepRefusals: input.keepRefusals });

  // A ticket opened here and moved to the user's newer chat was still collected here.
  const fromHere = [...(await handoffs.listActive()), ...(await handoffs.listEnded())].filter((h) => h.conversationId === conversationId || h.movedFrom?.includes(conversationId));
  const tickets = await eraseHandoffs(handoffs, fromHere.map((h) => h.id), deps.now);
  summary.handoffs = tickets.erased;
  summary.ticketsCancelled = tickets.cancelled;
  await store.scrub();
  return summary;
}

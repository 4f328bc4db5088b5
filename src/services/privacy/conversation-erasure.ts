import type { Store } from '../storage/store';
import type { ConsentLedger } from './consent-ledger';
import type { ContactFieldName, ProfileService } from './profile';
import type { TranscriptStore } from './transcripts';

export interface ConversationErasureDeps {
  store: Store;
  profiles: ProfileService;
  transcripts: TranscriptStore;
  consents: ConsentLedger;
}

export interface ConversationErasureInput {
  userId: string;
  conversationId: string;
  /** The case this conversation opened, when known (ConversationData.caseId). */
  caseId?: string;
}

export interface ConversationErasureSummary {
  profileFields: ContactFieldName[];
  devices: number;
  transcriptRecords: number;
  cases: number;
  consents: number;
}

/**
 * Erases everything one conversation collected (P13: a child's data is not kept): contact
 * fields set in it, devices added in it, its transcript, the cases it opened and consents given
 * in it. Data the same user gave in other conversations stays. Finally scrubs the store so the
 * erased values do not linger in its files.
 */
export async function eraseConversationData(deps: ConversationErasureDeps, input: ConversationErasureInput): Promise<ConversationErasureSummary> {
  const { store, profiles, transcripts, consents } = deps;
  const { userId, conversationId } = input;
  const summary: ConversationErasureSummary = { profileFields: [], devices: 0, transcriptRecords: 0, cases: 0, consents: 0 };

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

  summary.consents = await consents.eraseConversation(userId, conversationId);
  await store.scrub();
  return summary;
}

import type { ConversationErasureInput, ConversationErasureSummary } from '../conversation-erasure';
import type { RequestLedger } from './request-ledger';
import type { PrivacyRequest } from './request-record';

// "delete this chat", "erase this conversation", "delete what I typed here": the request names the
// conversation it is made in, not the person's account.
const NAMES_THIS_CHAT = [
  /\b(?:this|the|our|current|that) (?:chat|conversation|convo|session|transcript)\b/,
  /\bthis (?:chat|conversation)(?:'s)? (?:history|log|transcript|messages?)\b/,
  /\bwhat (?:i|i've|ive) (?:typed|written|wrote|said|told you|entered|put) (?:here|in here|in this chat|in this conversation|today)\b/,
  /\b(?:my )?messages? (?:here|in this chat|in this conversation)\b/,
];
// "delete all my data from this chat and everywhere", "my account": the whole account, as before.
const NAMES_THE_ACCOUNT = /\b(?:account|everything (?:about|on) me|all (?:of )?my (?:data|information|info|details)|everywhere)\b/;

/** Whether a deletion request is about this conversation (and not plainly the whole account). */
export function namesThisConversation(text: string): boolean {
  const t = text.toLowerCase().replace(/[’`]/g, "'");
  return NAMES_THIS_CHAT.some((re) => re.test(t)) && !NAMES_THE_ACCOUNT.test(t);
}

export interface ChatDeletionDeps {
  requests: RequestLedger;
  /** eraseConversationData bound to its services. */
  erase: (input: ConversationErasureInput) => Promise<ConversationErasureSummary>;
}

export interface ChatDeletionInput {
  userId: string;
  conversationId: string;
  channel: string;
}

/**
 * Opens the deletion request of this conversation (scope 'conversation') as soon as the user picks
 * "just this chat", before the yes: whatever they answer then ("no", "cancel", another request)
 * closes a recorded request, so every answer shows in their export as the whole-account erasure's
 * does.
 */
export async function openThisConversationDeletion(requests: RequestLedger, input: ChatDeletionInput): Promise<PrivacyRequest> {
  const { userId, conversationId, channel } = input;
  return requests.create({ userId, type: 'deletion', channel, conversationId, actor: 'user', details: { scope: 'conversation' } });
}

/**
 * Erases what one conversation collected at the request of whoever is typing in it (P11): no
 * one-time code, since the person in the chat wrote it, and nothing outside it is touched. The
 * request (openThisConversationDeletion) is completed only after the erasure, so a failure in
 * between leaves an open request, never an unrecorded erasure; opt-outs given in the chat stay in
 * force.
 */
export async function deleteThisConversation(
  deps: ChatDeletionDeps,
  input: { userId: string; conversationId: string; requestId: string; caseId?: string },
): Promise<{ request: PrivacyRequest; summary: ConversationErasureSummary }> {
  const { requests } = deps;
  const { userId, conversationId, requestId } = input;
  // Deletion needs a verified requester; here the proof is authorship of what is erased.
  await requests.transition(userId, requestId, 'verified', 'bot', { verifiedBy: 'asked in this conversation', subjects: [userId], note: 'only this conversation: asked in it' });
  const summary = await deps.erase({ userId, conversationId, caseId: input.caseId, keepRefusals: true });
  const request = await requests.transition(userId, requestId, 'completed', 'bot', {
    note: 'this conversation erased',
    // Counts and field names only: the values are what was just erased.
    details: {
      erased: {
        transcriptRecords: summary.transcriptRecords,
        contactFields: summary.profileFields,
        devices: summary.devices,
        cases: summary.cases,
        consents: summary.consents,
        tickets: summary.handoffs,
      },
    },
  });
  return { request, summary };
}

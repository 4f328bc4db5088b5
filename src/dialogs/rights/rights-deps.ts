import type { Activity, ConversationState, StatePropertyAccessor, TurnContext } from 'botbuilder';
import { DialogReason, type DialogInstance, type DialogSet } from 'botbuilder-dialogs';
import type { ConversationErasureInput, ConversationErasureSummary } from '../../services/privacy/conversation-erasure';
import type { RightsServices } from '../../services/privacy/requests';
import { daysUntilDue, isOpen, NEEDS_VERIFICATION, receiptOf, REQUEST_TYPE_LABEL, type PrivacyRequest, type RequestType } from '../../services/privacy/requests/request-record';
import type { ConversationData } from '../conversation-data';
import type { NoticeGate } from '../privacy/notice-gate';
import type { ClientAddresses } from './client-address';
import { message } from '../wire';
import { userIdOf } from '../identity';
import { innerStack } from '../open-question';

// Shown to users wherever an address on file is named before they proved who they are.
export { maskAddress } from '../../services/privacy/contact-fields';

/** What the data-rights dialogs share. */
export interface RightsDialogDeps {
  services: RightsServices;
  conversationState: ConversationState;
  conversationData: StatePropertyAccessor<ConversationData>;
  gate: NoticeGate;
  /** policy.defaultRegion: how phone numbers and postcodes are read. */
  defaultRegion: string;
  codeTtlMinutes: number;
  /** Where a user can write when the chat cannot help (policy.company.contactEmail). */
  privacyContact: string;
  /** The clock due dates are read against. */
  now: () => number;
  /** The browser address behind a conversation, when known (code rate limits per client). */
  clientAddresses: ClientAddresses;
  /** Erases what one conversation collected (the privacy feature's eraseConversationData, as the under-13 guard uses it). */
  eraseConversation: (input: ConversationErasureInput) => Promise<ConversationErasureSummary>;
  /** The user turned recording back on in this conversation: a handoff open in it is recorded again (the handoff feature's onRecordingOn). */
  onRecordingOn?: (conversationId: string) => Promise<void>;
  /** The user's waiting callback or email ticket, if any (the handoff feature's openFollowUp). */
  openFollowUp?: (context: TurnContext) => Promise<{ id: string; kind: 'live' | 'callback' | 'email' } | undefined>;
}

/** A bot message that carries the request receipt (channelData.helpline.request). */
export function withReceipt(text: string, request: PrivacyRequest, suggestions?: string[]): Partial<Activity> {
  return message(text, { request: receiptOf(request) }, suggestions);
}

/**
 * A request the user abandoned ("cancel") or replaced with another ("no wait, just cancel my
 * subscription") is closed rather than left open, with a receipt, so they see what became of it
 * and find it in their export. For a dialog that keeps its request's id on its own instance
 * (state.requestId), from its onEndDialog. Given the component's `inner` dialogs, a replacement
 * ends those first: ComponentDialog passes only a cancel on, so an opt-in running inside the
 * replaced opt-out dialog would stay open, and its code prompt would still be awaited.
 */
export async function closeAbandoned(deps: RightsDialogDeps, context: TurnContext, instance: DialogInstance, reason: DialogReason, inner?: DialogSet): Promise<void> {
  const replaced = reason === DialogReason.replaceCalled;
  if (replaced && inner) {
    for (const child of [...innerStack(instance)].reverse()) await inner.find(child.id)?.endDialog(context, child, reason);
  }
  const requestId = (instance.state as { requestId?: string }).requestId;
  if ((reason !== DialogReason.cancelCalled && !replaced) || !requestId) return;
  const userId = userIdOf(context.activity);
  const request = await deps.services.requests.get(userId, requestId);
  if (!request || !isOpen(request.status)) return;
  const closed = await deps.services.requests.transition(userId, requestId, 'withdrawn', 'user', { note: replaced ? 'replaced by another request of the user' : 'stopped by the user' });
  await context.sendActivity(withReceipt(`OK, I've closed request ${closed.id} (${REQUEST_TYPE_LABEL[closed.type]}).`, closed));
}

/**
 * Whether the request can still be acted on. One closed while the user was away (replaced by the
 * same request asked again in another chat, or expired) cannot be taken up again: the user is told
 * so, with its receipt, before anything is shown, changed or erased.
 */
export async function stillOpen(deps: RightsDialogDeps, context: TurnContext, requestId: string): Promise<boolean> {
  const current = await deps.services.requests.get(userIdOf(context.activity), requestId);
  if (!current || isOpen(current.status)) return true;
  await context.sendActivity(withReceipt(`Request ${current.id} was closed in the meantime (${current.status}), so I can't go on with it. Please ask again and I'll open a new one.`, current));
  return false;
}

/** The receipt of a request just opened, with its deadline. */
export function openedReceipt(request: PrivacyRequest): Partial<Activity> {
  return withReceipt(`I've opened request ${request.id} (${REQUEST_TYPE_LABEL[request.type]}). We'll finish it by ${longDate(request.dueDate)} at the latest; usually right now.`, request);
}

/** What the user says to ask for a request of this kind (again): words the router reads as it. */
export const ASK_FOR: Partial<Record<RequestType, string>> = {
  access: 'download my data',
  correction: 'update my details',
  deletion: 'delete my data',
  opt_in: 'opt me back in',
};

/**
 * Where one of the user's requests stands, told to the user ("did you delete my data yet", and a
 * user back in a new chat with one still open): what was asked and when, its status, and what
 * happens next, by the due date the receipt promised (the privacy officer's list shows it OVERDUE
 * after that). A request waiting for the user's code closes after its due date (expireOverdue).
 * Asked in `conversationId`, the chat where the request is under way, the question it waits on
 * comes next: asking afresh ("say 'delete my data'") is not what carries it on.
 */
export function requestStatusText(request: PrivacyRequest, now: number, privacyContact: string, conversationId?: string): string {
  const asked = `Request ${request.id} (${REQUEST_TYPE_LABEL[request.type]}), asked on ${longDate(request.receivedAt)}`;
  const last = request.audit.at(-1);
  const closedOn = longDate(last?.at ?? request.receivedAt);
  const due = longDate(request.dueDate);
  const again = ASK_FOR[request.type];
  switch (request.status) {
    case 'completed':
      return `${asked}, was completed on ${closedOn}.`;
    case 'expired':
      return `${asked}, was closed on ${closedOn}: it wasn't confirmed by its due date, ${due}.`;
    case 'withdrawn':
      return `${asked}, was withdrawn on ${closedOn}, so nothing was done${last?.note ? ` (${last.note})` : ''}.`;
    case 'denied':
      return `${asked}, was closed on ${closedOn} without being carried out${last?.note ? ` (${last.note})` : ''}.`;
  }
  const here = conversationId !== undefined && request.conversationId === conversationId;
  if (request.status !== 'verified' && NEEDS_VERIFICATION.has(request.type)) {
    if (here) return `${asked}, is still open: it is waiting for you to confirm it's you with the code we email, here in this chat. If it isn't confirmed by ${due}, it closes.`;
    const carryOn = again ? ` To carry on, say "${again}" and I'll send a new code; the new request replaces this one.` : '';
    return `${asked}, is still open: it is waiting for you to confirm it's you with a code we email.${carryOn} If it isn't confirmed by ${due}, it closes.`;
  }
  if (here) return `${asked}, is still open: you're verified, and it is waiting for your answer here in this chat.`;
  const finish = again ? ` To finish it here, say "${again}" (you confirm it's you again, and the new request replaces this one).` : '';
  const deadline =
    daysUntilDue(request.dueDate, now) >= 0
      ? ` It is due by ${due}; our privacy team sees it until it is done.`
      : ` It was due by ${due}, so it is overdue, sorry: our privacy team sees it among the overdue requests. You can also write to ${privacyContact}.`;
  return `${asked}, is still open: you're verified, and it is waiting for your answer in the chat where you asked.${finish}${deadline}`;
}

/** "30 April 2026" from an ISO date. */
export function longDate(isoDate: string): string {
  return new Date(`${isoDate.slice(0, 10)}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'long', year: 'numeric', timeZone: 'UTC' });
}

/** "about 14 minutes" from seconds. */
export function aboutMinutes(seconds: number): string {
  const minutes = Math.max(1, Math.ceil(seconds / 60));
  return `${minutes} minute${minutes === 1 ? '' : 's'}`;
}


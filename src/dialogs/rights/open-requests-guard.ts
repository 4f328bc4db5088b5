import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Intent } from '../../services/nlu/labels';
import { requestStatusAsked } from '../../services/nlu/privacy-questions';
import { isOpen } from '../../services/privacy/requests/request-record';
import { getClassification } from '../classification';
import { conversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { requestStatusText, withReceipt, type RightsDialogDeps } from './rights-deps';

// Asking for one again closes the unfinished one as replaced, and says so (RequestLedger.supersede).
const ASKS_AGAIN: ReadonlySet<Intent> = new Set<Intent>(['data_access', 'data_correction', 'data_deletion']);

/**
 * A user back in a new chat with a data-rights request still open from an earlier one (left at
 * its code, or verified and left at its last question) is told first that it is still open and
 * what happens next (P11). A verified request does not lapse: it stays open, and past its due
 * date the privacy officer's list shows it OVERDUE; one waiting for the code closes after its due
 * date. Never consumes the message, which is answered as usual after this.
 *
 * Once per conversation, and only for a user the profile knows from an earlier chat: the
 * transcript middleware reads the profile in a chat's first turn anyway (to link the chat), so
 * for a new user this costs no store read.
 */
export function openRequestsGuard(deps: RightsDialogDeps) {
  return async (context: TurnContext): Promise<boolean> => {
    const { activity } = context;
    if (activity.type !== ActivityTypes.Message) return false;
    const data = await conversationData(deps.conversationData, context);
    if (data.openRequestsTold) return false;
    data.openRequestsTold = true;
    // Asked after, or asked for again: the answer tells the user the same.
    const intent = getClassification(context)?.intent;
    if (requestStatusAsked(activity.text ?? '') || (intent && ASKS_AGAIN.has(intent))) return false;
    const userId = userIdOf(activity);
    const profile = await deps.services.profiles.get(userId);
    if (!profile?.conversations.some((c) => c.id !== activity.conversation.id)) return false;
    const open = (await deps.services.requests.list(userId)).filter((r) => isOpen(r.status) && r.conversationId !== activity.conversation.id);
    if (open.length === 0) return false;
    const lines = open.map((r) => requestStatusText(r, deps.now(), deps.privacyContact));
    await context.sendActivity(withReceipt(['Before we start: you have a privacy request from an earlier chat.', ...lines].join('\n\n'), open[open.length - 1]));
    return false;
  };
}

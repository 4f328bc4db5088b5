import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Intent } from '../../services/nlu/labels';
import { requestStatusAsked } from '../../services/nlu/privacy-questions';
import { isOpen } from '../../services/privacy/requests/request-record';
import { getClassification, setClassification } from '../classification';
import { DIALOG_STATE_PROPERTY, openQuestion } from '../open-question';
import { wholeAnswerReader } from '../shared/whole-answer';
import { message } from '../wire';
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
  const dialogState = deps.conversationState.createProperty(DIALOG_STATE_PROPERTY);
  return async (context: TurnContext): Promise<boolean> => {
    const { activity } = context;
    if (activity.type !== ActivityTypes.Message) return false;
    const data = await conversationData(deps.conversationData, context);
    if (data.openRequestsTold) {
      // Only the message right after the telling can be a "yes" to it.
      const told = data.openRequestTold;
      data.openRequestTold = undefined;
      if (told) await takeUpAgain(context, told, async () => openQuestion(await dialogState.get(context)) === undefined);
      return false;
    }
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
    const again = open.length === 1 ? open[0] : undefined;
    if (again?.type === 'deletion' || again?.type === 'access' || again?.type === 'correction') {
      const told = { id: again.id, type: again.type };
      // "yes" as this chat's first message: the user thought they answered the earlier chat's question.
      if (!(await takeUpAgain(context, told, async () => openQuestion(await dialogState.get(context)) === undefined))) data.openRequestTold = told;
    }
    return false;
  };
}

const INTENT_OF: Record<TakenUpType, Intent> = { deletion: 'data_deletion', access: 'data_access', correction: 'data_correction' };
type TakenUpType = 'deletion' | 'access' | 'correction';
const plainYes = wholeAnswerReader();

/**
 * A bare "yes" to an earlier chat's request, with nothing asked here: its question was asked in the
 * other chat, where the user proved who they were, so it cannot be answered here, and nothing is
 * done on it. The request starts again (as "delete my data" would: a new code, then the question
 * again, saying what goes), replacing the earlier one. True when the turn was read so.
 */
async function takeUpAgain(context: TurnContext, told: { id: string; type: TakenUpType }, nothingAsked: () => Promise<boolean>): Promise<boolean> {
  const classification = getClassification(context);
  if (!classification || plainYes(context.activity.text) !== 'yes' || !(await nothingAsked())) return false;
  const nothingDone = told.type === 'deletion' ? 'nothing has been deleted' : told.type === 'access' ? 'nothing has been sent' : 'nothing has been changed';
  const more = told.type === 'deletion' ? ', and I ask you once more before anything is deleted' : '';
  await context.sendActivity(
    message(`Request ${told.id} was waiting in your earlier chat, so I can't take a "yes" here as its answer, and ${nothingDone}. Let's start it again here: you confirm it's you with a new code${more}.`),
  );
  setClassification(context, { ...classification, intent: INTENT_OF[told.type], confidence: 1, ambiguous: false });
  return true;
}

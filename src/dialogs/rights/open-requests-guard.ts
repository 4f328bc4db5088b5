import { ActivityTypes, type TurnContext } from 'botbuilder';
import type { Intent } from '../../services/nlu/labels';
import { requestStatusAsked } from '../../services/nlu/privacy-questions';
import { isOpen, type RequestType } from '../../services/privacy/requests/request-record';
import { getClassification, setClassification } from '../classification';
import { DIALOG_STATE_PROPERTY, openQuestion } from '../open-question';
import { wholeAnswerReader } from '../shared/whole-answer';
import { message } from '../wire';
import { conversationData, forNextMessage, justSaid } from '../conversation-data';
import { userIdOf } from '../identity';
import { ASK_FOR, requestStatusText, withReceipt, type RightsDialogDeps } from './rights-deps';

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
      const told = await justSaid(deps.conversationData, context, 'openRequestTold');
      const several = await justSaid(deps.conversationData, context, 'openRequestsToldSeveral');
      const nothingAsked = async () => openQuestion(await dialogState.get(context)) === undefined;
      if (told) await takeUpAgain(context, told, nothingAsked);
      // Asked which, another bare "yes" is asked again.
      if (several && (await askWhich(context, several, nothingAsked))) {
        await forNextMessage(deps.conversationData, context, 'openRequestsToldSeveral', several);
        return true;
      }
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
    const nothingAsked = async () => openQuestion(await dialogState.get(context)) === undefined;
    const again = open.length === 1 ? open[0] : undefined;
    if (again?.type === 'deletion' || again?.type === 'access' || again?.type === 'correction') {
      const told = { id: again.id, type: again.type };
      // "yes" as this chat's first message: the user thought they answered the earlier chat's question.
      if (!(await takeUpAgain(context, told, nothingAsked))) await forNextMessage(deps.conversationData, context, 'openRequestTold', told);
    } else if (open.length > 1) {
      const several = open.filter((r) => ASK_FOR[r.type]).map((r) => ({ id: r.id, type: r.type }));
      if (several.length > 0) {
        await forNextMessage(deps.conversationData, context, 'openRequestsToldSeveral', several);
        if (await askWhich(context, several, nothingAsked)) return true;
      }
    }
    return false;
  };
}

/**
 * A bare "yes" after being told of several open requests could be meant for any of them: none is
 * acted on, and the user is asked which, with each one's own words as the options (the words that
 * start it again here, so the pick is read as if typed). True when the turn was answered so.
 */
async function askWhich(context: TurnContext, several: { id: string; type: RequestType }[], nothingAsked: () => Promise<boolean>): Promise<boolean> {
  if (plainYes(context.activity.text) !== 'yes' || !(await nothingAsked())) return false;
  const phrases = [...new Set(several.map((r) => ASK_FOR[r.type]).filter((p): p is string => Boolean(p)))];
  const ids = several.map((r) => r.id).join(' and ');
  await context.sendActivity(
    message(
      `You have ${several.length} privacy requests open from earlier chats (${ids}), so I can't tell which one your "yes" is for, and nothing has been done on ${several.length === 2 ? 'either' : 'any'} of them. ` +
        `Which one shall I start again here? Say ${phrases.map((p) => `"${p}"`).join(' or ')}: you confirm it's you with a new code, and the new request replaces the earlier one.`,
      undefined,
      phrases,
    ),
  );
  return true;
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

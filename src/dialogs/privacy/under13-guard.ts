import { ActivityTypes, type ConversationState, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { TurnGuard } from '../../bots/helpline-bot';
import { saysUnder13 } from '../../services/privacy/age';
import { cancelledTicketsText } from '../../services/privacy/erased-handoffs';
import type { ConversationErasureInput, ConversationErasureSummary } from '../../services/privacy/conversation-erasure';
import { conversationData, type ConversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { message } from '../wire';

export interface Under13GuardOptions {
  conversationState: ConversationState;
  conversationData: StatePropertyAccessor<ConversationData>;
  /** eraseConversationData bound to its services. */
  erase: (input: ConversationErasureInput) => Promise<ConversationErasureSummary>;
  company: { name: string; contactEmail: string };
  onErased?: (summary: ConversationErasureSummary) => void;
}

/**
 * P13: the service is not for children under 13. When a user says they are, the bot stops
 * collecting anything, erases what this conversation collected, and points to a parent or
 * guardian; from then on every message in the conversation gets that answer and nothing else.
 */
export function createUnder13Guard(options: Under13GuardOptions): TurnGuard {
  const { name, contactEmail } = options.company;
  const firstReply =
    `Thanks for telling me. This chat is only for people aged 13 and over, so I've stopped asking questions ` +
    `and deleted what you told me in this conversation. Please ask a parent or guardian to contact ${name} ` +
    `at ${contactEmail}: they'll be glad to help.`;
  const laterReply = `I can't help in this chat, sorry. Please ask a parent or guardian to contact ${name} at ${contactEmail}.`;

  return async (context: TurnContext) => {
    if (context.activity.type !== ActivityTypes.Message) return false;
    const data = await conversationData(options.conversationData, context);
    if (data.under13) {
      await context.sendActivity(message(laterReply));
      return true;
    }
    if (!saysUnder13(context.activity.text ?? '')) return false;

    const input: ConversationErasureInput = {
      userId: userIdOf(context.activity),
      conversationId: context.activity.conversation.id,
      caseId: data.caseId,
    };
    // Whatever the dialogs held in progress (answers not yet stored) goes with the rest of the state.
    await options.conversationState.clear(context);
    await options.conversationData.set(context, { noticesShown: {}, under13: true });
    const summary = await options.erase(input);
    options.onErased?.(summary);
    const cancelled = cancelledTicketsText(summary.ticketsCancelled);
    await context.sendActivity(message(cancelled ? `${firstReply} ${cancelled}` : firstReply));
    return true;
  };
}

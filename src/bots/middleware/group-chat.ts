import { ActivityTypes, type Middleware, type TurnContext } from 'botbuilder';
import { message } from '../../dialogs/wire';

/** A Teams channel or group chat, where everyone in it reads what a user types and the bot asks. */
export function isGroupConversation(context: TurnContext): boolean {
  const conversation = context.activity.conversation;
  return conversation?.isGroup === true || conversation?.conversationType === 'channel' || conversation?.conversationType === 'groupChat';
}

/**
 * Helpline asks for names, email addresses and phone numbers and troubleshoots one person's
 * device; in a channel or group chat everyone would read those, and one conversation's state
 * would mix several people's answers. There a message gets a pointer to a one-to-one chat and
 * nothing else: no dialog runs, and no state, transcript or profile is written. The Teams app
 * keeps its team scope for the technicians' alert channel (proactive alerts are not messages).
 * Placed before the redaction middleware: it reads no text, and a pasted secret is not stored
 * because nothing of this turn is.
 */
export function groupChatMiddleware(botAppId: string | undefined): Middleware {
  const link = botAppId ? ` Open a chat with me here: https://teams.microsoft.com/l/chat/0/0?users=28:${encodeURIComponent(botAppId)}` : '';
  const text =
    "To keep your details private I only help one-to-one, not in a channel or group chat: please message me in a personal chat, and don't post passwords, card numbers or contact details here." +
    link;
  return {
    async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
      if (!isGroupConversation(context)) return next();
      // A bot added to a team is greeted with a conversationUpdate: no welcome that invites details.
      if (context.activity.type === ActivityTypes.Message) await context.sendActivity(message(text));
      if (context.activity.type === ActivityTypes.Message || context.activity.type === ActivityTypes.ConversationUpdate) return;
      await next();
    },
  };
}

import type { Activity, CloudAdapter, TurnContext } from 'botbuilder';
import type { OutgoingMessage, UserNotifier } from '../../services/handoff/ports';
import { ask, message } from '../wire';
import type { ConversationReferences } from './conversation-references';

/** The wire activity for a handoff message (protocol.md: handoff, technician, expects). */
export function toActivity(msg: OutgoingMessage): Partial<Activity> {
  const helpline = { ...(msg.handoff ? { handoff: msg.handoff } : {}), ...(msg.technician ? { technician: msg.technician } : {}) };
  return msg.expects ? ask(msg.text, msg.expects, msg.suggestions, helpline) : message(msg.text, helpline, msg.suggestions);
}

/** Sends inside a turn: a technician's message shows the technician's name as the sender. */
export async function sendInTurn(context: TurnContext, msg: OutgoingMessage): Promise<void> {
  if (msg.technician) {
    const name = msg.technician.name;
    // The reference's bot account is applied after the activity is built, so the name is set here.
    context.onSendActivities(async (_ctx, activities, next) => {
      for (const a of activities) if (a.type === 'message') a.from = { ...a.from, id: a.from?.id ?? 'bot', name };
      return next();
    });
  }
  await context.sendActivity(toActivity(msg));
}

/**
 * Proactive messages to a user through the adapter and the stored ConversationReference:
 * the same path for the local Direct Line, Web Chat on Azure and Teams.
 */
export class BotNotifier implements UserNotifier {
  constructor(
    private readonly adapter: Pick<CloudAdapter, 'continueConversationAsync'>,
    private readonly botAppId: string,
    private readonly references: ConversationReferences,
  ) {}

  async send(conversationId: string, msg: OutgoingMessage): Promise<void> {
    const reference = await this.references.get(conversationId);
    if (!reference) throw new Error('no stored conversation reference for this conversation');
    await this.adapter.continueConversationAsync(this.botAppId, reference, (context) => sendInTurn(context, msg));
  }
}

import type { Activity, CloudAdapter, ConversationReference, TurnContext } from 'botbuilder';
import { UnreachableConversation, type NudgeOutcome, type OutgoingMessage, type UserNotifier } from '../../services/handoff/ports';
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
    /** Whether the user is typing an answer to the bot (typingAnAnswer over the conversation's dialog state). */
    private readonly answering: (context: TurnContext) => Promise<boolean> = async () => false,
  ) {}

  async send(conversationId: string, msg: OutgoingMessage): Promise<void> {
    await this.adapter.continueConversationAsync(this.botAppId, await this.reference(conversationId), (context) => sendInTurn(context, msg));
  }

  /** The dialog state is read inside the proactive turn: one read, and only when a nudge is due. */
  async nudge(conversationId: string, msg: OutgoingMessage, claim: () => Promise<boolean>): Promise<NudgeOutcome> {
    let outcome: NudgeOutcome = 'later';
    let failure: { error: unknown } | undefined;
    await this.adapter.continueConversationAsync(this.botAppId, await this.reference(conversationId), async (context) => {
      try {
        if (await this.answering(context)) return;
        outcome = 'taken';
        if (!(await claim())) return;
        await sendInTurn(context, msg);
        outcome = 'sent';
      } catch (error) {
        // Thrown out of the turn, it would reach onTurnError, which apologises to a user who did nothing.
        failure = { error };
      }
    });
    if (failure) throw failure.error;
    return outcome;
  }

  private async reference(conversationId: string): Promise<Partial<ConversationReference>> {
    const reference = await this.references.get(conversationId);
    if (!reference) throw new UnreachableConversation();
    return reference;
  }
}

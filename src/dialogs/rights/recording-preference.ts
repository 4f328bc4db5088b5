import { ActivityTypes, type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { ConsentLedger } from '../../services/privacy/consent-ledger';
import { conversationData, type ConversationData } from '../conversation-data';
import { userIdOf } from '../identity';

/**
 * P8 across conversations: a user who turned recording off keeps it off in their next chats.
 * On a conversation's first message (before the recording notice has been shown) it reads the
 * user's latest transcript_recording decision and, if it is a no, sets recordingOff before the
 * transcript middleware looks, so that conversation is neither announced as recorded nor stored.
 * Must run after redaction and before the transcript middleware.
 */
export class RecordingPreferenceMiddleware implements Middleware {
  constructor(
    private readonly consents: ConsentLedger,
    private readonly accessor: StatePropertyAccessor<ConversationData>,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    if (context.activity.type === ActivityTypes.Message && context.activity.conversation?.id) {
      const data = await conversationData(this.accessor, context);
      if (!data.recordingOff && !data.noticesShown?.['recording']) {
        const decision = (await this.consents.current(userIdOf(context.activity))).transcript_recording;
        if (decision && !decision.granted) data.recordingOff = true;
      }
    }
    await next();
  }
}

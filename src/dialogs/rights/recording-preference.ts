import { ActivityTypes, type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { ConsentLedger } from '../../services/privacy/consent-ledger';
import { asksNotToRecord, isOn } from '../../services/privacy/requests/purposes';
import { conversationData, type ConversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { markLiveOptOut, type LiveHandoffDeps } from './live-opt-out';

/**
 * P8 across conversations: a user who turned recording off keeps it off in their next chats.
 * On a conversation's first message (before the recording notice has been shown) it reads the
 * user's latest transcript_recording decision and, if it is a no, sets recordingOff before the
 * transcript middleware looks, so that conversation is neither announced as recorded nor stored.
 * And during a live handoff, where the bot only relays and no dialog hears it, "don't record this
 * chat" is applied here, so that message and the rest of the chat are not stored either; the
 * handoff relay still passes it to the technician, notes it for them and confirms it to the user.
 * Must run after redaction and before the transcript middleware.
 */
export class RecordingPreferenceMiddleware implements Middleware {
  constructor(
    private readonly consents: ConsentLedger,
    private readonly accessor: StatePropertyAccessor<ConversationData>,
    private readonly live?: LiveHandoffDeps,
  ) {}

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    if (activity.type === ActivityTypes.Message && activity.conversation?.id) {
      const data = await conversationData(this.accessor, context);
      if (!data.recordingOff && !data.noticesShown?.['recording']) {
        const decision = (await this.consents.current(userIdOf(activity))).transcript_recording;
        if (!isOn('transcript_recording', decision)) data.recordingOff = true;
      }
      if (this.live && !data.recordingOff && asksNotToRecord(activity.text ?? '') && (await this.live.technicianOwns(context))) {
        data.recordingOff = true;
        const result = await this.live.optOuts.apply({
          userId: userIdOf(activity),
          conversationId: activity.conversation.id,
          channel: activity.channelId,
          purposes: ['transcript_recording'],
          source: 'during a live handoff',
        });
        markLiveOptOut(context, result, 'opt_out');
      }
    }
    await next();
  }
}

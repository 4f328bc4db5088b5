import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { beforeStateSave } from '../../bots/before-state-save';
import { askAgainAfterGuard, type TurnGuard } from '../../bots/helpline-bot';
import type { ConsentLedger } from '../../services/privacy/consent-ledger';
import type { NoticeService } from '../../services/privacy/notices';
import type { TranscriptStore } from '../../services/privacy/transcripts';
import { conversationData, forNextMessage, justSaid, type ConversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { NO, YES } from '../shared/yes-or-no';
import { RECORDING_BACK_ON, UNRECORDED } from '../rights/opt-out-text';
import { ask, message } from '../wire';

export const AGREE = 'I agree';
export const DECLINE = "I don't agree";

// Said any time while the question is open: the words of the choice itself.
const AGREES = /^(?:(?:yes|ok|okay|sure|fine)[\s,.!]+)?(?:i\s+)?(?:agree|accept|consent)(?:\s+to\s+(?:it|that|this|the\s+(?:new|updated|changed)\s+(?:notice|terms|version)))?[\s.!]*$/i;
const DECLINES =
  /\b(?:(?:i\s+)?(?:don'?t|do\s+not|dont|won'?t|will\s+not)\s+(?:agree|accept|consent)|disagree|decline|refuse|i\s+do\s+not\s+want\s+(?:that|this|it)|don'?t\s+record)\b/i;

export interface RecordingConsentDeps {
  consents: ConsentLedger;
  notices: NoticeService;
  transcripts: TranscriptStore;
  conversationData: StatePropertyAccessor<ConversationData>;
  /** A handoff open in this conversation is recorded again once the user agrees (the handoff feature's). */
  onRecordingOn?: (conversationId: string) => Promise<void>;
}

/**
 * P14 for the recording notice, whose basis is consent: a returning user shown a new version is
 * asked to agree or not. Until they answer this chat is not recorded (the new terms do not apply
 * to them yet), and their answer is a consent record for that version, which their export shows.
 * A no is "don't record this chat", for this and later chats.
 */
export class RecordingConsent {
  constructor(private readonly deps: RecordingConsentDeps) {}

  /**
   * The notice just shown needs the user's answer: this chat is not recorded until they give it.
   * The question comes at the end of the turn, after the reply, so its buttons are the ones shown.
   */
  async hold(context: TurnContext, version: string): Promise<void> {
    const data = await conversationData(this.deps.conversationData, context);
    data.recordingOff = true;
    data.recordingConsentAsked = version;
    beforeStateSave(context, () => this.ask(context));
  }

  private async ask(context: TurnContext): Promise<void> {
    const data = await conversationData(this.deps.conversationData, context);
    if (!data.recordingConsentAsked) return;
    // The first message was itself a choice ("don't record this chat"): nothing is left to ask.
    const decision = (await this.deps.consents.current(userIdOf(context.activity))).transcript_recording;
    if (decision?.conversationId === context.activity.conversation.id) {
      delete data.recordingConsentAsked;
      return;
    }
    await context.sendActivity(
      ask(
        'Do you agree to the updated chat recording notice? Until you do, I keep no copy of this chat. ' +
          `If you don't agree, I stop recording your chats, as if you'd said "don't record this chat".`,
        'confirm',
        [AGREE, DECLINE],
      ),
    );
    await forNextMessage(this.deps.conversationData, context, 'recordingConsentAsked', true);
  }

  /** Whether this chat waits for the user's answer to the question. */
  async awaitsAnswer(context: TurnContext): Promise<boolean> {
    return (await conversationData(this.deps.conversationData, context)).recordingConsentAsked !== undefined;
  }

  /** Reads the answer: the choice's own words at any time, a bare yes or no right after the question. */
  readonly guard: TurnGuard = async (context) => {
    const data = await conversationData(this.deps.conversationData, context);
    const version = data.recordingConsentAsked;
    if (!version) return false;
    const text = (context.activity.text ?? '').trim();
    const rightAfter = (await justSaid(this.deps.conversationData, context, 'recordingConsentAsked')) === true;
    const granted = AGREES.test(text) || (rightAfter && YES.test(text)) ? true : DECLINES.test(text) || (rightAfter && NO.test(text)) ? false : undefined;
    if (granted === undefined) return false;

    const { activity } = context;
    const userId = userIdOf(activity);
    await this.deps.consents.record({
      userId,
      conversationId: activity.conversation.id,
      purpose: 'transcript_recording',
      granted,
      noticeVersion: version,
      channel: activity.channelId,
      source: 'recording notice',
    });
    data.seenNotices = await this.deps.notices.markSeen(userId, 'recording', version, data.seenNotices);
    delete data.recordingConsentAsked;
    if (granted) {
      data.recordingOff = false;
      await this.deps.transcripts.setRecordingOn(activity.conversation.id);
      await this.deps.onRecordingOn?.(activity.conversation.id);
      await context.sendActivity(message('Thanks, I\'ve noted that you agree. I keep a copy of our chats from now on, as the updated notice says. Say "don\'t record this chat" at any time to stop.'));
    } else {
      await context.sendActivity(
        message(`OK, I've noted that you don't agree, so I don't record this chat or your later ones. ${UNRECORDED} ${RECORDING_BACK_ON}`),
      );
    }
    askAgainAfterGuard(context);
    return true;
  };
}

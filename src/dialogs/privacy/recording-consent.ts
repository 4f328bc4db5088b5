import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { beforeStateSave } from '../../bots/before-state-save';
import { askAgainAfterGuard, type TurnGuard } from '../../bots/helpline-bot';
import type { ConsentLedger } from '../../services/privacy/consent-ledger';
import type { NoticeService } from '../../services/privacy/notices';
import type { TranscriptStore } from '../../services/privacy/transcripts';
import { conversationData, type ConversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { RECORDING_BACK_ON, UNRECORDED } from '../rights/opt-out-text';
import { message } from '../wire';

/** The words that answer the question, as the privacy info's answer offers them (buttons that send these words). */
export const AGREE = 'I agree';
export const DECLINE = "I don't agree";

// The whole message, so "i refuse to restart it again" at a guide's step declines nothing.
const TO_IT = String.raw`(?:\s+(?:to\s+)?(?:it|that|this|the\s+(?:new\s+|updated\s+|changed\s+)?(?:notice|terms|version)))?`;
const AGREES = new RegExp(String.raw`^(?:(?:yes|ok|okay|sure|fine)[\s,.!]+)?(?:i\s+)?(?:agree|accept|consent)${TO_IT}[\s.!]*$`, 'i');
const DECLINES = new RegExp(
  String.raw`^(?:no[\s,.!]+)?(?:(?:i\s+)?(?:don'?t|do\s+not|won'?t|will\s+not)\s+(?:agree|accept|consent)|(?:i\s+)?(?:disagree|decline|refuse)|i\s+do(?:n'?t|\s+not)\s+want\s+(?:that|this|it)|don'?t\s+record(?:\s+(?:this\s+chat|me|my\s+chats?))?)${TO_IT}[\s.!]*$`,
  'i',
);

const QUESTION =
  'Do you agree to the updated chat recording notice? Please say "I agree" or "I don\'t agree". Until you do, I keep no copy of this chat. ' +
  `If you don't agree, I stop recording your chats, as if you'd said "don't record this chat".`;

/** Whether the message clearly agrees (true) or not (false); undefined when it says neither. */
function consentIn(text: string): boolean | undefined {
  const said = text.trim().replace(/[’‘]/g, "'");
  return AGREES.test(said) ? true : DECLINES.test(said) ? false : undefined;
}

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
   * Asked right after the notice, before the reply, without buttons: the reply's question stays the
   * last one, with its own buttons, so a "1" or a "yes" meant for it (a guide's step, "Continue where
   * we stopped") is never taken for a consent (P14 asks for an unambiguous one).
   */
  async hold(context: TurnContext, version: string): Promise<void> {
    const data = await conversationData(this.deps.conversationData, context);
    data.recordingOff = true;
    data.recordingConsentAsked = version;
    // The first message may answer it already ("don't record this chat"): the guard reads it this turn.
    if (consentIn(context.activity.text ?? '') === undefined) await context.sendActivity(message(QUESTION));
    beforeStateSave(context, () => this.settledThisTurn(context));
  }

  /** Another way of deciding in the first message ("stop recording my chats") leaves nothing to ask. */
  private async settledThisTurn(context: TurnContext): Promise<void> {
    const data = await conversationData(this.deps.conversationData, context);
    if (!data.recordingConsentAsked) return;
    const decision = (await this.deps.consents.current(userIdOf(context.activity))).transcript_recording;
    if (decision?.conversationId === context.activity.conversation.id) delete data.recordingConsentAsked;
  }

  /** Whether this chat waits for the user's answer to the question. */
  async awaitsAnswer(context: TurnContext): Promise<boolean> {
    return (await conversationData(this.deps.conversationData, context)).recordingConsentAsked !== undefined;
  }

  /**
   * Reads the answer, at any time in the chat: only words that clearly agree or not. Anything else
   * (a bare "yes", a number, "sure, now what about my printer") goes to whatever else it answers,
   * and the question stays open; a chat left without an answer asks it again next time.
   */
  readonly guard: TurnGuard = async (context) => {
    const data = await conversationData(this.deps.conversationData, context);
    const version = data.recordingConsentAsked;
    if (!version) return false;
    const granted = consentIn(context.activity.text ?? '');
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

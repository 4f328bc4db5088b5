import { ActivityTypes, type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import type { HelplineConversationState } from '../conversation-state';
import type { Logger } from '../../logging';
import { beforeStateSave } from '../before-state-save';
import { handledByGuard } from '../helpline-bot';
import { conversationData, markFirstMessage, type ConversationData } from '../../dialogs/conversation-data';
import { userIdOf } from '../../dialogs/identity';
import type { NoticeGate } from '../../dialogs/privacy/notice-gate';
import type { RecordingConsent } from '../../dialogs/privacy/recording-consent';
import { DIALOG_STATE_PROPERTY, openQuestion } from '../../dialogs/open-question';
import { onlyACancel, stoppedByUser } from '../../dialogs/shared/cancel-words';
import { onlyYesOrNo } from '../../dialogs/shared/yes-or-no';
import { helplineData, type Expects } from '../../dialogs/wire';
import { saysUnder13 } from '../../services/privacy/age';
import type { ProfileService } from '../../services/privacy/profile';
import { RECORDING_OFF_TURN_KEY, type StagedTranscript, type TranscriptEntry, type TranscriptStore } from '../../services/privacy/transcripts';
import { PLACEHOLDERS, SECRET_MARKER } from '../../services/privacy/redaction/types';
import { holdsCode } from '../../services/privacy/requests/verification';
import { REDACTION_TURN_KEY, type RedactionTurnInfo } from './redaction';

export interface TranscriptMiddlewareOptions {
  transcripts: TranscriptStore;
  conversationData: StatePropertyAccessor<ConversationData>;
  /** The state the turn saves; a turn that saves it keeps its transcript record in it too (the outbox). */
  conversationState: HelplineConversationState;
  logger: Pick<Logger, 'warn'>;
  now: () => number;
  /** Shows the recording notice (P8) before the reply to a conversation's first message; omit to stay silent. */
  gate?: NoticeGate;
  /** Asks a returning user to agree to a changed recording notice (P14); the chat is unrecorded until they do. */
  recordingConsent?: Pick<RecordingConsent, 'hold'>;
  /** Links each conversation to its user once, so an export or erasure finds the transcript. */
  profiles?: ProfileService;
}

/**
 * The second middleware: keeps the conversation's transcript (P8, P10). It collects the user's
 * message (already free of secrets) and the bot's replies during the turn and stores them in
 * one write after the turn, masked by the TranscriptStore. Nothing is written once the user
 * turned recording off or said they are under 13; technician messages are stored by the
 * handoff relay through TranscriptStore.append, so they are skipped here.
 */
export class TranscriptMiddleware implements Middleware {
  private readonly dialogState: StatePropertyAccessor<unknown>;

  constructor(private readonly options: TranscriptMiddlewareOptions) {
    this.dialogState = options.conversationState.createProperty(DIALOG_STATE_PROPERTY);
  }

  /**
   * The conversation's data for a message; for a conversationUpdate only what is already there,
   * since creating it would make the opening of every chat cost a state write.
   */
  private async readData(context: TurnContext): Promise<ConversationData | undefined> {
    const accessor = this.options.conversationData;
    return context.activity.type === ActivityTypes.Message ? conversationData(accessor, context) : accessor.get(context);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const conversationId = activity.conversation?.id;
    if (!conversationId) return next();
    const { transcripts, now } = this.options;
    const stamp = () => new Date(now()).toISOString();
    // Proactive turns (handoff status, relays) have no user turn state to read: the stored marker decides.
    const userTurn = activity.type === ActivityTypes.Message || activity.type === ActivityTypes.ConversationUpdate;
    const before = userTurn ? await this.readData(context) : undefined;
    const wasOff = before?.recordingOff === true;
    // The recording notice marks the conversation's first message; without it there is no first-turn work.
    const firstTurn =
      this.options.gate !== undefined &&
      activity.type === ActivityTypes.Message &&
      before !== undefined &&
      !before.noticesShown?.['recording'] &&
      !before.under13 &&
      !before.recordingOff;

    const entries: TranscriptEntry[] = [];
    // Set when the user's message may be kept as typed once the turn shows what it did (below).
    let unmaskStop: (() => void) | undefined;
    if (activity.type === ActivityTypes.Message && activity.text) {
      // Redaction finds a name or a birth date only after a cue ("my name is ..."), so a bare "Jane
      // Doe" at the name question would be kept as typed: an answer to a personal-data question is
      // masked whole, by what the question asked (P10).
      const asked = openQuestion(await this.dialogState.get(context));
      const mask = asked ? maskOfAnswer(asked, activity.text) : undefined;
      const entry: TranscriptEntry = { from: 'user', text: mask ?? activity.text, timestamp: stamp() };
      entries.push(entry);
      const keep = mask ? keptAfterAll(asked!, activity.text) : undefined;
      if (keep) {
        const typed = activity.text;
        unmaskStop = () => {
          if (keep(context)) entry.text = typed;
        };
      }
    }
    const redaction = context.turnState.get(REDACTION_TURN_KEY) as RedactionTurnInfo | undefined;
    if (redaction?.echo?.text) entries.push({ from: 'bot', text: redaction.echo.text, timestamp: stamp() });

    context.turnState.set(RECORDING_OFF_TURN_KEY, () => isOff(context.turnState.get(LIVE_DATA_KEY) as ConversationData | undefined));
    context.turnState.set(LIVE_DATA_KEY, before);
    context.onSendActivities(async (_ctx, activities, nextSend) => {
      for (const sent of activities) {
        if (sent.type !== ActivityTypes.Message || !sent.text || helplineData(sent).technician) continue;
        entries.push({ from: 'bot', text: sent.text, timestamp: stamp() });
      }
      return nextSend();
    });

    // The previous turn's record, if its write after that turn's state save did not land.
    if (before?.transcriptOutbox) await transcripts.flushStaged(conversationId, before.transcriptOutbox);

    // A turn that saves its state keeps its transcript record in that same save (the outbox), so
    // a state that moved on always has its turn in the transcript: written right after the save,
    // or by the next turn if that write fails. A turn that saves no state writes the record alone.
    let staged: StagedTranscript | undefined;
    let stagedCount = 0;
    if (userTurn) {
      beforeStateSave(context, async () => {
        const data = await this.readData(context);
        if (!data || entries.length === 0 || isOff(data) || !this.options.conversationState.willSave(context)) return;
        unmaskStop?.();
        staged = transcripts.stage(entries);
        stagedCount = entries.length;
        data.transcriptOutbox = staged;
      });
    }

    // Before the reply, so the reply stays the last activity and keeps its quick replies; not to a
    // child announcing their age, whose conversation is about to be erased.
    if (firstTurn && !saysUnder13(activity.text ?? '')) {
      const shown = await this.options.gate?.ensureNotice(context, 'recording');
      if (shown?.reconsent) await this.options.recordingConsent?.hold(context, shown.notice.version);
    }
    if (firstTurn) markFirstMessage(context);

    await next();

    const after = userTurn ? await this.readData(context) : undefined;
    context.turnState.set(LIVE_DATA_KEY, after);
    if (after?.recordingOff && !wasOff) await transcripts.setRecordingOff(conversationId);
    if (staged) {
      try {
        await transcripts.writeStaged(conversationId, staged, entries.slice(stagedCount));
      } catch (error) {
        // The turn stands (its state is saved, the record with it): the next turn writes the record.
        this.options.logger.warn({ conversation: conversationId, err: error instanceof Error ? error.message : String(error) }, 'transcript write failed; kept for the next turn');
        return;
      }
    } else {
      if (entries.length === 0) return;
      // A user turn without conversation data is a conversation that just opened: nothing is off yet.
      const off = after ? isOff(after) : userTurn ? false : await transcripts.isRecordingOff(conversationId);
      if (off) return;
      unmaskStop?.();
      await transcripts.appendTurn(conversationId, entries);
    }
    if (firstTurn && this.options.profiles) await this.options.profiles.addConversation(userIdOf(activity), conversationId);
  }
}

const LIVE_DATA_KEY = Symbol('helpline.transcript.liveData');

/** The questions whose whole answer is personal data, with the placeholder redaction uses for it. */
const MASK_OF_ANSWER: Partial<Record<Expects, string>> = {
  name: PLACEHOLDERS.name,
  email: PLACEHOLDERS.email,
  phone: PLACEHOLDERS.phone,
  address: PLACEHOLDERS.address,
  birthdate: PLACEHOLDERS.birthdate,
};

/**
 * What the answer to `asked` is stored as instead of the text. Redaction lets the code through at
 * the code question, for the dialog to check; whole or in groups ("82 19 44"), as the dialog reads
 * it, the code itself is a secret and is stored nowhere.
 */
function maskOfAnswer(asked: Expects, text: string): string | undefined {
  if (asked === 'otp') return holdsCode(text) ? SECRET_MARKER : undefined;
  // "yes" to "Did you mean gmail.com?", asked at the email question: the answer to the bot's own
  // question, and nobody's data. Masked, the technician read "[EMAIL]" where the user agreed. Not
  // at the name question, which asks nothing back, and where "Sure" or "Wrong" may be kept as a name.
  if (asked !== 'name' && onlyYesOrNo(text)) return undefined;
  return MASK_OF_ANSWER[asked];
}

/**
 * When an answer masked whole at a personal-data question is kept as typed after all, once the
 * turn shows it was no answer; undefined when never. A bare word for stopping ("cancel", "never
 * mind") that did stop the question: a fixed word, and the technician sees why the question went
 * unanswered. And at the email or phone question, words a guard took as the answer to another
 * question ("I agree" to the changed recording notice's): masked whole, the technician read
 * "[EMAIL]" where the user had agreed. Only with no trace of an address or number: the store
 * masks the ones it finds, not "jo at example dot com" or "four one five ...", which the question
 * reads. One the question took as its answer ("quit" as a name) stays masked.
 */
function keptAfterAll(asked: Expects, text: string): ((context: TurnContext) => boolean) | undefined {
  if (onlyACancel(text)) return stoppedByUser;
  if ((asked === 'email' || asked === 'phone') && !MAY_HOLD_CONTACT.test(text)) return handledByGuard;
  return undefined;
}

const MAY_HOLD_CONTACT =
  /[\p{Nd}@＠]|\b(?:at|dot|underscore|dash|hyphen|plus|zero|oh|o|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|\w+teen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|thousand|double|triple)\b/iu;

function isOff(data: ConversationData | undefined): boolean {
  return data?.recordingOff === true || data?.under13 === true;
}

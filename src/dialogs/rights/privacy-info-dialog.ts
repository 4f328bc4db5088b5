import type { Activity } from 'botbuilder';
import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Policy } from '../../config';
import { asksIfRecorded, asksPrivacySettings, requestStatusAsked, type StatusAsked } from '../../services/nlu/privacy-questions';
import type { ConsentLedger } from '../../services/privacy/consent-ledger';
import { privacySettings } from '../../services/privacy/privacy-settings';
import type { Classification } from '../../services/nlu/router';
import { answerPrivacyQuestion } from '../../services/privacy/requests/privacy-info';
import type { RequestLedger } from '../../services/privacy/requests/request-ledger';
import { isOpen, REQUEST_TYPE_LABEL } from '../../services/privacy/requests/request-record';
import type { TranscriptStore } from '../../services/privacy/transcripts';
import { userIdOf } from '../identity';
import type { NoticeGate } from '../privacy/notice-gate';
import { AGREE, DECLINE, type RecordingConsent } from '../privacy/recording-consent';
import { message } from '../wire';
import { RECORDING_BACK_ON, settingsText, UNRECORDED } from './opt-out-text';
import { ASK_FOR, requestStatusText, withReceipt } from './rights-deps';
import { FeatureDialog } from '../shared/feature-dialog';

export const PRIVACY_INFO_DIALOG = 'privacyInfo';

const SUGGESTIONS = ['Download my data', 'Stop sending me offers', "Don't record this chat"];
/** Asks for the general privacy summary (answerPrivacyQuestion names no topic in it). */
const GENERAL_QUESTION = 'How do you use my data?';

export interface PrivacyInfoDeps {
  policy: Policy;
  /** The user's own requests, for "did you delete my data yet". */
  requests: Pick<RequestLedger, 'list'>;
  /** The user's choices (opt-outs and opt-ins), for "what have i opted out of". */
  consents: Pick<ConsentLedger, 'current'>;
  /** Whether this chat is recorded, as the transcript middleware decides it in this turn. */
  transcripts: Pick<TranscriptStore, 'isRecordingOff'>;
  /** The recording notice: what a recorded chat keeps, who reads it and for how long. */
  gate: Pick<NoticeGate, 'answer'>;
  /** Whether the changed recording notice's question waits for an answer in this chat (P14). */
  recordingConsent: Pick<RecordingConsent, 'awaitsAnswer'>;
  now: () => number;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Privacy questions (cookies, retention, sharing, security, what is collected) answered from the
 * configuration; and two about this user, answered from what is true for them: where their own
 * requests stand, and whether this chat is recorded.
 */
export class PrivacyInfoDialog extends FeatureDialog {
  constructor(private readonly deps: PrivacyInfoDeps) {
    super(PRIVACY_INFO_DIALOG);
    this.addDialog(new WaterfallDialog('privacyInfoFlow', [this.answerStep.bind(this)]));
    this.initialDialogId = 'privacyInfoFlow';
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { classification } = (step.options ?? {}) as { classification?: Classification };
    const question = classification?.text ?? step.context.activity.text ?? '';
    const status = requestStatusAsked(question);
    if (status) {
      await step.context.sendActivity(await this.statusReply(userIdOf(step.context.activity), step.context.activity.conversation.id, status));
    } else if (asksPrivacySettings(question)) {
      await step.context.sendActivity(await this.settingsReply(step));
    } else if (asksIfRecorded(question)) {
      // The policy's overview says chats are recorded; this one may not be (P8).
      if (await this.deps.transcripts.isRecordingOff(step.context)) {
        // Off only until the changed notice's question is answered: its own answer turns recording on,
        // where an opt-in would ask for a code to say the same yes.
        const reply = (await this.deps.recordingConsent.awaitsAnswer(step.context))
          ? message(
              `No, this chat is not recorded: the recording notice has changed, and I keep no copy of this chat until you answer whether you agree. Say "${AGREE}" to let us record it, or "${DECLINE}" if you'd rather we didn't.`,
              undefined,
              [AGREE, DECLINE],
            )
          : message(`No, this chat is not recorded: ${UNRECORDED} ${RECORDING_BACK_ON}`);
        await step.context.sendActivity(reply);
      } else {
        // The recording notice says what is kept, who reads it and for how long; answered with it, it counts as shown.
        const notice = await this.deps.gate.answer(step.context, 'recording');
        const { suggestedActions } = message('', undefined, ["Don't record this chat"]);
        await step.context.sendActivity({ ...notice.activity, text: `Yes, this chat is recorded. ${notice.activity.text ?? ''}`, suggestedActions });
        await notice.commit();
      }
    } else {
      await step.context.sendActivity(message(answerPrivacyQuestion(question, this.deps.policy), undefined, SUGGESTIONS));
    }
    return step.endDialog();
  }

  /**
   * Where the user's own choices stand, then the way to how we handle data in general. Their own
   * stored choices, which an opt-out tells them too ("already off since ..."), so no code is asked;
   * no contact detail is named.
   */
  private async settingsReply(step: WaterfallStepContext): Promise<Partial<Activity>> {
    const settings = await privacySettings(this.deps.consents, userIdOf(step.context.activity));
    const recordedHere = !(await this.deps.transcripts.isRecordingOff(step.context));
    const general = `For how we handle your data in general, ask "${GENERAL_QUESTION}"; the full privacy policy: ${this.deps.policy.privacyPolicyUrl}.`;
    return message(`${settingsText(settings, recordedHere)}\n\n${general}`, undefined, [GENERAL_QUESTION]);
  }

  /**
   * The user's open requests of the kind asked after (or the latest one, when none is open), each
   * with where it stands and what happens next; with none, they are told so and how to start one.
   */
  private async statusReply(userId: string, conversationId: string, asked: StatusAsked): Promise<Partial<Activity>> {
    const contact = this.deps.policy.company.contactEmail;
    const mine = (await this.deps.requests.list(userId)).filter((r) => asked === 'any' || r.type === asked);
    const open = mine.filter((r) => isOpen(r.status));
    const shown = open.length > 0 ? open : mine.slice(-1);
    if (shown.length === 0) {
      const what = asked === 'any' ? 'any privacy request' : `a request for ${REQUEST_TYPE_LABEL[asked]}`;
      const starts = asked === 'any' ? [ASK_FOR.access, ASK_FOR.correction, ASK_FOR.deletion] : [ASK_FOR[asked]];
      return message(
        `I can't find ${what} from you. Would you like to start one? Just say "${starts.join('", "')}". ` +
          `If you asked from another device or app, ask there, or write to ${contact}.`,
        undefined,
        starts.map((s) => capital(s as string)),
      );
    }
    const text = shown.map((r) => requestStatusText(r, this.deps.now(), contact, conversationId)).join('\n\n');
    return withReceipt(text, shown[shown.length - 1]);
  }
}

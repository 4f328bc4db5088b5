import type { TurnContext } from 'botbuilder';
import {
  ChoiceFactory,
  ListStyle,
  WaterfallDialog,
  type DialogInstance,
  type DialogReason,
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChoicePrompt } from '../shared/choice-prompt';
import { OPT_IN_PURPOSES } from '../../services/privacy/requests/opt-in';
import { isOn, PURPOSE_LABEL, readPurposes, type ChoicePurpose } from '../../services/privacy/requests/purposes';
import { conversationData } from '../conversation-data';
import { isChannelVerified, userIdOf } from '../identity';
import { ask, choicePrompt, message } from '../wire';
import { alreadyOnText, optInConfirmation, optInExplanation, PURPOSE_CHOICES } from './opt-out-text';
import { closeAbandoned, withReceipt, type RightsDialogDeps } from './rights-deps';
import { openAndVerify, settleVerification, VerifyIdentityDialog, type VerifyResult } from './verify-identity-dialog';
import { onlyAWholeAnswer, wholeAnswerReader } from '../shared/whole-answer';
import { FeatureDialog } from '../shared/feature-dialog';

export const OPT_IN_DIALOG = 'optIn';

const FLOW = 'optInFlow';
const WHICH = 'optInWhich';
const CONFIRM = 'optInConfirm';
const YES = 'Yes';
const NO = 'No';
// The single purposes (not "All of these"): switching everything on at once is not offered.
const CHOICES = PURPOSE_CHOICES.filter((c) => c.purposes.length === 1 && OPT_IN_PURPOSES.includes(c.purposes[0]));
// Like erasure, only a whole yes switches something on: "yes but not texts" is asked again.
const readAnswer = wholeAnswerReader({ yes: ["(?:yes,? )?(?:please )?(?:switch|turn) (?:it|them) (?:back )?on(?: please)?", "(?:yes,? )?opt me (?:back )?in"], no: ['(?:no,? )?leave (?:it|them) (?:off|as (?:it is|they are))'] });

const CHANGED_MIND = "No problem. Your opt-out has already been applied, but I can switch it back on for you.";

interface Values {
  purposes: ChoicePurpose[];
}

/**
 * Opting back in (P7, P8, P11): reads what to switch on, says what the user will get and how to
 * stop it again, takes only a whole "yes", opens a request with a receipt, verifies identity (P9:
 * the email address itself when it is to leave the do-not-market list), then records the consent
 * and lifts the suppression where the user has shown the address is theirs.
 */
export class OptInDialog extends FeatureDialog {
  constructor(private readonly deps: RightsDialogDeps) {
    super(OPT_IN_DIALOG);
    this.addDialog(new VerifyIdentityDialog(deps));
    this.addDialog(new ChoicePrompt(WHICH, (p) => this.validateWhich(p)));
    // A plain yes or no ends the question; anything else is answered, and nothing is switched on.
    this.addDialog(new ChoicePrompt(CONFIRM, onlyAWholeAnswer(readAnswer, () => 'Nothing is switched on until you say yes. Shall I switch it back on? Please answer yes or no.')));
    this.addDialog(
      new WaterfallDialog(FLOW, [this.whichStep.bind(this), this.explainStep.bind(this), this.openStep.bind(this), this.applyStep.bind(this)]),
    );
    this.initialDialogId = FLOW;
  }

  private async whichStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { text, purposes: given, changedMind } = (step.options ?? {}) as { text?: string; purposes?: ChoicePurpose[]; changedMind?: boolean };
    // A change of mind right after an opt-out: what it just turned off, which is done and stays so until the user says yes.
    if (changedMind) await step.context.sendActivity(message(CHANGED_MIND));
    const named = given ?? readPurposes(text ?? '').purposes;
    const purposes = named.filter((p) => OPT_IN_PURPOSES.includes(p));
    (step.values as Values).purposes = purposes;
    if (purposes.length > 0) return step.next();
    if (named.length > 0) {
      await step.context.sendActivity(
        message(`I don't keep a standing yes for ${named.map((p) => PURPOSE_LABEL[p]).join(' or ')}: a technician asks you each time it is needed, and you decide then.`),
      );
      return step.endDialog();
    }
    return step.prompt(WHICH, choicePrompt('Sure. What would you like me to switch back on?', 'Please pick what to switch back on, or say it in your own words.', CHOICES.map((c) => c.label)));
  }

  private async explainStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    if (values.purposes.length === 0) {
      const picked = step.result as FoundChoice | undefined;
      values.purposes = picked ? CHOICES[picked.index].purposes : readPurposes(step.context.activity.text ?? '').purposes.filter((p) => OPT_IN_PURPOSES.includes(p));
    }
    const onFile = await this.deps.services.optOuts.addressesOnFile(userIdOf(step.context.activity));
    // Nothing is off: a yes would change nothing, so neither the explanation nor a code is asked for.
    if (!(await this.anyOff(step.context, values.purposes, onFile))) {
      await step.context.sendActivity(message(alreadyOnText(values.purposes)));
      return step.endDialog();
    }
    return step.prompt(CONFIRM, {
      prompt: ask(optInExplanation(values.purposes, onFile), 'choice', [YES, NO]),
      retryPrompt: ask('Please answer yes or no: shall I switch it back on?', 'choice', [YES, NO]),
      // As for erasure: the synonyms only tell the main dialog that these answer this question;
      // what switches anything on is decided by the validator's whole answers.
      choices: ChoiceFactory.toChoices([
        { value: YES, synonyms: ['y', 'yes please', 'ok', 'sure', 'opt me in', 'turn it on'] },
        { value: NO, synonyms: ['n', 'no thanks', "don't", 'leave it off'] },
      ]),
      style: ListStyle.none,
    });
  }

  private async openStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    if ((step.result as FoundChoice).value !== YES) {
      await step.context.sendActivity(message("OK, I haven't switched anything back on: what you turned off stays off."));
      return step.endDialog();
    }
    // The address leaves the do-not-market list only once it is proven: a Teams sign-in proves the account, not the mailbox.
    const mailbox = values.purposes.includes('marketing_email');
    // With no email on file no code could reach the user: the address is asked for, and proven by a code sent to it.
    const { email } = await this.deps.services.optOuts.addressesOnFile(userIdOf(step.context.activity));
    const newAddress = !email && (mailbox || !isChannelVerified(step.context.activity));
    return openAndVerify(step, this.deps, { type: 'opt_in', details: { purposes: values.purposes } }, { mailbox, newAddress });
  }

  private async applyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { purposes } = step.values as Values;
    const { activity } = step.context;
    const { optIns } = this.deps.services;
    const result = step.result as VerifyResult | undefined;
    const settled = await settleVerification(step, this.deps, (id) =>
      result?.verified === false && result.reason === 'no_email'
        ? `Without an email address I can't check it's you, so I haven't switched anything on and I've closed request ${id}. You can ask again at any time.`
        : `Without verifying it's you I can't switch anything back on, so I haven't switched anything on and I've closed request ${id}; what you turned off stays off. You can ask again at any time.`,
    );
    if (!settled) return step.endDialog();
    const verified = settled.request;
    const newEmail = result?.verified ? result.newEmail : undefined;
    const applied = await optIns.apply({ request: verified, purposes, channel: activity.channelId, conversationId: activity.conversation.id, source: 'opt-in dialog', newEmail });
    if (purposes.includes('transcript_recording')) {
      // From this turn on: the transcript middleware reads this flag at the end of the turn.
      const data = await conversationData(this.deps.conversationData, step.context);
      data.recordingOff = false;
      await this.deps.onRecordingOn?.(activity.conversation.id);
    }
    await step.context.sendActivity(withReceipt(optInConfirmation(applied), applied.request));
    return step.endDialog(applied.changed);
  }

  /**
   * Whether any of `purposes` is off for this user (isOn), or would reach them only after this
   * request: an address on file on the do-not-market list, marketing email with no address to
   * prove, recording off in this chat.
   */
  private async anyOff(context: TurnContext, purposes: ChoicePurpose[], onFile: { email?: string; phone?: string }): Promise<boolean> {
    const { consents, suppression } = this.deps.services;
    const current = await consents.current(userIdOf(context.activity));
    if (purposes.some((p) => !isOn(p, current[p]))) return true;
    if (purposes.includes('marketing_email') && (!onFile.email || (await suppression.get('email', onFile.email)))) return true;
    if (purposes.includes('marketing_phone') && onFile.phone && (await suppression.get('phone', onFile.phone))) return true;
    return purposes.includes('transcript_recording') && (await conversationData(this.deps.conversationData, context)).recordingOff === true;
  }

  private async validateWhich(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return true;
    return readPurposes(prompt.context.activity.text ?? '').purposes.some((p) => OPT_IN_PURPOSES.includes(p));
  }

  protected override async onEndDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    await closeAbandoned(this.deps, context, instance, reason, this.dialogs);
    await super.onEndDialog(context, instance, reason);
  }
}

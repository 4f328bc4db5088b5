import {
  ChoicePrompt,
  ComponentDialog,
  WaterfallDialog,
  type Dialog,
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import type { Classification } from '../../services/nlu/router';
import { asksToOptIn, readPurposes, type ChoicePurpose, type PurposeReading } from '../../services/privacy/requests/purposes';
import { conversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { choicePrompt, message } from '../wire';
import { optOutConfirmation } from './opt-out-text';
import { withReceipt, type RightsDialogDeps } from './rights-deps';

export const OPT_OUT_DIALOG = 'optOut';
export const CONTACT_INFO_DIALOG_ID = 'contactInfo';

const FLOW = 'optOutFlow';
const WHICH = 'optOutWhich';

const CHOICES: { label: string; purposes: ChoicePurpose[] }[] = [
  { label: 'Marketing emails', purposes: ['marketing_email'] },
  { label: 'Marketing calls and texts', purposes: ['marketing_phone'] },
  { label: 'Sharing with third parties', purposes: ['third_party_sharing'] },
  { label: 'Recording my chats', purposes: ['transcript_recording'] },
  { label: 'All of these', purposes: ['marketing_email', 'marketing_phone', 'third_party_sharing', 'transcript_recording'] },
];

const OPT_IN_REPLY =
  "Sorry, I can only switch marketing, data sharing and chat recording off in this chat, not back on, so I haven't changed anything: " +
  'what you turned off stays off.';

export interface OptOutDialogDeps extends RightsDialogDeps {
  /** The privacy feature's ContactInfoDialog (id 'contactInfo'): asks for an address with the contact notice and saves it. */
  contactInfo: Dialog;
}

interface Values {
  reading: PurposeReading;
}

/**
 * Opt-outs, objections and consent withdrawals (P7, P8, P11) from any turn: understands in one
 * message what to stop (one clarifying question at most), ties a marketing opt-out to the address
 * on file (asking only when there is none), applies it at once and confirms exactly what changed,
 * with a receipt.
 */
export class OptOutDialog extends ComponentDialog {
  constructor(private readonly deps: OptOutDialogDeps) {
    super(OPT_OUT_DIALOG);
    this.addDialog(deps.contactInfo);
    this.addDialog(new ChoicePrompt(WHICH, (p) => this.validateWhich(p)));
    this.addDialog(new WaterfallDialog(FLOW, [this.understandStep.bind(this), this.addressStep.bind(this), this.applyStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async understandStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { classification } = (step.options ?? {}) as { classification?: Classification };
    const said = classification?.text ?? step.context.activity.text ?? '';
    if (asksToOptIn(said)) {
      // Never carried out as the opt-out its words also describe.
      await step.context.sendActivity(message(OPT_IN_REPLY, undefined, ['Stop marketing or data sharing', 'See the data you hold about me']));
      return step.endDialog();
    }
    const reading = readPurposes(said);
    (step.values as Values).reading = reading;
    if (reading.purposes.length > 0) return step.next();
    return step.prompt(WHICH, choicePrompt('Sure. What would you like me to stop?', 'Please pick what to stop, or say it in your own words.', CHOICES.map((c) => c.label)));
  }

  private async addressStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    if (values.reading.purposes.length === 0) {
      const picked = step.result as FoundChoice | undefined;
      const purposes = picked ? CHOICES[picked.index].purposes : readPurposes(step.context.activity.text ?? '').purposes;
      values.reading = { ...values.reading, purposes };
    }
    const missing = await this.deps.services.optOuts.missingAddresses(userIdOf(step.context.activity), values.reading.purposes);
    if (missing.length === 0) return step.next();
    return step.beginDialog(CONTACT_INFO_DIALOG_ID, {
      fields: missing,
      optional: missing,
      purpose: 'put that address on our do-not-market list, so our marketing system never contacts it',
    });
  }

  private async applyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { reading } = step.values as Values;
    const given = (step.result ?? {}) as { email?: string; phone?: string };
    const { activity } = step.context;
    if (reading.purposes.includes('transcript_recording')) {
      // From this message on: the transcript middleware reads this flag at the end of the turn.
      const data = await conversationData(this.deps.conversationData, step.context);
      data.recordingOff = true;
    }
    const result = await this.deps.services.optOuts.apply({
      userId: userIdOf(activity),
      conversationId: activity.conversation.id,
      channel: activity.channelId,
      purposes: reading.purposes,
      kind: reading.kind,
      addresses: { email: given.email, phone: given.phone },
      source: 'opt-out dialog',
    });
    await step.context.sendActivity(withReceipt(optOutConfirmation(result, reading.kind), result.request));
    return step.endDialog(result.changed);
  }

  private async validateWhich(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return true;
    return readPurposes(prompt.context.activity.text ?? '').purposes.length > 0;
  }
}

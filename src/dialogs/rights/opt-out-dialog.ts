import type { TurnContext } from 'botbuilder';
import {
  WaterfallDialog,
  type Dialog,
  type DialogInstance,
  type DialogReason,
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChoicePrompt } from '../shared/choice-prompt';
import type { Intent } from '../../services/nlu/labels';
import type { Classification } from '../../services/nlu/router';
import { asksToOptIn, phoneException, readPurposes, saysAlreadyOptedOut, takesBackOptOut, type ChoicePurpose, type PurposeReading } from '../../services/privacy/requests/purposes';
import { conversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { choicePrompt, message } from '../wire';
import { OPT_IN_DIALOG, OptInDialog } from './opt-in-dialog';
import { ALREADY_ASKED_APOLOGY, optOutConfirmation, PURPOSE_CHOICES, ticketStillFollowedUp } from './opt-out-text';
import { closeAbandoned, maskAddress, withReceipt, type RightsDialogDeps } from './rights-deps';
import { innerStack } from '../open-question';
import { FeatureDialog } from '../shared/feature-dialog';
import { DO_NOT_MARKET_PURPOSE, type ContactInfoOptions } from '../privacy/contact-info-dialog';
import { contactsTyped } from './contacts-typed';
import { takenBackPurposes } from './change-of-mind';

export const OPT_OUT_DIALOG = 'optOut';
export const CONTACT_INFO_DIALOG_ID = 'contactInfo';

const FLOW = 'optOutFlow';
const WHICH = 'optOutWhich';
const BOTH_PHONE = 'optOutBothPhone';
const PHONE_BOTH_OFF = 'Turn off calls and texts';
const PHONE_LEAVE_ON = 'Leave them on';


export interface OptOutDialogDeps extends RightsDialogDeps {
  /** The privacy feature's ContactInfoDialog (id 'contactInfo'): asks for an address with the contact notice and saves it. */
  contactInfo: Dialog;
}

interface Values {
  reading: PurposeReading;
  /** Set when the user named only calls or only texts with the other as an exception, and was asked. */
  askedPhone?: boolean;
  /** The opt-out once applied: its request (an address given afterwards is added to it) and what it turned off. */
  applied?: { requestId: string; changed: ChoicePurpose[] };
  /** The user said they had asked us to stop before ("i unsubscribed already"). */
  alreadyAsked?: boolean;
  /** The address or number typed with the request ("stop emailing me, my email is ..."): offered back, not asked for. */
  given?: { email?: string; phone?: string };
}

/**
 * Opt-outs, objections and consent withdrawals (P7, P8, P11) from any turn: understands in one
 * message what to stop (one clarifying question at most), ties a marketing opt-out to the address
 * on file (asking only when there is none), applies it at once and confirms exactly what changed,
 * with a receipt.
 */
export class OptOutDialog extends FeatureDialog {
  constructor(private readonly deps: OptOutDialogDeps) {
    super(OPT_OUT_DIALOG);
    this.addDialog(deps.contactInfo);
    this.addDialog(new OptInDialog(deps));
    this.addDialog(new ChoicePrompt(WHICH, (p) => this.validateWhich(p)));
    this.addDialog(new ChoicePrompt(BOTH_PHONE));
    this.addDialog(
      new WaterfallDialog(FLOW, [this.understandStep.bind(this), this.phoneStep.bind(this), this.applyStep.bind(this), this.addressStep.bind(this), this.suppressStep.bind(this)]),
    );
    this.initialDialogId = FLOW;
  }

  private async understandStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { classification } = (step.options ?? {}) as { classification?: Classification };
    const said = classification?.text ?? step.context.activity.text ?? '';
    // "actually no keep sending them" right after an opt-out: offered back what was just turned off.
    const takenBack = takenBackPurposes(step.context);
    if (takenBack) return step.replaceDialog(OPT_IN_DIALOG, { purposes: takenBack, changedMind: true });
    // Never carried out as the opt-out its words also describe.
    if (asksToOptIn(said)) return step.replaceDialog(OPT_IN_DIALOG, { text: said });
    const reading = readPurposes(said);
    (step.values as Values).reading = reading;
    (step.values as Values).alreadyAsked = saysAlreadyOptedOut(said);
    (step.values as Values).given = contactsTyped(said, step.context.activity.text);
    if (reading.purposes.length > 0) return step.next();
    return step.prompt(WHICH, choicePrompt('Sure. What would you like me to stop?', 'Please pick what to stop, or say it in your own words.', PURPOSE_CHOICES.map((c) => c.label)));
  }

  /**
   * "Stop texting me but calls are fine": marketing calls and texts are one setting, so the user is
   * told so and chooses, instead of both going off silently (or neither).
   */
  private async phoneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    const said = step.context.activity.text ?? '';
    if (values.reading.purposes.length === 0) {
      const picked = step.result as FoundChoice | undefined;
      const purposes = picked ? PURPOSE_CHOICES[picked.index].purposes : readPurposes(said).purposes;
      values.reading = { ...values.reading, purposes };
    }
    const exception = values.reading.purposes.includes('marketing_phone') ? phoneException(said) : undefined;
    if (!exception) return step.next();
    values.askedPhone = true;
    const others = values.reading.purposes.filter((p) => p !== 'marketing_phone');
    const text =
      `Our marketing calls and texts are one setting, so I can't stop only the ${exception.stop} and keep the ${exception.keep}: ` +
      `shall I turn off both, or leave both on?${others.length > 0 ? ` (The rest of what you asked I'll turn off either way.)` : ''} ` +
      'Calls and messages about your own support requests are not marketing and are not affected.';
    return step.prompt(BOTH_PHONE, choicePrompt(text, 'Please pick one: turn off marketing calls and texts, or leave them on.', [
      { value: PHONE_BOTH_OFF, synonyms: ['both', 'turn off both', 'yes', 'off', 'stop both', 'turn them off'] },
      { value: PHONE_LEAVE_ON, synonyms: ['leave both on', 'no', 'keep them', 'leave them', 'on'] },
    ]));
  }

  /** Applied before any address is asked: an opt-out takes effect at once (P7), answered or not. */
  private async applyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as Values;
    if (values.askedPhone && (step.result as FoundChoice).value === PHONE_LEAVE_ON) {
      const purposes = values.reading.purposes.filter((p) => p !== 'marketing_phone');
      values.reading = { ...values.reading, purposes };
      if (purposes.length === 0) {
        await step.context.sendActivity(message("OK, I've left marketing calls and texts as they were; nothing changed. Just say \"stop calling me\" whenever you want them off."));
        return step.endDialog([]);
      }
    }
    const { reading } = values;
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
      source: 'opt-out dialog',
    });
    values.applied = { requestId: result.request.id, changed: result.changed };
    const missing = await this.deps.services.optOuts.missingAddresses(userIdOf(activity), reading.purposes);
    // Applied again all the same: whatever happened to the first request, it is off from now on.
    const confirmation = optOutConfirmation(result, reading.kind, missing.length > 0);
    const ticket = ticketStillFollowedUp(reading.purposes, await this.deps.openFollowUp?.(step.context));
    const text = [values.alreadyAsked ? ALREADY_ASKED_APOLOGY : undefined, confirmation, ticket].filter(Boolean).join('\n');
    await step.context.sendActivity(withReceipt(text, result.request));
    return step.next(missing);
  }

  /** With no address on file for a marketing opt-out, one is asked for (optional) to put on the do-not-market list. */
  private async addressStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const missing = step.result as ('email' | 'phone')[];
    if (missing.length === 0) return step.endDialog((step.values as Values).applied?.changed);
    const { given = {} } = step.values as Values;
    const typed = Object.fromEntries(missing.filter((f) => given[f] !== undefined).map((f) => [f, given[f]!]));
    return step.beginDialog(CONTACT_INFO_DIALOG_ID, {
      fields: missing,
      optional: missing,
      purpose: DO_NOT_MARKET_PURPOSE,
      ...(Object.keys(typed).length > 0 ? { typed } : {}),
    } satisfies ContactInfoOptions);
  }

  private async suppressStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { applied } = step.values as Values;
    const given = (step.result ?? {}) as { email?: string; phone?: string };
    const request = applied && (await this.deps.services.requests.get(userIdOf(step.context.activity), applied.requestId));
    const added = request ? await this.deps.services.optOuts.addAddresses(request, given) : [];
    if (added.length > 0) {
      const addresses = added.map((s) => maskAddress(s.address)).join(' and ');
      await step.context.sendActivity(message(`Done: ${addresses} ${added.length > 1 ? 'are' : 'is'} now on our do-not-market list too (request ${applied!.requestId}).`));
    } else {
      await step.context.sendActivity(message('Your opt-out stays recorded on your account; tell me your email or phone any time to add it to our do-not-market list.'));
    }
    return step.endDialog(applied?.changed);
  }

  private async validateWhich(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return true;
    return readPurposes(prompt.context.activity.text ?? '').purposes.length > 0;
  }

  /**
   * "Stop sending me offers" while opting back in (at its yes-or-no or its code) is the user
   * changing their mind: the opt-out starts over in place of the opt-in, which is closed with a
   * receipt if it was opened. Another opt-in there answers the open question, as the same kind of
   * request does for the other rights dialogs.
   */
  startsOverFor(instance: DialogInstance, intent: Intent, text: string): boolean {
    // "actually no keep sending them" at the address question (relabelled only right after the
    // opt-out, see change-of-mind.ts) takes it back: the opt-in is offered in its place.
    if (intent === 'opt_out' && takesBackOptOut(text) && innerStack(instance).some((d) => d.id === CONTACT_INFO_DIALOG_ID)) return true;
    if (intent !== 'opt_out' || asksToOptIn(text)) return false;
    // At the optional address question the opt-out is already applied: "stop texting me" or "don't
    // record this" there is another opt-out to carry out, not a wrong address.
    return innerStack(instance).some((d) => d.id === OPT_IN_DIALOG || d.id === CONTACT_INFO_DIALOG_ID);
  }

  protected override async onEndDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    await closeAbandoned(this.deps, context, instance, reason, this.dialogs);
    await super.onEndDialog(context, instance, reason);
  }
}

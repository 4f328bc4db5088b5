import { WaterfallDialog, type DialogTurnResult, type FoundChoice, type WaterfallStepContext } from 'botbuilder-dialogs';
import { ChoicePrompt } from '../shared/choice-prompt';
import { CORRECTABLE_FIELDS, FIELD_LABEL, readCorrectionField, readFieldRemoval, type CorrectableField } from '../../services/privacy/requests/correction';
import { formatAddress } from '../../services/privacy/contact-fields';
import type { ContactFields, PostalAddress } from '../../services/privacy/profile';
import { userIdOf } from '../identity';
import { choicePrompt } from '../wire';
import type { VerifiedRequest } from './privacy-request-dialog';
import { maskAddress, stillOpen, withReceipt, type RightsDialogDeps } from './rights-deps';
import { RIGHTS_FIELD_DIALOG, RightsFieldDialog } from './rights-field-dialog';
import { VERIFY_IDENTITY_DIALOG, VerifyIdentityDialog, type VerifyOptions, type VerifyResult } from './verify-identity-dialog';
import { FeatureDialog } from '../shared/feature-dialog';

export const CORRECTION_DIALOG = 'correctDetails';

const FLOW = 'correctionFlow';
const WHICH = 'correctionWhich';
const CHOICES = CORRECTABLE_FIELDS.map((f) => FIELD_LABEL[f][0].toUpperCase() + FIELD_LABEL[f].slice(1));

/**
 * Correction after verification (P11): name, phone and postal address change at once; a new
 * email is first proven with a code sent to it, and only then becomes the address on file. A
 * request to delete one detail ("remove my phone number") deletes just that.
 */
export class CorrectionDialog extends FeatureDialog {
  constructor(private readonly deps: RightsDialogDeps) {
    super(CORRECTION_DIALOG);
    this.addDialog(new RightsFieldDialog(deps.gate, deps.defaultRegion, deps.privacyContact));
    this.addDialog(new VerifyIdentityDialog(deps));
    this.addDialog(new ChoicePrompt(WHICH, async (p) => p.recognized.succeeded || fieldTypedAt(p.context.activity.text ?? '') !== undefined));
    this.addDialog(new WaterfallDialog(FLOW, [this.whichStep.bind(this), this.askStep.bind(this), this.applyStep.bind(this), this.newEmailStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async whichStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { text } = step.options as VerifiedRequest;
    const removal = readFieldRemoval(text);
    if (removal) return this.remove(step, removal);
    const field = readCorrectionField(text);
    if (field) return step.next(field);
    return step.prompt(WHICH, choicePrompt('Which detail should I correct?', 'Please pick the detail to correct.', [...CHOICES]));
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const picked = step.result as FoundChoice | string | undefined;
    const field: CorrectableField =
      typeof picked === 'string' ? (picked as CorrectableField) : picked ? CORRECTABLE_FIELDS[picked.index] : (fieldTypedAt(step.context.activity.text ?? '') as CorrectableField);
    (step.values as { field?: CorrectableField }).field = field;
    return step.beginDialog(RIGHTS_FIELD_DIALOG, { fields: [field], mode: 'correct' });
  }

  private async applyStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const verified = step.options as VerifiedRequest;
    // Answered in a chat left open after the request was replaced in another: nothing is changed.
    if (!(await stillOpen(this.deps, step.context, verified.request.id))) return step.endDialog();
    const field = (step.values as { field: CorrectableField }).field;
    const value = (step.result as ContactFields | undefined)?.[field];
    if (value === undefined) return this.close(step, 'denied', 'Nothing was changed.', 'no new value given');
    if (field !== 'email') return this.finish(step, { [field]: value } as ContactFields);

    // Proven by a code sent to the new address itself (the verify dialog sends it).
    return step.beginDialog(VERIFY_IDENTITY_DIALOG, { requestId: verified.request.id, purpose: 'new_email', subjects: verified.subjects, newEmail: value as string } satisfies VerifyOptions);
  }

  private async newEmailStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const result = step.result as VerifyResult | undefined;
    if (!result?.verified || !result.newEmail) return this.close(step, 'denied', 'Your email on file is unchanged.', `new email not confirmed${result?.verified === false ? ` (${result.reason})` : ''}`);
    return this.finish(step, { email: result.newEmail });
  }

  private async finish(step: WaterfallStepContext, fields: ContactFields): Promise<DialogTurnResult> {
    const verified = step.options as VerifiedRequest;
    const changed = await this.deps.services.corrections.apply(verified.subjects, fields, { conversationId: step.context.activity.conversation.id });
    const said = changed.map((f) => `your ${FIELD_LABEL[f]} is now ${shown(f, fields)}`).join(', ');
    return this.close(step, 'completed', `Done: ${said}.`, undefined, { fields: changed });
  }

  /** "Remove my phone number": that detail is deleted, nothing else. */
  private async remove(step: WaterfallStepContext, field: CorrectableField): Promise<DialogTurnResult> {
    // The email on file is what proves who is asking: without it no one could verify for this data again.
    if (field === 'email') {
      return this.close(
        step,
        'denied',
        'I can\'t delete only your email address: it is how I check it is really you when you ask about your data. ' +
          'You can change it ("my email changed"), or delete all your data ("delete my data"). Nothing was changed.',
        'the email on file cannot be removed on its own',
      );
    }
    const { subjects } = step.options as VerifiedRequest;
    const removed = await this.deps.services.corrections.remove(subjects, field);
    const said = removed ? `Done: I've deleted your ${FIELD_LABEL[field]} from our records.` : `We had no ${FIELD_LABEL[field]} on file, so nothing needed deleting.`;
    return this.close(step, 'completed', said, undefined, { removed: removed ? [field] : [] });
  }

  private async close(step: WaterfallStepContext, status: 'completed' | 'denied', text: string, note?: string, details?: Record<string, unknown>): Promise<DialogTurnResult> {
    const verified = step.options as VerifiedRequest;
    const userId = userIdOf(step.context.activity);
    const request = await this.deps.services.requests.transition(userId, verified.request.id, status, status === 'completed' ? 'bot' : 'user', { note, details });
    await step.context.sendActivity(withReceipt(`${text} Request ${request.id} is ${status === 'completed' ? 'complete' : 'closed'}.`, request));
    return step.endDialog();
  }
}

/**
 * The detail an answer to "Which detail should I correct?" is about when it picks no option: named
 * in other words ("my emial"), or given as the new value itself (an email address, a phone number).
 */
function fieldTypedAt(text: string): CorrectableField | undefined {
  if (/\S@\S+\.\S/.test(text)) return 'email';
  if (/^\+?[\d\s().-]{7,}$/.test(text.trim())) return 'phone';
  return readCorrectionField(text);
}

/** The new value, masked where it is an address the chat should not spell out again. */
function shown(field: CorrectableField, fields: ContactFields): string {
  if (field === 'address') return formatAddress(fields.address as PostalAddress);
  if (field === 'email' || field === 'phone') return maskAddress(String(fields[field]));
  return String(fields.name);
}

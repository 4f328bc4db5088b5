import type { TurnContext } from 'botbuilder';
import {
  ChoiceFactory,
  Dialog,
  ListStyle,
  WaterfallDialog,
  type DialogInstance,
  type DialogTurnResult,
  type FoundChoice,
  type PromptOptions,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChoicePrompt } from '../shared/choice-prompt';
import { cancelledTicketsText } from '../../services/privacy/erased-handoffs';
import { isQuestion } from '../../services/nlu/question';
import type { ErasureReport, KeptItem } from '../../services/privacy/requests/erasure';
import { userIdOf } from '../identity';
import { isOpen } from '../../services/privacy/requests/request-record';
import { ask } from '../wire';
import type { VerifiedRequest } from './privacy-request-dialog';
import { stillOpen, withReceipt, type RightsDialogDeps } from './rights-deps';
import { onlyAWholeAnswer, wholeAnswerReader, wholeAnswerText } from '../shared/whole-answer';
import { FeatureDialog } from '../shared/feature-dialog';

export const DELETION_DIALOG = 'deleteData';

const FLOW = 'deletionFlow';
const CONFIRM = 'deletionConfirm';
// Plain Yes/No offered as choices: the main dialog lets an offered choice through, where a bare
// "no" to a yes/no question would otherwise be taken for "cancel".
const YES = 'Yes';
const NO = 'No';

// Erasure cannot be undone, so only a whole answer counts (whole-answer.ts).
const readAnswer = wholeAnswerReader({
  yes: ["(?:yes,? )?(?:please )?(?:go ahead and )?delete (?:it|them|it all|everything|all of it|my data)(?: please)?", 'yes,? please delete (?:it|my data)'],
  no: ["no,? (?:don'?t|do not) delete (?:it|my data)", "(?:no,? )?(?:please )?(?:don'?t|do not) delete (?:it|them|anything|my data)", '(?:no,? )?keep (?:it|them|my data)'],
});
/** "What will you keep?": the confirmation says the law makes some records stay. */
const ASKS_WHAT_STAYS = /\b(?:what|which)\b.*\b(?:keep|kept|stays?|remains?|left|won'?t (?:be )?delete)/;
/** "What about my billing records?": a question about what this erasure keeps, not a billing request. */
const NAMES_BILLING_RECORDS = /\b(?:billing|invoices?|payments?|receipts?)\b/;

/**
 * The yes/no question before an erasure, whole account or one chat. What erases is decided by the
 * validator's whole answers alone (onlyAWholeAnswer). The synonyms only tell the main dialog that
 * "ok" or "don't" here answer this question, so they reach the validator instead of being taken for
 * small talk or a request; `deleteSaid` adds the words for deleting that name what goes.
 */
export function deletionQuestion(question: string, retry: string, deleteSaid: string[], asked?: AskedAt): PromptOptions {
  return {
    prompt: ask(question, 'choice', [YES, NO]),
    retryPrompt: ask(retry, 'choice', [YES, NO]),
    ...(asked ? { validations: asked } : {}),
    choices: ChoiceFactory.toChoices([
      { value: YES, synonyms: ['y', 'yes please', ...deleteSaid, 'go ahead', 'ok', 'sure'] },
      { value: NO, synonyms: ['n', 'no thanks', 'keep', 'keep it', "don't"] },
    ]),
    style: ListStyle.none,
  };
}

/** When the erasure question was last put to the user, and how to put it again to one who left and came back. */
export interface AskedAt {
  at: number;
  /** The question again, saying what will be deleted, for a user back after LEFT_AFTER_MS. */
  restate: string;
  /** The request the question is about: one closed meanwhile is not asked about again (the answer's step says it was closed). */
  requestId?: string;
}

/** Silent this long at the erasure question, the user had left: their next "yes" may be to something else. */
export const LEFT_AFTER_MS = 30 * 60_000;

/**
 * The erasure question's validator, for a user who left it unanswered and came back (the same chat,
 * the next day): anything but a whole "no" gets the question again, saying what will be deleted,
 * and only a "yes" to that erases. A "no" keeps everything, so it counts as it is.
 */
export function unlessBackAfterLeaving<T>(deps: Pick<RightsDialogDeps, 'now' | 'services'>, read: (raw: string | undefined) => 'yes' | 'no' | undefined, then: (prompt: PromptValidatorContext<T>) => Promise<boolean>) {
  return async (prompt: PromptValidatorContext<T>): Promise<boolean> => {
    const asked = prompt.options.validations as AskedAt | undefined;
    const away = asked ? deps.now() - asked.at : 0;
    if (asked) asked.at = deps.now();
    if (!asked || away <= LEFT_AFTER_MS || read(prompt.context.activity.text) === 'no') return then(prompt);
    const request = asked.requestId ? await deps.services.requests.get(userIdOf(prompt.context.activity), asked.requestId) : undefined;
    if (request && !isOpen(request.status)) return then(prompt);
    await prompt.context.sendActivity(ask(asked.restate, 'choice', [YES, NO]));
    return false;
  };
}

/** Whether the answer to deletionQuestion was yes. */
export const saidYesToDeletion = (result: unknown): boolean => (result as FoundChoice | undefined)?.value === YES;

/** "what about my billing records?", and "and my billing records" after the list of what goes. */
function asksAboutBilling(text: string, raw: string): boolean {
  return NAMES_BILLING_RECORDS.test(text) && (isQuestion(raw) || text.startsWith('and '));
}

/** What is said to anything but a whole answer at the erasure question (before the question again). */
function deletionAside(text: string, raw: string, keptByLaw: () => { billing: KeptItem }): string {
  if (asksAboutBilling(text, raw)) {
    return `Your billing records are not deleted here: ${keptLine(keptByLaw().billing)}. Nothing is deleted until you say yes.`;
  }
  if (ASKS_WHAT_STAYS.test(text)) {
    return 'Only what the law requires stays: the record of your privacy requests (number, type, dates and status, nothing else), billing records if you have any (our billing system holds those, not this chat), and, if you opted out of marketing, a one-way fingerprint of that address so we never market to you again. I list exactly what stayed when I am done.';
  }
  return isQuestion(raw) ? "I can't answer that here, but nothing is deleted until you say yes." : 'Nothing is deleted until you say yes.';
}

/**
 * Erasure after verification (P11): says what will go and what the law makes us keep, asks once,
 * erases, and tells the user exactly what was kept and why. The conversation's own state is
 * deleted last, and nothing is saved after it.
 */
export class DeletionDialog extends FeatureDialog {
  constructor(private readonly deps: RightsDialogDeps) {
    super(DELETION_DIALOG);
    // A plain yes or no ends the question; anything else is answered, and nothing is deleted.
    this.addDialog(
      new ChoicePrompt(
        CONFIRM,
        unlessBackAfterLeaving(
          deps,
          readAnswer,
          onlyAWholeAnswer(readAnswer, (text, raw) => `${deletionAside(text, raw, () => deps.services.erasure.keptByLaw())} Shall I delete your data? Please answer yes or no.`),
        ),
      ),
    );
    this.addDialog(new WaterfallDialog(FLOW, [this.confirmStep.bind(this), this.eraseStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  /**
   * A question about billing records at the erasure question is answered by it (what stays and
   * why), not taken by the billing dialog: that left the question for a list of plans.
   */
  readsFirst(_instance: DialogInstance, context: TurnContext): boolean {
    const raw = context.activity.text ?? '';
    const text = wholeAnswerText(raw);
    return asksAboutBilling(text, raw);
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const what =
      "If you go ahead, I'll permanently delete your contact details, devices, consents, support cases, " +
      'chat transcripts and conversation history, and remove your details from support tickets. This cannot be undone. ' +
      'Only what the law requires stays (I will list it). Shall I delete your data?';
    const restate = `Welcome back. Before you left, you asked me to delete all your data and confirmed it's you; nothing has been deleted yet. ${what}`;
    return step.prompt(CONFIRM, deletionQuestion(`Thanks, you're verified. ${what}`, 'Please answer yes or no: shall I delete your data?', ['yes, delete it', 'delete', 'delete it'], { at: this.deps.now(), restate, requestId: (step.options as VerifiedRequest).request.id }));
  }

  private async eraseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const verified = step.options as VerifiedRequest;
    const userId = userIdOf(step.context.activity);
    const { requests, erasure } = this.deps.services;
    // Answered in a chat left open after the request was replaced in another: nothing is erased.
    if (!(await stillOpen(this.deps, step.context, verified.request.id))) return step.endDialog();
    if (!saidYesToDeletion(step.result)) {
      await closeDeclinedDeletion(this.deps, step.context, verified.request.id);
      return step.endDialog();
    }

    const { activity } = step.context;
    const report = await erasure.erase({ userIds: verified.subjects, currentConversation: { id: activity.conversation.id, channelId: activity.channelId } });
    const done = await requests.transition(userId, verified.request.id, 'completed', 'bot', {
      note: 'personal data erased',
      details: { kept: report.kept.map((k) => k.what) },
    });
    await step.context.sendActivity(withReceipt(erasedText(report, done.id), done));

    // Nothing of this conversation may be written back: end every dialog (none resumes), then
    // drop the cached state so the end-of-turn save has nothing to write.
    await step.cancelAllDialogs(true);
    await this.deps.conversationState.delete(step.context);
    return Dialog.EndOfTurn;
  }
}

/** A "no" to an erasure (of all the data, or of this chat): the request is closed as the user's choice, with its receipt. */
export async function closeDeclinedDeletion(deps: RightsDialogDeps, context: TurnContext, requestId: string): Promise<void> {
  const closed = await deps.services.requests.transition(userIdOf(context.activity), requestId, 'withdrawn', 'user', { note: 'the user chose not to delete' });
  await context.sendActivity(withReceipt(`OK, nothing was deleted. Request ${closed.id} is closed.`, closed));
}

/** One kept record as the user reads it: what, why, and for how long. */
function keptLine(k: KeptItem): string {
  return `${k.what}: ${k.why}${k.retentionDays ? ` (kept for ${k.retentionDays} days)` : ''}`;
}

function erasedText(report: ErasureReport, requestId: string): string {
  const lines = report.kept.map((k) => `• ${keptLine(k)}.`);
  const cancelled = cancelledTicketsText(report.ticketsCancelled);
  return [
    `Done. I've deleted your personal data: contact details, devices, consents, support cases, chat transcripts and conversation history, ` +
      `and your details on support tickets. Request ${requestId} is complete.`,
    ...(cancelled ? [cancelled] : []),
    'What we had to keep, and why:',
    ...lines,
    'If you chat with us again, we start from scratch.',
  ].join('\n');
}

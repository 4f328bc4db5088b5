import type { TurnContext } from 'botbuilder';
import {
  Dialog,
  WaterfallDialog,
  type DialogInstance,
  type DialogReason,
  type DialogTurnResult,
  type FoundChoice,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChoicePrompt } from '../shared/choice-prompt';
import type { ConversationErasureSummary } from '../../services/privacy/conversation-erasure';
import { cancelledTicketsText } from '../../services/privacy/erased-handoffs';
import { deleteThisConversation, openThisConversationDeletion } from '../../services/privacy/requests/chat-deletion';
import { conversationData } from '../conversation-data';
import { userIdOf } from '../identity';
import { choicePrompt, message } from '../wire';
import { onlyAWholeAnswer, wholeAnswerReader } from '../shared/whole-answer';
import { closeDeclinedDeletion, deletionQuestion, saidYesToDeletion, unlessBackAfterLeaving } from './deletion-dialog';
import { closeAbandoned, withReceipt, type RightsDialogDeps } from './rights-deps';
import { FeatureDialog } from '../shared/feature-dialog';

export const CHAT_DELETION_DIALOG = 'deleteThisChat';

/** What the dialog ends with: the verified whole-account flow is the caller's to start. */
export type ChatDeletionOutcome = 'all' | 'done';

/** `justThisChat`: the user can't be verified for all their data, so only this chat is offered (no scope question). */
export interface ChatDeletionOptions {
  justThisChat?: boolean;
}

const FLOW = 'chatDeletionFlow';
const SCOPE = 'chatDeletionScope';
const CONFIRM = 'chatDeletionConfirm';
const JUST_THIS_CHAT = 'Just this chat';
const ALL_MY_DATA = 'All my data';

// It cannot be undone either, so only a whole answer erases, as for the whole account (whole-answer.ts).
const readAnswer = wholeAnswerReader({
  yes: ['(?:yes,? )?(?:please )?(?:go ahead and )?delete (?:it|this chat|the chat|this conversation)(?: please)?'],
  no: ["(?:no,? )?(?:please )?(?:don'?t|do not) delete (?:it|this chat|the chat|anything)", '(?:no,? )?keep (?:it|this chat|the chat)'],
});

/**
 * "Delete this chat" (P11): most people mean this conversation, and may have no email on file to
 * be verified with. Asks which they mean. "All my data" goes back to the verified flow; "Just this
 * chat" needs no code (whoever types here wrote what is erased) and opens a deletion request with
 * scope 'conversation'; it asks once for a plain yes, erases what this conversation collected as
 * the under-13 path does, and stops recording for the rest of the chat. A "no", "cancel" or another
 * request closes the request instead, as for the whole account.
 */
export class ChatDeletionDialog extends FeatureDialog {
  constructor(private readonly deps: RightsDialogDeps) {
    super(CHAT_DELETION_DIALOG);
    this.addDialog(new ChoicePrompt(SCOPE));
    // A plain yes or no ends the question; anything else is answered, and nothing is deleted.
    this.addDialog(new ChoicePrompt(CONFIRM, unlessBackAfterLeaving(deps, readAnswer, onlyAWholeAnswer(readAnswer, () => 'Nothing is deleted until you say yes. Shall I delete this chat? Please answer yes or no.'))));
    this.addDialog(new WaterfallDialog(FLOW, [this.scopeStep.bind(this), this.confirmStep.bind(this), this.eraseStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async scopeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if ((step.options as ChatDeletionOptions | undefined)?.justThisChat) return step.next({ value: JUST_THIS_CHAT } satisfies Partial<FoundChoice>);
    return step.prompt(
      SCOPE,
      choicePrompt(
        'Do you want me to delete just this chat, or all the data we hold about you? Just this chat needs nothing more from you. ' +
          'All your data is erased only after I check it is you, with a code sent to the email address on file.',
        'Please pick one: just this chat, or all my data.',
        [
          { value: JUST_THIS_CHAT, synonyms: ['this chat', 'just this conversation', 'this conversation', 'only this chat', 'just the chat', 'the chat'] },
          { value: ALL_MY_DATA, synonyms: ['all', 'everything', 'all of it', 'all my data', 'my account', 'delete all my data'] },
        ],
      ),
    );
  }

  private async confirmStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    if ((step.result as FoundChoice).value === ALL_MY_DATA) return step.endDialog('all' satisfies ChatDeletionOutcome);
    const { activity } = context;
    const opened = await openThisConversationDeletion(this.deps.services.requests, {
      userId: userIdOf(activity),
      conversationId: activity.conversation.id,
      channel: activity.channelId,
    });
    // On the instance, where onEndDialog (closeAbandoned) finds it after a "cancel" or another request.
    Object.assign(step.values, { requestId: opened.id });
    const instance = step.parent?.activeDialog;
    if (instance) Object.assign(instance.state, { requestId: opened.id });
    const question =
      "If you go ahead, I'll permanently delete what this chat collected: its transcript, the contact and device details you gave here, " +
      'the support case and tickets it opened, and the consents you gave in it; then I stop recording the rest of this chat. ' +
      'What you gave us in other chats stays. This cannot be undone. Shall I delete this chat?';
    const offered = (step.options as ChatDeletionOptions | undefined)?.justThisChat ? "What I can do right now, with no code, is delete this chat, since you wrote what's in it. " : '';
    const text = `${offered}${question}`;
    const restate = `Welcome back. Before you left, you asked me to delete this chat; nothing has been deleted yet. ${question}`;
    return step.prompt(CONFIRM, deletionQuestion(text, 'Please answer yes or no: shall I delete this chat?', ['delete it', 'delete this chat'], { at: this.deps.now(), restate, requestId: opened.id }));
  }

  private async eraseStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { context } = step;
    const { requestId } = step.values as { requestId: string };
    if (!saidYesToDeletion(step.result)) {
      await closeDeclinedDeletion(this.deps, context, requestId);
      return step.endDialog('done' satisfies ChatDeletionOutcome);
    }
    const data = await conversationData(this.deps.conversationData, context);
    const { activity } = context;
    const { request, summary } = await deleteThisConversation(
      { requests: this.deps.services.requests, erase: this.deps.eraseConversation },
      { userId: userIdOf(activity), conversationId: activity.conversation.id, requestId, caseId: data.caseId },
    );
    const justThisChat = (step.options as ChatDeletionOptions | undefined)?.justThisChat === true;
    await context.sendActivity(withReceipt(erasedText(summary, request.id, justThisChat ? this.deps.privacyContact : undefined), request));
    // Nothing erased may come back: no dialog resumes (a flow's unsaved steps go with the state),
    // and the rest of the chat is not recorded (the transcript middleware reads recordingOff at the
    // end of this turn, so this turn's "yes" is not written either).
    await step.cancelAllDialogs(true);
    await this.deps.conversationState.clear(context);
    await this.deps.conversationData.set(context, { noticesShown: {}, recordingOff: true });
    return Dialog.EndOfTurn;
  }

  /** "cancel" or another request at the yes/no question closes the opened request with a receipt. */
  protected override async onEndDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    await closeAbandoned(this.deps, context, instance, reason);
    await super.onEndDialog(context, instance, reason);
  }
}

/** `unverifiable`: the privacy team's address, for a user who could not be verified for the rest (no email on file). */
function erasedText(s: ConversationErasureSummary, requestId: string, unverifiable?: string): string {
  const erased = ['the transcript of this chat'];
  if (s.profileFields.length) erased.push(`the contact details you gave here (${s.profileFields.join(', ')})`);
  if (s.devices) erased.push(`${s.devices === 1 ? 'the device' : `${s.devices} devices`} you added here`);
  if (s.cases) erased.push(`the support case${s.cases === 1 ? '' : 's'} this chat opened`);
  if (s.handoffs) erased.push(`the support ticket${s.handoffs === 1 ? '' : 's'} from this chat`);
  if (s.consents) erased.push('the consents you gave here');
  const list = erased.length === 1 ? erased[0] : `${erased.slice(0, -1).join(', ')} and ${erased.at(-1)}`;
  const cancelled = cancelledTicketsText(s.ticketsCancelled);
  return [
    `Done. I've deleted ${list}. Request ${requestId} is complete.`,
    ...(cancelled ? [cancelled] : []),
    "I've stopped recording: nothing more of this chat is kept.",
    'What stays: what you gave us in other chats, any opt-out you made here (it stays in force), and the record of this request ' +
      '(number, type, dates and status). ' +
      // Told "delete all my data" needs the email on file, which this user has not got.
      (unverifiable ? `For anything else we hold about you, write to ${unverifiable}.` : 'To erase everything we hold about you, say "delete all my data".'),
  ].join('\n');
}

import type { TurnContext } from 'botbuilder';
import { type DialogReason, WaterfallDialog, type DialogInstance, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Intent } from '../../services/nlu/labels';
import type { Classification } from '../../services/nlu/router';
import { EXPORT_FILE_NAME, withRequestAsItStands } from '../../services/privacy/requests/data-export';
import { type PrivacyRequest, type RequestType } from '../../services/privacy/requests/request-record';
import { userIdOf } from '../identity';
import { namesThisConversation } from '../../services/privacy/requests/chat-deletion';
import { readFieldRemoval } from '../../services/privacy/requests/correction';
import { contactsTyped } from './contacts-typed';
import { CHAT_DELETION_DIALOG, ChatDeletionDialog, type ChatDeletionOptions, type ChatDeletionOutcome } from './chat-deletion-dialog';
import { CORRECTION_DIALOG, CorrectionDialog } from './correction-dialog';
import { DELETION_DIALOG, DeletionDialog } from './deletion-dialog';
import { closeAbandoned, withReceipt, type RightsDialogDeps } from './rights-deps';
import { openAndVerify, settleVerification, VerifyIdentityDialog, type VerifyResult } from './verify-identity-dialog';
import { FeatureDialog } from '../shared/feature-dialog';

export const PRIVACY_REQUEST_DIALOG = 'privacyRequest';

const TYPE_OF: Partial<Record<Intent, RequestType>> = { data_access: 'access', data_correction: 'correction', data_deletion: 'deletion' };

/** What the type-specific sub-dialogs receive. */
export interface VerifiedRequest {
  request: PrivacyRequest;
  /** The accounts the verified identity covers. */
  subjects: string[];
  /** The user's own words, e.g. which field a correction is about. */
  text: string;
}

const FLOW = 'privacyRequestFlow';

/** What is not done for a user with no address on file to be verified with. */
const WITHOUT_PROOF: Partial<Record<RequestType, string>> = {
  access: 'show you the data we hold about you',
  correction: 'change your details',
  deletion: 'delete all the data we hold about you',
};

/**
 * Access, correction and deletion requests (P9, P11): each is recorded with a receipt, then the
 * user's identity is verified (a state of the request), and only then is anything personal
 * shown, changed or erased.
 */
export class PrivacyRequestDialog extends FeatureDialog {
  constructor(private readonly deps: RightsDialogDeps) {
    super(PRIVACY_REQUEST_DIALOG);
    this.addDialog(new VerifyIdentityDialog(deps));
    this.addDialog(new CorrectionDialog(deps));
    this.addDialog(new DeletionDialog(deps));
    this.addDialog(new ChatDeletionDialog(deps));
    this.addDialog(new WaterfallDialog(FLOW, [this.scopeStep.bind(this), this.openStep.bind(this), this.verifiedStep.bind(this), this.doneStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  /**
   * "Delete this chat" asks first whether the user means just this conversation (no verification)
   * or all their data (the verified flow below). No request is opened until they choose.
   */
  private async scopeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { classification } = (step.options ?? {}) as { classification?: Classification };
    const text = classification?.text ?? step.context.activity.text ?? '';
    const asked = TYPE_OF[classification?.intent ?? 'data_access'] ?? 'access';
    // "Delete my address" deletes that detail (a correction), not the whole account.
    const type = asked !== 'access' && readFieldRemoval(text) ? 'correction' : asked;
    Object.assign(step.values, { type, text });
    if (type !== 'deletion' || !namesThisConversation(text)) return step.next();
    // The type on the instance already, so another deletion request here answers the question (startsOverFor).
    const instance = step.parent?.activeDialog;
    if (instance) Object.assign(instance.state, { requestType: type });
    return step.beginDialog(CHAT_DELETION_DIALOG);
  }

  private async openStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { type, text } = step.values as { type: RequestType; text: string };
    if ((step.result as ChatDeletionOutcome | undefined) === 'done') return step.endDialog();
    // "delete my account, my email is ...": the address to prove it is them, offered back rather than
    // asked for. A correction's address is the new one, not the one on file.
    const typedEmail = type === 'correction' ? undefined : contactsTyped(text, step.context.activity.text).email;
    // The type on the instance too: startsOverFor sees only the instance.
    return openAndVerify(step, this.deps, { type }, { instanceState: { requestType: type }, ...(typedEmail ? { typedEmail } : {}) });
  }

  private async verifiedStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { requestId, text, type } = step.values as { requestId: string; text: string; type: RequestType };
    const userId = userIdOf(step.context.activity);
    const { requests, exporter } = this.deps.services;
    const result = step.result as VerifyResult | undefined;
    const noEmail = result?.verified === false && result.reason === 'no_email';
    const settled = await settleVerification(step, this.deps, (id) =>
      noEmail
        ? `Without the email address we have on file I can't check it's really you, so I can't ${WITHOUT_PROOF[type] ?? 'go on with your request'} here, and I've closed request ${id}. ` +
          `Our privacy team can verify you another way: write to ${this.deps.privacyContact}. If you think of an address you may have given us, just ask again.`
        : `Without verifying it's you I can't go on, so I've closed request ${id}. You can ask again at any time, or write to ${this.deps.privacyContact}.`,
    );
    // What this chat collected needs no proof (the person typing here wrote it): that much can go now.
    if (!settled && noEmail && type === 'deletion') return step.beginDialog(CHAT_DELETION_DIALOG, { justThisChat: true } satisfies ChatDeletionOptions);
    if (!settled) return step.endDialog();
    const { request, subjects } = settled;
    const verified: VerifiedRequest = { request, subjects, text };

    switch (request.type) {
      case 'correction':
        return step.beginDialog(CORRECTION_DIALOG, verified);
      case 'deletion':
        return step.beginDialog(DELETION_DIALOG, verified);
      default: {
        const exported = await exporter.export(subjects);
        const done = await requests.transition(userId, requestId, 'completed', 'bot', { note: 'export sent in the chat' });
        const content = withRequestAsItStands(exported, done);
        const reply = withReceipt(
          `Thanks, you're verified. Here is everything we hold about you, as a JSON file (${EXPORT_FILE_NAME}): your contact details, ` +
            'consents and opt-outs with their history, devices, support cases with their steps, support tickets, chat transcripts, ' +
            `which of our staff viewed your contact details and when, and your privacy requests. Request ${done.id} is complete.`,
          done,
        );
        reply.attachments = [{ contentType: 'application/json', name: EXPORT_FILE_NAME, content }];
        await step.context.sendActivity(reply);
        return step.endDialog();
      }
    }
  }

  private async doneStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    return step.endDialog(step.result);
  }

  /**
   * Asking for another kind of request while one is open ("actually, delete my data" while the
   * code for an access request is awaited) starts over with the new kind; the same kind again
   * is an answer to whatever the open one asked.
   */
  startsOverFor(instance: DialogInstance, intent: Intent): boolean {
    const type = TYPE_OF[intent];
    return type !== undefined && type !== (instance.state as { requestType?: RequestType }).requestType;
  }

  /**
   * A request the user abandoned ("cancel") or replaced with another ("no wait, just cancel my
   * subscription") is closed rather than left open, with a receipt, so they see what became of
   * it and find it in their export.
   */
  protected override async onEndDialog(context: TurnContext, instance: DialogInstance, reason: DialogReason): Promise<void> {
    await closeAbandoned(this.deps, context, instance, reason, this.dialogs);
    await super.onEndDialog(context, instance, reason);
  }
}

import type { TurnContext } from 'botbuilder';
import { type DialogTurnResult, TextPrompt, WaterfallDialog, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Classification } from '../../services/nlu/router';
import { asksToStopRemoteAccess, type RemoteAccessConsent } from '../../services/privacy/remote-access';
import { userIdOf } from '../identity';
import { onlyAcknowledges, yesOrNoAgain } from '../shared/clear-answer';
import { ask, message } from '../wire';
import type { NoticeGate } from './notice-gate';
import { FeatureDialog } from '../shared/feature-dialog';

export const REMOTE_ACCESS_DIALOG = 'remoteAccess';

const FLOW = 'remoteAccessFlow';
const CONFIRM = 'remoteAccessConfirm';

// Only an unmistakable yes counts (P6); everything else, including "yes but...", is a no. A bare
// "ok" is neither: it is asked about (see the prompt's validator). Yeses come in twos and threes
// ("sure, go ahead", "yes you can", "ok i agree"): taken as a no, those were refused.
const AGREES = String.raw`(?:y|yes|yes\s+please|i\s+(?:agree|consent|do)|agreed?|sure|yep|yeah|yup|go\s+ahead|please\s+do|you\s+can|of\s+course|absolutely)`;
const CLEAR_YES = new RegExp(String.raw`^(?:ok(?:ay)?[\s,]+)?${AGREES}(?:[\s,]+${AGREES}){0,2}[\s.!]*$`, 'i');

export function isClearYes(text: string): boolean {
  return CLEAR_YES.test(text.trim());
}

export const SCOPE_TEXT =
  'Before a technician connects to your device, here is exactly what you would agree to:\n' +
  '• They work only on the issue you reported, nothing else on your device.\n' +
  '• Only while you are watching: please stay at your device for the whole session.\n' +
  '• You can end it at any moment by saying "stop the remote session".\n\n' +
  'Do you agree to remote access? Please answer yes or no.';

export const REVOKED_TEXT = "Remote access is now off. The technician can't connect to your device any more, and would have to ask you again.";

/** Turn-state mark that this turn's "stop the remote session" was already recorded and confirmed. */
export const REVOCATION_TURN_KEY = Symbol('helpline.remoteAccessRevocation');
export interface RevocationMark {
  /** A current yes existed and was withdrawn. */
  revoked: boolean;
  /** The user has been told. */
  confirmed: boolean;
}

export interface RemoteAccessDialogOptions {
  gate: NoticeGate;
  remoteAccess: RemoteAccessConsent;
  /** A dialog (e.g. the technician handoff) to continue with after a yes; read at run time. */
  continueWith?: string;
}

/**
 * Remote-access consent (P6): states the scope, asks for an explicit yes, reminds the user to
 * stay present, and records the decision with the notice version. "Stop the remote session"
 * withdraws at any time.
 */
export class RemoteAccessDialog extends FeatureDialog {
  constructor(private readonly deps: RemoteAccessDialogOptions) {
    super(REMOTE_ACCESS_DIALOG);
    // Every answer is accepted but a bare "ok" (said after the scope as often to acknowledge it as
    // to agree): the decision step reads anything but a clear yes as a no.
    this.addDialog(
      new TextPrompt(CONFIRM, async (prompt) => {
        if (!onlyAcknowledges(prompt.recognized.value)) return true;
        prompt.options.retryPrompt = yesOrNoAgain('Do you agree to remote access?', 'confirm', ['Yes, I agree', 'No thanks']);
        return false;
      }),
    );
    this.addDialog(new WaterfallDialog(FLOW, [this.askStep.bind(this), this.decideStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = (step.options ?? {}) as { classification?: Classification };
    const text = options.classification?.text ?? step.context.activity.text ?? '';
    if (asksToStopRemoteAccess(text)) {
      await withdrawRemoteAccess(step.context, this.deps.remoteAccess);
      return step.endDialog({ granted: false });
    }
    await this.deps.gate.ensureNotice(step.context, 'remote_access');
    const prompt = ask(SCOPE_TEXT, 'confirm', ['Yes, I agree', 'No thanks']);
    return step.prompt(CONFIRM, { prompt, retryPrompt: prompt });
  }

  private async decideStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const decision = {
      userId: userIdOf(step.context.activity),
      conversationId: step.context.activity.conversation?.id,
      channel: step.context.activity.channelId ?? 'unknown',
      source: 'remote access dialog',
    };
    if (!isClearYes(String(step.result ?? ''))) {
      await this.deps.remoteAccess.refuse(decision);
      await step.context.sendActivity(
        message("OK, no remote access. Nobody will connect to your device. We can keep working on it here in chat, or I can connect you with a technician by chat."),
      );
      return step.endDialog({ granted: false });
    }
    await this.deps.remoteAccess.grant(decision);
    await step.context.sendActivity(
      message(
        "Thanks, I've recorded your consent. Please stay at your device and watch for the whole session. " +
          'The technician will work only on the issue you reported. Say "stop the remote session" at any time and it ends at once.',
      ),
    );
    const options = (step.options ?? {}) as Record<string, unknown>;
    if (this.deps.continueWith) return step.replaceDialog(this.deps.continueWith, { ...options, remoteAccessConsent: true });
    return step.endDialog({ granted: true });
  }
}

/**
 * Withdraws a current yes (recording granted:false) and tells the user, once per turn: the
 * revocation middleware may already have recorded it before a technician relay saw the message.
 */
export async function withdrawRemoteAccess(context: TurnContext, remoteAccess: RemoteAccessConsent): Promise<void> {
  let mark = context.turnState.get(REVOCATION_TURN_KEY) as RevocationMark | undefined;
  if (mark?.confirmed) return;
  if (!mark) {
    const userId = userIdOf(context.activity);
    // Any standing yes is withdrawn, even one too old to start a session with.
    const granted = (await remoteAccess.latestDecision(userId))?.granted === true;
    if (granted) {
      await remoteAccess.refuse({
        userId,
        conversationId: context.activity.conversation?.id,
        channel: context.activity.channelId ?? 'unknown',
        source: 'revocation',
      });
    }
    mark = { revoked: granted, confirmed: false };
  }
  await context.sendActivity(
    message(
      mark.revoked ? REVOKED_TEXT : "There's no remote access to stop: nobody has permission to connect to your device.",
    ),
  );
  context.turnState.set(REVOCATION_TURN_KEY, { ...mark, confirmed: true });
}

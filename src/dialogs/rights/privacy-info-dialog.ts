import { WaterfallDialog, type DialogTurnResult, type WaterfallStepContext } from 'botbuilder-dialogs';
import type { Policy } from '../../config';
import type { Classification } from '../../services/nlu/router';
import { answerPrivacyQuestion } from '../../services/privacy/requests/privacy-info';
import { message } from '../wire';
import { FeatureDialog } from '../shared/feature-dialog';

export const PRIVACY_INFO_DIALOG = 'privacyInfo';

const SUGGESTIONS = ['Download my data', 'Stop sending me offers', "Don't record this chat"];

/** Privacy questions (cookies, retention, sharing, security, what is collected) answered from the configuration. */
export class PrivacyInfoDialog extends FeatureDialog {
  constructor(private readonly policy: Policy) {
    super(PRIVACY_INFO_DIALOG);
    this.addDialog(new WaterfallDialog('privacyInfoFlow', [this.answerStep.bind(this)]));
    this.initialDialogId = 'privacyInfoFlow';
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { classification } = (step.options ?? {}) as { classification?: Classification };
    const question = classification?.text ?? step.context.activity.text ?? '';
    await step.context.sendActivity(message(answerPrivacyQuestion(question, this.policy), undefined, SUGGESTIONS));
    return step.endDialog();
  }
}

import { ComponentDialog, Dialog, type DialogContext, type DialogTurnResult } from 'botbuilder-dialogs';
import { repromptInnermost } from '../open-question';

/**
 * The base of every feature's component dialog. botbuilder's ComponentDialog, resumed after a
 * dialog pushed on top of it ends (a billing question asked at the email question of a handoff),
 * asks again through an inner context without a parent; a dialog the feature began from its
 * parent's set ('handoff', 'deviceInfo', 'contactInfo') cannot be found there and the turn fails.
 * This asks again through contexts that keep their parents, as every other reprompt here does.
 */
export abstract class FeatureDialog<O extends object = {}> extends ComponentDialog<O> {
  override async resumeDialog(outerDC: DialogContext): Promise<DialogTurnResult> {
    await this.checkForVersionChange(outerDC);
    await repromptInnermost(outerDC);
    return Dialog.EndOfTurn;
  }
}

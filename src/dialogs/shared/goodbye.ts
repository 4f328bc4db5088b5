import type { TurnContext } from 'botbuilder';
import { SIGN_OFF } from '../../services/handoff/handoff-texts';
import { getClassification, isSure, routableText } from '../classification';

export { SIGN_OFF };

// A yes inside the goodbye ("yes please, thanks") still accepts the offer.
const SAYS_YES = /\b(?:yes|yeah|yep|yup|sure|please)\b/i;

/**
 * "ok thanks", "thank you bye", "no thanks that's all" said at an offer: the user is done, which
 * is a no and is told goodbye (the recognizers read the "ok" as a yes). `onlyDeclines` are the
 * offer's own refusals ("no thanks" to a follow-up), which decline it and keep the chat open.
 */
export function leavesWithThanks(context: TurnContext, onlyDeclines: (said: string) => boolean): boolean {
  const said = routableText(context.activity.text).toLowerCase().replace(/[\s.!]+$/, '');
  return isSure(getClassification(context), 'goodbye') && !onlyDeclines(said) && !SAYS_YES.test(said);
}

import type { TurnContext } from 'botbuilder';
import { wholeAnswerText } from './whole-answer';
import { CANCEL_WORDS as WORDS, SAYS_CANCEL } from '../../services/nlu/cancel-words';

export { SAYS_CANCEL };

const ONLY_CANCEL = new RegExp(`^(?:${WORDS})$`);

// A word for stopping first, then nothing or what it stops: "cancel my request", "stop this please".
// Not "Stop Road, Leeds" or "12 Bus Stop Lane", answers to an address question.
const CANCEL_FIRST = new RegExp(`^(?:(?:please|ok|okay|actually|no),?\\s+)?(?:${WORDS})(?:[\\s,]+(?:it|this|that|my|the|please|now|everything)\\b.*)?[\\s.!]*$`, 'i');

/** The message opens with a word for stopping and goes on, if at all, with what it stops ("cancel my request"). */
export function cancelsFirst(text: string): boolean {
  return CANCEL_FIRST.test(text.trim());
}

/** The whole message is a word for stopping and nothing else ("Cancel.", "never mind"). */
export function onlyACancel(raw: string | undefined): boolean {
  return ONLY_CANCEL.test(wholeAnswerText(raw));
}

const STOPPED_KEY = Symbol('helpline.stoppedByUser');

/** The main dialog stopped everything under way on the user's word in this turn. */
export function markStoppedByUser(context: TurnContext): void {
  context.turnState.set(STOPPED_KEY, true);
}

/** Whether the user's message in this turn stopped what was under way (markStoppedByUser). */
export function stoppedByUser(context: TurnContext): boolean {
  return context.turnState.get(STOPPED_KEY) === true;
}

import type { PromptValidatorContext } from 'botbuilder-dialogs';
import { ask, type Expects } from '../wire';

// "ok", "okay", "alright", "got it", a thumbs-up: said right after an explanation (a refund
// verdict, the scope of remote access) they acknowledge it as often as they agree, so they are
// no answer to a question whose yes starts something. botbuilder's English recognizer reads
// "ok" and a thumbs-up as yes. ("Sure" and "yeah" answer a question; they stay a yes.) What
// cannot be undone (erasure, lifting an opt-out) takes a stricter whole answer: whole-answer.ts.
const ONLY_ACKNOWLEDGES = /^(?:ok(?:ay)?|okey|k+|alright|all right|fine|got it|understood|noted|(?:ok(?:ay)?|alright) then|\u{1F44D}|\u{1F44C})[\s.!]*$/iu;

// Plain answers the recognizer misses ("yeah" and "go ahead" are no words of its; nor is "nah").
const ALSO_YES = /^(?:yeah|yea|yup|go ahead|please do|do it)[\s.!]*$/i;
const ALSO_NO = /^(?:nah|no way)[\s.!]*$/i;

/** Whether a reply only acknowledges what was said ("ok", "got it") rather than answering yes or no. */
export function onlyAcknowledges(text: string | undefined): boolean {
  return ONLY_ACKNOWLEDGES.test((text ?? '').trim());
}

/** The short re-ask for a bare "ok": the question again, asked as a yes or a no. */
export function yesOrNoAgain(question: string | undefined, expects: Expects = 'confirm', suggestions = ['Yes', 'No']) {
  return ask(`Sorry, is that a yes or a no?${question ? ` ${question}` : ''}`, expects, suggestions);
}

/**
 * A ConfirmPrompt validator for a consequential yes/no question (one whose answer files a request
 * with a person or starts a handoff): a bare "ok" gets a short re-ask instead of counting as yes;
 * "yeah", "go ahead" and "nah" count as the answers they are. `then` validates further (a
 * prompt's own validator), given the recognized answer.
 */
export function clearYesOrNo(then?: (prompt: PromptValidatorContext<boolean>) => Promise<boolean>) {
  return async (prompt: PromptValidatorContext<boolean>): Promise<boolean> => {
    const text = prompt.context.activity.text ?? '';
    if (onlyAcknowledges(text)) {
      const question = (prompt.options.prompt as { text?: string } | undefined)?.text;
      prompt.options.retryPrompt = yesOrNoAgain(question);
      return false;
    }
    const also = ALSO_YES.test(text.trim()) ? true : ALSO_NO.test(text.trim()) ? false : undefined;
    if (!prompt.recognized.succeeded && also !== undefined) Object.assign(prompt.recognized, { succeeded: true, value: also });
    return then ? then(prompt) : prompt.recognized.succeeded;
  };
}

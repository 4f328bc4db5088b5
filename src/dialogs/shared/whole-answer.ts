import type { FoundChoice, PromptValidatorContext } from 'botbuilder-dialogs';
import { ask } from '../wire';

// Questions whose "yes" changes something the user cares about (erasure, lifting an opt-out) take
// only a whole answer: a choice recognizer finds "delete it" inside "hold on, do not delete it" and
// "ok" inside "ok wait, will it cancel my subscription?". Not "ok", "sure" or "yeah": said after an
// explanation they acknowledge it as often as they agree. (A question whose yes only starts a
// handoff or files a request with a person is less strict: clear-answer.ts turns away just "ok".)
const PLAIN_YES = ['y', 'yes', 'yep', 'yup', 'go ahead', 'do it', 'please do', 'yes,? please', "yes,? (?:go ahead|do it|i'?m sure)"];
// "Actually no, keep it", "on second thought, no": a change of mind said as one, before a whole no.
// Not "wait" or "hold on": those ask for a pause ("hold on, do not delete it" is asked again).
const CHANGE_OF_MIND = "(?:(?:actually|on second thoughts?|second thoughts?|hmm+|um+|oh|sorry|you know what),? )";
const PLAIN_NO = ['n', 'no', 'nope', 'nah', 'no thanks', 'no thank you', "no,? (?:don'?t|do not)", "(?:no,? )?(?:please )?(?:don'?t|do not) do it", 'i changed my mind', 'not now'];

/** The answer as the whole-answer patterns see it: lower case, straight apostrophes, no trailing punctuation. */
export function wholeAnswerText(raw: string | undefined): string {
  return (raw ?? '').trim().toLowerCase().replace(/[’`]/g, "'").replace(/[\s.!,]+$/, '').replace(/\s+/g, ' ');
}

/**
 * A reader of whole yes/no answers: the plain ones, plus the question's own phrasings ("delete
 * it", "keep it") as regular-expression alternatives. Anything else is neither.
 */
export function wholeAnswerReader(extra: { yes?: string[]; no?: string[] } = {}): (raw: string | undefined) => 'yes' | 'no' | undefined {
  const yes = new RegExp(`^(?:${[...PLAIN_YES, ...(extra.yes ?? [])].join('|')})$`);
  const no = new RegExp(`^${CHANGE_OF_MIND}?(?:${[...PLAIN_NO, ...(extra.no ?? [])].join('|')})$`);
  return (raw) => {
    const text = wholeAnswerText(raw);
    return yes.test(text) ? 'yes' : no.test(text) ? 'no' : undefined;
  };
}

/**
 * The validator of such a question, asked as a ChoicePrompt with the choices Yes and No in that
 * order: `read` alone decides; any other message with words gets `reply(text)` (the whole-answer
 * text) said with the question, and nothing happens. A validator that sends a reply stops the
 * prompt's own re-ask; a message without words gets that usual re-ask.
 */
export function onlyAWholeAnswer(read: (raw: string | undefined) => 'yes' | 'no' | undefined, reply: (text: string, raw: string) => string) {
  return async (prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> => {
    const raw = prompt.context.activity.text ?? '';
    const answer = read(raw);
    if (answer) {
      prompt.recognized.succeeded = true;
      prompt.recognized.value = { value: answer === 'yes' ? 'Yes' : 'No', index: answer === 'yes' ? 0 : 1, score: 1 };
      return true;
    }
    const text = wholeAnswerText(raw);
    if (!text) return false;
    await prompt.context.sendActivity(ask(reply(text, raw), 'choice', ['Yes', 'No']));
    return false;
  };
}

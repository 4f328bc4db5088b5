import type { Activity, TurnContext } from 'botbuilder';
import {
  ChoiceFactory,
  ChoicePrompt as BotChoicePrompt,
  defaultTokenizer,
  recognizeChoices,
  type Choice,
  type FindChoicesOptions,
  type FoundChoice,
  type ModelResult,
  type PromptOptions,
  type PromptRecognizerResult,
  type PromptValidator,
  TextPrompt,
} from 'botbuilder-dialogs';
import { wholeAnswerText } from './whole-answer';

/** recognizeChoices options that find labels and synonyms only, no numbers or ordinals anywhere in the message. */
export const NAMES_ONLY: FindChoicesOptions = { recognizeNumbers: false, recognizeOrdinals: false };

const CARDINALS = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
// "2", "#2", "2.", "no. 2", "two", "option 2", "number two", "the 2nd one", "second", "the second
// option", "the last one", "2 please": a position and the words around one, nothing else ("no"
// only before digits: "no one" is nobody).
const POSITION = new RegExp(
  `^(?:please )?(?:the )?(?:(?:(?:option|number|no\\.?|choice) ?|#)?(\\d{1,2})(?:st|nd|rd|th)?|(?:(?:option|number|choice) )?(${CARDINALS.join('|')})|(${ORDINALS.join('|')}|last))` +
    `(?: (?:one|option|choice))?(?: please)?$`,
);

/** The option a message picks by its position in the list, when the position is the whole message. */
export function positionPicked(raw: string | undefined, count: number): number | undefined {
  const found = POSITION.exec(wholeAnswerText(raw));
  if (!found) return undefined;
  const [, digits, cardinal, ordinal] = found;
  const index = digits !== undefined ? Number(digits) - 1 : cardinal !== undefined ? CARDINALS.indexOf(cardinal) : ordinal === 'last' ? count - 1 : ORDINALS.indexOf(ordinal);
  return index >= 0 && index < count ? index : undefined;
}

/**
 * recognizeChoices(text, choices, NAMES_ONLY) over a fixed list (a module constant), answering [] at
 * once for a message that is none of its labels and synonyms and shares no word with them, as most
 * messages do: the recognizer compares every synonym with the message word by word, even when no
 * word can match, which cost more than the rest of reading a step's answer. It matches whole
 * strings (case aside) and words as its default tokenizer spells them, so this is the same test.
 */
export function fixedChoiceRecognizer(choices: readonly Choice[]): (text: string) => ModelResult<FoundChoice>[] {
  const list = [...choices];
  const strings = list.flatMap((c) => [c.value, c.action?.title, c.action?.value, ...(c.synonyms ?? [])]).filter((s): s is string => typeof s === 'string');
  const whole = new Set(strings.map((s) => s.toLowerCase()));
  const words = new Set(strings.flatMap((s) => defaultTokenizer(s.trim()).map((t) => t.normalized)));
  return (text) => {
    if (!whole.has(text.toLowerCase()) && !defaultTokenizer(text).some((t) => words.has(t.normalized))) return [];
    return recognizeChoices(text, list, NAMES_ONLY);
  };
}

/**
 * The options a message picks, as botbuilder's recognizeChoices finds them: every label or synonym
 * in it (these carry the synonym found), else the option at the position that is the whole
 * message (positionPicked; no synonym). The stock recognizer takes any number anywhere as a
 * position: "one" in "the offline one", "2" in "I restarted it 2 times".
 */
export function picksIn(text: string, choices: readonly (string | Choice)[]): ModelResult<FoundChoice>[] {
  const list = ChoiceFactory.toChoices([...choices]);
  const named = recognizeChoices(text, list, NAMES_ONLY);
  if (named.length > 0) return named;
  const index = positionPicked(text, list.length);
  if (index === undefined) return [];
  return [{ start: 0, end: text.length - 1, typeName: 'choice', text, resolution: { value: list[index].value, index, score: 1 } }];
}

/**
 * Prompt options whose first asking says something once ("Thanks, I've noted that. Did that fix
 * it?"): asked again after an interruption ("where is that button?"), the question is `thenPrompt`.
 */
export interface OnceOptions extends PromptOptions {
  thenPrompt?: Partial<Activity>;
}

/**
 * botbuilder's ChoicePrompt, except that a number or ordinal picks an option only when it is the
 * whole answer. The stock recognizer takes any number anywhere in the message as a position: "it
 * was on the 3rd" picked the third option ("No thanks") and "I paid 2 times" the second plan.
 * A user who types a position ("2", "the second one") still gets that option.
 */
export class ChoicePrompt extends BotChoicePrompt {
  constructor(dialogId: string, validator?: PromptValidator<FoundChoice>) {
    super(dialogId, validator);
    // A copy: botbuilder writes the turn's locale into it.
    this.recognizerOptions = { ...NAMES_ONLY };
  }

  protected override async onPrompt(context: TurnContext, state: object, options: OnceOptions, isRetry: boolean): Promise<void> {
    await super.onPrompt(context, state, options, isRetry);
    askPlainlyNext(options);
  }

  protected override async onRecognize(context: TurnContext, state: object, options: PromptOptions): Promise<PromptRecognizerResult<FoundChoice>> {
    const result = await super.onRecognize(context, state, options);
    if (result.succeeded) return result;
    const choices = ChoiceFactory.toChoices(options.choices ?? []);
    const index = positionPicked(context.activity.text, choices.length);
    if (index === undefined) return result;
    return { succeeded: true, value: { value: choices[index].value, index, score: 1, synonym: context.activity.text } };
  }
}

/** The options are the dialog's stored state: a reprompt after this one sends the question alone. */
function askPlainlyNext(options: OnceOptions): void {
  if (!options.thenPrompt) return;
  options.prompt = { inputHint: (options.prompt as Partial<Activity> | undefined)?.inputHint, ...options.thenPrompt };
  delete options.thenPrompt;
}

/** botbuilder's TextPrompt taking OnceOptions: "That code isn't right. Please type ..." once, then the question alone. */
export class OnceTextPrompt extends TextPrompt {
  protected override async onPrompt(context: TurnContext, state: object, options: OnceOptions, isRetry: boolean): Promise<void> {
    await super.onPrompt(context, state, options, isRetry);
    askPlainlyNext(options);
  }
}

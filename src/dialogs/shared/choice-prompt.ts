import type { TurnContext } from 'botbuilder';
import { ChoiceFactory, ChoicePrompt as BotChoicePrompt, type FoundChoice, type PromptOptions, type PromptRecognizerResult, type PromptValidator } from 'botbuilder-dialogs';
import { wholeAnswerText } from './whole-answer';

const ORDINALS = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth'];
// "2", "#2", "2.", "option 2", "number 2", "the 2nd one", "second", "the second option", "the last one".
const POSITION = new RegExp(
  `^(?:(?:option|number|no\\.?|choice)\\s*|#)?(\\d{1,2})(?:st|nd|rd|th)?(?:\\s+(?:one|option|choice))?$|` +
    `^(?:the\\s+)?(${ORDINALS.join('|')}|last)(?:\\s+(?:one|option|choice))?$`,
);

/** The option a message picks by its position in the list, when the position is the whole message. */
export function positionPicked(raw: string | undefined, count: number): number | undefined {
  const found = POSITION.exec(wholeAnswerText(raw).replace(/^the\s+(?=\d)/, ''));
  if (!found) return undefined;
  const index = found[1] !== undefined ? Number(found[1]) - 1 : found[2] === 'last' ? count - 1 : ORDINALS.indexOf(found[2]);
  return index >= 0 && index < count ? index : undefined;
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
    this.recognizerOptions = { recognizeNumbers: false, recognizeOrdinals: false };
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

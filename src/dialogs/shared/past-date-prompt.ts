import type { Activity, TurnContext } from 'botbuilder';
import { DateTimePrompt, type DateTimeResolution, type PromptRecognizerResult, type PromptValidatorContext } from 'botbuilder-dialogs';
import { readSpokenDate } from '../../services/spoken-dates';

/**
 * A DateTimePrompt that accepts only a calendar date that is not in the future ("last March",
 * "two weeks ago", "2026-01-05", "the 5th") and yields it as YYYY-MM-DD. An answer that `unknown`
 * recognizes ("I don't remember", or a guess such as "sometime in october i think", date or not)
 * ends the prompt too, with no date: the caller decides what not knowing means, rather than the
 * user being asked again and again. A year alone
 * ("last year") is asked about with the activity in the prompt options' `validations.yearOnly`.
 */
export class PastDatePrompt extends DateTimePrompt {
  constructor(
    id: string,
    private readonly now: () => number = Date.now,
    unknown: (text: string) => boolean = () => false,
  ) {
    super(id, async (prompt: PromptValidatorContext<DateTimeResolution[]>) => {
      if (unknown(prompt.context.activity.text ?? '')) {
        prompt.recognized.value = [];
        return true;
      }
      const values = prompt.recognized.value ?? [];
      const date = firstDate(values);
      // A day the month lacks ("the 31st" in November) comes back as year 1: no date.
      if (date !== undefined && date >= '1970-01-01' && Date.parse(`${date}T00:00:00Z`) <= now()) return true;
      // Read as 1 January, a year alone would put a made-up day into whatever the date decides: the
      // caller's yearOnly message asks for the month and day instead of the plain retry prompt.
      const yearOnly = (prompt.options.validations as { yearOnly?: Partial<Activity> } | undefined)?.yearOnly;
      if (date === undefined && yearOnly && values.some(wholeYear)) {
        await prompt.context.sendActivity(yearOnly);
        return false;
      }
      return false;
    });
  }

  /** Read against the prompt's clock ("3 weeks ago" from now()), as readSpokenDate reads dates. */
  protected override async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<DateTimeResolution[]>> {
    const locale = context.activity.locale || this.defaultLocale || 'en-us';
    const value = readSpokenDate(context.activity.text ?? '', new Date(this.now()), locale) as DateTimeResolution[] | undefined;
    return value ? { succeeded: true, value } : { succeeded: false };
  }
}

/** "last year", "2025": a whole year, which names no day. */
function wholeYear(r: DateTimeResolution): boolean {
  return /^\d{4}$/.test(r.timex ?? '');
}

/**
 * The first resolution that names a calendar day (a range gives its start, but a whole year names
 * none); undefined when the user did not know. A date the calendar lacks ("2026-02-30") resolves to
 * "not resolved" and names none either.
 */
export function firstDate(resolutions: DateTimeResolution[]): string | undefined {
  for (const r of resolutions) {
    const value = r.value ?? (r as { start?: string }).start;
    if (value && !wholeYear(r) && /^\d{4}-\d{2}-\d{2}/.test(value)) return value.slice(0, 10);
  }
  return undefined;
}

import { recognizeDateTime } from '@microsoft/recognizers-text-date-time';
import type { Activity, TurnContext } from 'botbuilder';
import { DateTimePrompt, type DateTimeResolution, type PromptRecognizerResult, type PromptValidatorContext } from 'botbuilder-dialogs';
import { SpellingCorrector } from '../../services/nlu/spelling';

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];

// The words of dates, for reading "tusday" or "yestarday" as the word meant; the recognizer knows no typos.
const DATE_WORDS = new SpellingCorrector(
  new Map(
    [
      ...WEEKDAYS,
      ...['yesterday', 'today', 'week', 'weeks', 'month', 'months', 'year', 'years', 'days'],
      ...['january', 'february', 'march', 'april', 'june', 'july', 'august', 'september', 'october', 'november', 'december', 'last', 'this', 'past', 'before'],
    ].map((w) => [w, 1]),
  ),
);

// "the 5th", "20th": a day of the month said alone, which the recognizer reads only after "on".
const DAY_OF_MONTH = /^\s*(?:the\s+)?(\d{1,2}(?:st|nd|rd|th)|first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth)\s*[.!]?\s*$/i;

/**
 * A DateTimePrompt that accepts only a calendar date that is not in the future ("last March",
 * "two weeks ago", "2026-01-05", "the 5th") and yields it as YYYY-MM-DD. An answer without a date
 * that `unknown` recognizes ("I don't remember") ends the prompt too, with no date: the caller
 * decides what not knowing means, rather than the user being asked again and again. A year alone
 * ("last year") is asked about with the activity in the prompt options' `validations.yearOnly`.
 */
export class PastDatePrompt extends DateTimePrompt {
  constructor(
    id: string,
    private readonly now: () => number = Date.now,
    unknown: (text: string) => boolean = () => false,
  ) {
    super(id, async (prompt: PromptValidatorContext<DateTimeResolution[]>) => {
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
      if (!unknown(prompt.context.activity.text ?? '')) return false;
      prompt.recognized.value = [];
      return true;
    });
  }

  /**
   * Read against the prompt's clock ("3 weeks ago" from now()), with a lone day of the month read as
   * one; a date with a typo ("last tusday") is read again with its words corrected.
   */
  protected override async onRecognize(context: TurnContext): Promise<PromptRecognizerResult<DateTimeResolution[]>> {
    const text = (context.activity.text ?? '').replace(DAY_OF_MONTH, 'on the $1');
    const locale = context.activity.locale || this.defaultLocale || 'en-us';
    const read = (t: string) => readDate(t, locale, new Date(this.now()));
    const value = text ? (read(text) ?? read(text.toLowerCase().replace(/[a-z]+/g, (w) => DATE_WORDS.correct(w) ?? w))) : undefined;
    return value ? { succeeded: true, value } : { succeeded: false };
  }
}

const LAST_WEEKDAY = new RegExp(`^(?:last|past) (${WEEKDAYS.join('|')})$`, 'i');

/**
 * The first date in the text as the recognizer reads it against today, but for three readings of its
 * that would file a wrong day:
 * - "2026-13-45": it reads the "2026" alone, as a year. A date written in numbers and read only in
 *   part is no date.
 * - "last Tuesday" alone it reads as the Tuesday of last week, weeks starting on Monday: said on a
 *   Sunday, 12 days back, further than even an en-US week (from Sunday) would take it, and not the
 *   Tuesday most people mean. It is the most recent such day before today, 1 to 7 days back. The
 *   price: "last Monday" said on a Tuesday is yesterday, where some mean the Monday before; they can
 *   say "Monday last week", which, like "last week Monday", keeps the recognizer's reading.
 * - It counts months with Date.setMonth, which runs past a month's end: on 31 March "last month"
 *   was "31 February", that is 3 March, and read as March. A phrase in months is read from the 1st
 *   of this month instead, and "N months ago" then gets today's day back, clamped to its month's
 *   length ("a month ago" on 31 March: 28 February). A month said as a whole ("last month") gives
 *   its 1st, as a named month ("last March") does.
 * The recognizer works in local time, so these do too.
 */
function readDate(text: string, locale: string, today: Date): DateTimeResolution[] | undefined {
  const read = (reference: Date) => recognizeDateTime(text, locale, undefined, reference)[0];
  const found = read(today);
  if (!found || /\d[-/.]$/.test(text.slice(0, found.start)) || /^[-/.]\d/.test(text.slice(found.end + 1))) return undefined;
  const weekday = LAST_WEEKDAY.exec(found.text);
  if (weekday) {
    const day = new Date(today);
    day.setDate(day.getDate() - ((day.getDay() - WEEKDAYS.indexOf(weekday[1]) + 7) % 7 || 7));
    return [{ timex: ymd(day), type: 'date', value: ymd(day) }];
  }
  if (!/\bmonths?\b/i.test(found.text)) return found.resolution?.values as DateTimeResolution[] | undefined;
  const firstOfMonth = new Date(today);
  firstOfMonth.setDate(1);
  const values = read(firstOfMonth)?.resolution?.values as DateTimeResolution[] | undefined;
  if (!/\bago\b/i.test(found.text)) return values;
  return values?.map((r) => {
    if (!r.value || !/^\d{4}-\d{2}-01$/.test(r.value)) return r;
    const [year, month] = r.value.split('-').map(Number);
    const value = ymd(new Date(year, month - 1, Math.min(today.getDate(), new Date(year, month, 0).getDate())));
    return { ...r, timex: value, value };
  });
}

/** YYYY-MM-DD of a local date, as the recognizer writes them. */
function ymd(d: Date): string {
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
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

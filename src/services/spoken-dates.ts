// Reading a date a user typed ("last Tuesday", "3 months ago", "the 5th") against a given today.
// The refund questions and the device purchase date both read dates this way.
import type * as DateTimeRecognizers from '@microsoft/recognizers-text-date-time';
import { SpellingCorrector } from './nlu/spelling';

/** One reading of a date, as the recognizer resolves it (botbuilder's DateTimeResolution, with its type). */
export interface DateResolution {
  timex?: string;
  type?: string;
  value?: string;
  start?: string;
  end?: string;
}

// The recognizers hold about 20 MB of patterns: they are loaded on the first date a user types,
// not in every process (the CLI, the purge) at start.
let recognizers: typeof DateTimeRecognizers | undefined;
function recognizeDateTime(text: string, locale: string, reference: Date) {
  recognizers ??= require('@microsoft/recognizers-text-date-time') as typeof DateTimeRecognizers;
  return recognizers.recognizeDateTime(text, locale, undefined, reference);
}

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
 * The first date in what the user typed, read against `today` (local time, as the recognizer
 * works): a lone day of the month ("the 5th") is read as one, and a date with a typo ("last
 * tusday") is read again with its words corrected. Undefined when there is no date in it.
 */
export function readSpokenDate(typed: string, today: Date, locale = 'en-us'): DateResolution[] | undefined {
  const text = typed.replace(DAY_OF_MONTH, 'on the $1').replace(ON_DAY_OF_MONTH, '$1 of $2').replace(FORTNIGHT, '2 weeks');
  if (!text) return undefined;
  const values = readDate(text, locale, today) ?? readDate(text.toLowerCase().replace(/[a-z]+/g, (w) => DATE_WORDS.correct(w) ?? w), locale, today);
  return values?.map(withoutRollover);
}

// "a fortnight ago": a word the recognizer lacks.
const FORTNIGHT = /\b(?:a|one) fortnight\b/i;

// "on the 31st of last month": after "on the" the recognizer reads "the 31st" and "last month" apart,
// and the 31st of this month alone; without the "on" it reads the day of last month.
const ON_DAY_OF_MONTH = /\bon the (\d{1,2}(?:st|nd|rd|th)) (?:of )?((?:last|this|previous) month)\b/i;

// A day of the month in a timex: "2026-04-31", "XXXX-XX-31", "XXXX-02-30" (not a week's "XXXX-WXX-1").
export const TIMEX_DAY = /^(?:\d{4}|XXXX)-(?:\d{2}|XX)-(\d{2})$/;

/**
 * A day the month lacks rolls over in the recognizer: "the 31st" said on 1 May is "31 April", that is
 * 1 May, and said in June year 1. Such a reading is "not resolved", as the recognizer says of "30 February".
 */
function withoutRollover(r: DateResolution): DateResolution {
  const day = TIMEX_DAY.exec(r.timex ?? '')?.[1];
  if (!day || !r.value || !/^\d{4}-\d{2}-\d{2}$/.test(r.value) || r.value.endsWith(`-${day}`)) return r;
  return { ...r, value: 'not resolved' };
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
 */
function readDate(text: string, locale: string, today: Date): DateResolution[] | undefined {
  const read = (reference: Date) => recognizeDateTime(text, locale, reference)[0];
  const found = read(today);
  if (!found || /\d[-/.]$/.test(text.slice(0, found.start)) || /^[-/.]\d/.test(text.slice(found.end + 1))) return undefined;
  const weekday = LAST_WEEKDAY.exec(found.text);
  if (weekday) {
    const day = new Date(today);
    day.setDate(day.getDate() - ((day.getDay() - WEEKDAYS.indexOf(weekday[1]) + 7) % 7 || 7));
    return [{ timex: ymd(day), type: 'date', value: ymd(day) }];
  }
  if (!/\bmonths?\b/i.test(found.text)) return found.resolution?.values as DateResolution[] | undefined;
  const firstOfMonth = new Date(today);
  firstOfMonth.setDate(1);
  const values = read(firstOfMonth)?.resolution?.values as DateResolution[] | undefined;
  if (!/\bago\b/i.test(found.text)) return values;
  return values?.map((r) => {
    if (!r.value || !/^\d{4}-\d{2}-01$/.test(r.value)) return r;
    const [year, month] = r.value.split('-').map(Number);
    const value = ymd(new Date(year, month - 1, Math.min(today.getDate(), new Date(year, month, 0).getDate())));
    return { ...r, timex: value, value };
  });
}

/** YYYY-MM-DD of a local date, as the recognizer writes them. */
export function ymd(d: Date): string {
  return `${String(d.getFullYear()).padStart(4, '0')}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
}

// Reading device details out of what a user typed (P4). Same contract as contact-fields.ts.
import { readSpokenDate, TIMEX_DAY, ymd, type DateResolution } from '../spoken-dates';
import type { FieldReading } from './contact-fields';
import { projectBrandNames } from '../nlu/content';

const REMOVED = /\[removed\]/i;
const secretReason = "Part of that was removed because it looked like a password or card number, so I couldn't read it.";

/** `brands`: the makers and product lines a model may be named by (by default those of content/nlu/devices.yaml). */
export function readModel(text: string, brands: ReadonlySet<string> = projectBrandNames()): FieldReading<string> {
  if (REMOVED.test(text)) return { ok: false, reason: secretReason };
  const model = text
    .trim()
    .replace(/^(?:it'?s an?|it is an?|the model is|model:?|an?)\s+/i, '')
    .replace(/[.!]+$/, '')
    .trim();
  if (model.length < 2 || !/[\p{L}\d]/u.test(model)) return { ok: false, reason: 'I need the make and model, like "Echo Dot 5th gen" or "HP LaserJet M110w".' };
  if (model.length > 80) return { ok: false, reason: 'That is longer than a model name usually is; just the make and model, please.' };
  if (!looksLikeModel(model, brands)) return { ok: false, reason: 'That doesn\'t look like a make or model. Here I only need what the device is called, like "iPhone 13" or "HP LaserJet M110w".' };
  return { ok: true, value: model };
}

// Words of a sentence about something else ("i dont have another cable"), which no model name has.
const SENTENCE_WORDS = new Set(
  ("i i'm im me my you your we it it's its is isn't isnt was are have has had don't dont didn't didnt can't cant won't wont doesn't doesnt " +
    'not no yes yeah yep ok okay another any some the this that there here what which when where why how tried try still again just ' +
    'do did done ran run works working fails failed failing says said with without').split(' '),
);

/**
 * A make or model: a maker or product line, a model-like token with a digit ("M110w", "S21"), or a
 * short name without the words sentences are made of ("Kobo Clara"). "i dont have another cable" is none.
 */
function looksLikeModel(model: string, brands: ReadonlySet<string>): boolean {
  const words = model.toLowerCase().match(/[\p{L}\d][\p{L}\d'+-]*/gu) ?? [];
  if (words.some((w) => brands.has(w.replace(/'s$/, '')) || /\d/.test(w))) return true;
  return words.length <= 3 && !words.some((w) => SENTENCE_WORDS.has(w));
}

// "i tried another cable" at the model question: a try the user made, which the guide's steps will ask about.
const TRIED = /\b(?:tried|used|tested|swapped|switched|changed|replaced)\b/i;
const NOT_TRIED = /\b(?:not|never|no|haven'?t|havent|hasn'?t|didn'?t|didnt|can'?t|cant|don'?t|dont)\b[^,.;]*\b(?:tried|used|tested|swapped|switched|changed|replaced)\b/i;
const TRIED_THINGS: [RegExp, string][] = [
  [/\b(?:cables?|cords?|leads?|usb-?c|lightning)\b/i, 'another cable'],
  [/\b(?:chargers?|adapters?|plugs?|power\s+bricks?)\b/i, 'another charger'],
  [/\b(?:sockets?|outlets?|wall|power\s+points?)\b/i, 'another socket'],
];

/**
 * What the user says they already tried ("i tried another cable", "used a different charger and socket"), named
 * in our words, never theirs: "another cable and another charger", "that" for a try of something else. Undefined
 * when no try is told, or it names a make or model, which the model question keeps.
 */
export function triedAlready(text: string): string | undefined {
  const words = text.toLowerCase().match(/[\p{L}\d][\p{L}\d'+-]*/gu) ?? [];
  if (!TRIED.test(text) || NOT_TRIED.test(text) || words.some((w) => projectBrandNames().has(w) || /\d/.test(w))) return undefined;
  const things = TRIED_THINGS.filter(([re]) => re.test(text)).map(([, name]) => name);
  if (things.length === 0) return 'that';
  return things.length > 1 ? `${things.slice(0, -1).join(', ')} and ${things[things.length - 1]}` : things[0];
}

export function readSerial(text: string): FieldReading<string> {
  if (REMOVED.test(text)) return { ok: false, reason: secretReason };
  const serial = text
    .trim()
    .replace(/^(?:the\s+)?(?:serial(?:\s+number)?|s\/n|sn)(?:\s+is)?[:#\s]*/i, '')
    .replace(/[\s.]+$/, '')
    .replace(/\s+/g, '')
    .toUpperCase();
  if (!/^[A-Z0-9][A-Z0-9-]{3,29}$/.test(serial) || !/\d/.test(serial)) {
    return { ok: false, reason: 'Serial numbers are 4 to 30 letters and digits, printed on a label on the device or shown under Settings > About.' };
  }
  return { ok: true, value: serial };
}

const OS_FORMAT = 'Just the system and version, please, like "Windows 11 23H2" or "iOS 18.1".';

// A system by name (and macOS releases, which are mostly called by theirs), a version number ("17.3",
// "build 22631") or a Windows feature update ("23H2").
const NAMES_AN_OS =
  /\b(?:windows|win\s?(?:7|8|10|11|xp)|mac\s?os|os\s?x|osx|ios|ipados|watchos|tvos|visionos|android|chrome\s?os|chromebook|linux|ubuntu|debian|fedora|mint|fire\s?os|tizen|webos|roku|harmonyos|one\s?ui|miui|xp|vista|sequoia|sonoma|ventura|monterey|big\s?sur|catalina|mojave|high\s?sierra|sierra|el\s?capitan|yosemite|tahoe)\b|\b\d{2}h[12]\b|\bbuild\s+\d+|^\s*v?\d+(?:\.\d+){1,3}\s*$|^\s*v\d+\s*$|\b(?:version|ver\.?|v)\s*\d+/i;
// A whole number alone ("2", "10"): which system's version it is, if any, only the question's context can say.
const BARE_NUMBER = /^\s*(\d{1,3})\s*$/;

/** The systems a bare number can be a version of, with the numbers their versions go by. */
const FAMILIES: Record<'Windows' | 'macOS' | 'iOS' | 'iPadOS' | 'Android', { names: RegExp; versions: number[] }> = {
  Windows: { names: /\bwindows\b/i, versions: [7, 8, 10, 11] },
  macOS: { names: /\b(?:mac\s?os|mac|macbook|imac)\b/i, versions: range(10, 26) },
  iOS: { names: /\b(?:ios|iphone)\b/i, versions: range(5, 26) },
  iPadOS: { names: /\b(?:ipados|ipad)\b/i, versions: range(13, 26) },
  Android: { names: /\bandroid\b/i, versions: range(4, 16) },
};
export type OsFamily = keyof typeof FAMILIES;

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from + 1 }, (_, i) => from + i);
}

/** The one system a text names ("Your Windows version helps us ..."), or undefined for none or several. */
export function osFamilyIn(text: string): OsFamily | undefined {
  const named = (Object.keys(FAMILIES) as OsFamily[]).filter((f) => FAMILIES[f].names.test(text));
  return named.length === 1 ? named[0] : undefined;
}
// An error code ("0x80070002", "error 80070005", "0xc1900101"): the problem's detail, no system version.
const ERROR_CODE = /\b0x[0-9a-f]{6,8}\b|\berror(?:\s+code)?:?\s*(?:0x)?[0-9a-f]{8}\b/i;
const ERROR_CODES = new RegExp(ERROR_CODE.source, 'gi');
// Where a system named first gives way to how things went: "Windows 11 but it still fails", "iOS 17.3, i think",
// "Windows 11 (error 0x80070005)".
const CLAUSE_BREAK = /\s*[,;(]\s*|\s+-\s+|\s+(?:but|and|though|although|yet|still|however|which|when|it|its|it's|i|i'm|im)\s+/i;

/** The error codes in a message ("0x80070002", "error 80070005"), joined, or undefined: the device's error detail. */
export function errorCodesIn(text: string): string | undefined {
  const codes = text.match(ERROR_CODES);
  return codes ? [...new Set(codes)].join(', ') : undefined;
}

/**
 * A system and its version, as a user names it: "Windows 11", "iOS 17.3", "macOS Sonoma",
 * "android 14", "23H2", or a bare number of `family` ("10" is "Windows 10"). An error code, a
 * sentence about how a step went or a number alone with no family is not one.
 */
export function readOsVersion(text: string, family?: OsFamily): FieldReading<string> {
  const version = text.trim().replace(/\s+/g, ' ').replace(/[.!]+$/, '');
  if (REMOVED.test(version)) return { ok: false, reason: secretReason };
  // "2" is more often an earlier list's option than a version; after the system is known ("10" at the
  // Windows guide) a number it has a version by is that version.
  const bare = BARE_NUMBER.exec(version);
  if (bare && family && FAMILIES[family].versions.includes(Number(bare[1]))) return { ok: true, value: `${family} ${Number(bare[1])}` };
  if (bare) return { ok: false, reason: family ? `That number isn't a ${family} version.` : "A number alone doesn't say which system it is." };
  if (version.length < 1 || version.length > 80) return { ok: false, reason: OS_FORMAT };
  if (ERROR_CODE.test(version) && !NAMES_AN_OS.test(version.replace(ERROR_CODE, ' '))) {
    return { ok: false, reason: "That looks like an error code, not the system version; I'll note it with the error details." };
  }
  if (!NAMES_AN_OS.test(version)) return { ok: false, reason: OS_FORMAT };
  return { ok: true, value: systemPart(version) };
}

/**
 * "Windows 11 but it still fails" is "Windows 11": the clause after the system is how things went, which is no
 * version. One that names a version too ("Windows 11 Home, version 23H2") is part of it.
 */
function systemPart(version: string): string {
  const brk = CLAUSE_BREAK.exec(version);
  if (!brk) return version;
  const head = version.slice(0, brk.index);
  return NAMES_AN_OS.test(head) && !NAMES_AN_OS.test(version.slice(brk.index + brk[0].length)) ? head : version;
}

const EARLIEST_YEAR = 1980;

/**
 * Reads a purchase date ("last March", "2 years ago", "15 June 2025") relative to `now` and
 * returns it at the precision the user gave: '2025', '2025-03' or '2025-03-14'. Dates in the
 * future are refused.
 */
export function readPurchaseDate(text: string, now: number): FieldReading<string> {
  const reference = new Date(now);
  const today = ymd(reference);
  // Read as the refund dates are, so "last month" on the 31st is last month, not this one.
  const read = (readSpokenDate(text, reference) ?? []).filter((v) => v.type === 'date' || v.type === 'daterange');
  const candidates = read.map(precisionOf).filter((iso): iso is string => iso !== undefined);
  if (candidates.length === 0 && read.some((v) => v.value === 'not resolved' && TIMEX_DAY.test(v.timex ?? ''))) {
    return { ok: false, reason: "That month doesn't have that day. Which day did you mean? The month alone is fine too." };
  }
  if (candidates.length === 0) return { ok: false, reason: 'I couldn\'t work out a date from that. Something like "March 2024", "last March" or "2 years ago" works.' };
  // "March" alone resolves to last March and next March: the past one is the purchase.
  const past = candidates.filter((c) => c <= today).sort();
  const chosen = past[past.length - 1];
  if (!chosen) return { ok: false, reason: "That date is in the future. When did you buy it?" };
  if (Number(chosen.slice(0, 4)) < EARLIEST_YEAR) return { ok: false, reason: 'That seems too long ago. Which year did you buy it?' };
  return { ok: true, value: chosen };
}

// A date range's timex (e.g. '2025-03', '2025') keeps the user's precision, a month said without its
// year ('XXXX-03') too; a date keeps the day. "not resolved" is a day the calendar lacks.
function precisionOf(v: DateResolution): string | undefined {
  if (v.type === 'date' && v.value && /^\d{4}-\d{2}-\d{2}$/.test(v.value)) return v.value;
  if (v.type === 'daterange' && v.timex && /^\d{4}(-\d{2})?$/.test(v.timex)) return v.timex;
  if (v.type === 'daterange' && v.start && /^XXXX-\d{2}$/.test(v.timex ?? '')) return v.start.slice(0, 7);
  if (v.type === 'daterange' && v.start && /^\d{4}-\d{2}-\d{2}$/.test(v.start)) return v.start;
  return undefined;
}

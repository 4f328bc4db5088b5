// Reading device details out of what a user typed (P4). Same contract as contact-fields.ts.
import { readSpokenDate, TIMEX_DAY, ymd, type DateResolution } from '../spoken-dates';
import type { FieldReading } from './contact-fields';

const REMOVED = /\[removed\]/i;
const secretReason = "Part of that was removed because it looked like a password or card number, so I couldn't read it.";

export function readModel(text: string): FieldReading<string> {
  if (REMOVED.test(text)) return { ok: false, reason: secretReason };
  const model = text
    .trim()
    .replace(/^(?:it'?s an?|it is an?|the model is|model:?|an?)\s+/i, '')
    .replace(/[.!]+$/, '')
    .trim();
  if (model.length < 2 || !/[\p{L}\d]/u.test(model)) return { ok: false, reason: 'I need the make and model, like "Echo Dot 5th gen" or "HP LaserJet M110w".' };
  if (model.length > 80) return { ok: false, reason: 'That is longer than a model name usually is; just the make and model, please.' };
  return { ok: true, value: model };
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

export function readOsVersion(text: string): FieldReading<string> {
  const version = text.trim().replace(/\s+/g, ' ');
  if (REMOVED.test(version)) return { ok: false, reason: secretReason };
  if (version.length < 1 || version.length > 80) return { ok: false, reason: 'Just the system and version, please, like "Windows 11 23H2" or "iOS 18.1".' };
  return { ok: true, value: version };
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

// Small helpers the detectors share. Every pattern the detectors use is written so that a
// match can only start at a token boundary and every repetition is bounded or unambiguous:
// that keeps a 10,000-character message linear-time (no catastrophic backtracking).
import type { FindingType, Span } from './types';

export type Detector = (text: string, ctx: DetectContext) => Span[];

export interface DetectContext {
  defaultRegion: string;
  expectingOtp: boolean;
  passwordTalk: boolean;
  cardContinues: boolean;
  secretFollows: boolean;
}

/** Start/end of named group `v` when present, else of the whole match. Patterns must carry the `d` flag. */
export function valueRange(m: RegExpMatchArray): [number, number] {
  const v = m.indices?.groups?.['v'];
  if (v) return [v[0], v[1]];
  const start = m.index ?? 0;
  return [start, start + m[0].length];
}

// One global copy of each pattern, made once: building a RegExp on every call cost more than
// running it on a typical short chat message. Safe to share because scanning is synchronous and
// every scan starts by resetting lastIndex.
const scanners = new WeakMap<RegExp, RegExp>();

function scannerFor(re: RegExp): RegExp {
  let scanner = scanners.get(re);
  if (!scanner) {
    scanner = new RegExp(re.source, re.flags.includes('g') ? re.flags : re.flags + 'g');
    scanners.set(re, scanner);
  }
  scanner.lastIndex = 0;
  return scanner;
}

/**
 * Runs a `d`-flagged pattern (every match when global, else the first) and turns each match (or
 * its `v` group) into a span of `type`, optionally filtered or narrowed by `accept`. When a match
 * is narrowed or rejected, scanning resumes inside it, so a following hit the match had swallowed
 * ("I'm Priya Raman I'm ...") is still found: from its value, or with `rescanLabel` from just after
 * where it started, for a pattern whose words before the value may hold its own label again.
 */
export function spansOf(
  re: RegExp,
  text: string,
  type: FindingType,
  accept?: (value: string, start: number, end: number, m: RegExpMatchArray) => boolean | [number, number],
  rescanLabel = false,
): Span[] {
  const out: Span[] = [];
  const scanner = scannerFor(re);
  let m: RegExpExecArray | null;
  while ((m = scanner.exec(text)) !== null) {
    const at = m.index;
    const matchEnd = at + m[0].length;
    const [start, end] = valueRange(m);
    let resume = Math.max(matchEnd, at + 1);
    const verdict = end > start ? (accept ? accept(text.slice(start, end), start, end, m) : true) : false;
    if (verdict === true) out.push({ type, start, end });
    else if (Array.isArray(verdict) && verdict[1] > verdict[0]) {
      out.push({ type, start: verdict[0], end: verdict[1] });
      if (verdict[1] < matchEnd) resume = Math.max(verdict[1], at + 1);
    } else if (rescanLabel) resume = at + 1;
    else if (start > at) resume = start;
    scanner.lastIndex = resume;
    if (!re.global) break;
  }
  return out;
}

/** The `n` characters before `index`, lower-cased, for label look-behind. */
export function before(text: string, index: number, n: number): string {
  return text.slice(Math.max(0, index - n), index).toLowerCase();
}

/** The names inside our markers ("[removed]", "[EMAIL]", ...), as a pattern source. */
export const PLACEHOLDER_NAMES = '(?:removed|EMAIL|PHONE|NAME|ADDRESS|BIRTHDATE|IP|URL)';
const PLACEHOLDER_START = new RegExp(`^\\[${PLACEHOLDER_NAMES}(?:\\]|$)`);

/** A value that is already one of our markers must not be detected again (idempotence). */
export function isPlaceholder(value: string): boolean {
  return PLACEHOLDER_START.test(value);
}

/** Words that start a new clause, so a multi-word value (a passphrase, a security answer) ends before them. */
/**
 * After a word that would make the number before it no secret (a unit, a connector's pin number):
 * not when that word opens an email address ("483920 x|h.a@example.lk", "pin 3jo@example.com"). Read
 * as a unit, it kept the secret, and once the address was masked a second pass removed it.
 */
export const NOT_IN_ADDRESS = String.raw`(?![^\s@]*@)`;

export const CLAUSE_WORDS = /^(?:and|but|so|because|if|when|which|that|though|although|or|then|i|i'm|im|it|is|was|my|also|plus|can|could|please|thanks)$/i;

// Sentence punctuation that ends a typed value rather than belonging to it.
const TRAILING = /[.,;:)\]}>"'”’»]+$/;

/** Cuts sentence punctuation and closing quotes off the end of a value span. */
export function trimValueEnd(text: string, start: number, end: number): number {
  const m = TRAILING.exec(text.slice(start, end));
  return m ? Math.max(start, end - m[0].length) : end;
}

/** Same as trimValueEnd, but also skips opening quotes at the start. */
export function trimValue(text: string, start: number, end: number): [number, number] {
  let s = start;
  while (s < end && /["'“‘«`]/.test(text[s] ?? '')) s++;
  return [s, trimValueEnd(text, s, end)];
}

// What in a typed step answer turns an answer word round or makes it no answer: the choice
// recognizer finds "fixed" in "not fixed" and "red" in "red and orange" alike, so the step prompt
// asks these before it takes what the recognizer found (see stepAnswerIn in step-reading.ts).

import { NEGATION_REACH, NEGATIVE_WORDS } from '../../services/nlu/normalize';

/** A recognizer match: character positions in the message (end inclusive) and the synonym found there. */
export interface AnswerSpan {
  start: number;
  end: number;
  synonym?: string;
}

interface Word {
  word: string;
  start: number;
}

/** The one-word answers among labels and synonyms ("no", "yes", "red"), as wordsOf spells them. */
export function oneWordAnswers(answers: readonly string[]): Set<string> {
  return new Set(answers.map(wordsOf).filter((w) => w.length === 1).map(([w]) => w.word));
}

/** The message's words, lower case and without apostrophes ("isn't" is one word, "isnt"), with where each starts. */
function wordsOf(text: string): Word[] {
  return [...text.matchAll(/[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu)].map((m) => ({ word: m[0].toLowerCase().replace(/['’]/g, ''), start: m.index ?? 0 }));
}

/**
 * Whether a negation turns the matched answer round: one shortly before it ("not fixed", "it's
 * not red"), or one inside the matched words that the synonym itself does not have ("its not
 * connected to the right network" matched loosely against "It's connected to the right network").
 * A negation that is an answer of its own at this step (`answerWords`: "no" where "no" means "Still
 * offline") is that answer, not a negation: "no still offline" is one answer, "no that worked" two.
 */
export function negated(text: string, match: AnswerSpan, answerWords: ReadonlySet<string>): boolean {
  const words = wordsOf(text);
  const before = words.filter((w) => w.start < match.start).slice(-NEGATION_REACH);
  if (before.some((w) => NEGATIVE_WORDS.has(w.word) && !answerWords.has(w.word))) return true;
  const synonymNegates = wordsOf(match.synonym ?? '').some((w) => NEGATIVE_WORDS.has(w.word));
  return !synonymNegates && words.some((w) => w.start >= match.start && w.start <= match.end && NEGATIVE_WORDS.has(w.word));
}

/**
 * Heat, swelling, smoke or fire: a safety matter. Whole words and their forms ("smoking"), so
 * "hotspot" and "hotmail" are not heat; negated ones count too ("not hot"): asking again is safer.
 */
const DANGER = /\b(hot|hotter|heat\w*|overheat\w*|swell\w*|swollen|bulg\w*|puff\w*|smok\w*|burn\w*|melt\w*|spark\w*|scorch\w*|flames?|on fire|caught fire)\b/i;

export function mentionsDanger(text: string): boolean {
  return DANGER.test(text);
}

/** "it's back to the blue screen": back, but to the trouble, which no "it's back" makes a fix ("back to normal" is one). */
export function backToTrouble(text: string): boolean {
  return /\bback to (?!normal\b|working\b|how it was\b)/i.test(text);
}

const CONTRASTS = new Set(['but', 'then', 'until', 'except', 'though', 'although', 'however']);

/** Whether the message qualifies what it says ("it worked for a minute then went offline", "fine, but slow"). */
export function qualified(text: string): boolean {
  return wordsOf(text).some((w) => CONTRASTS.has(w.word));
}

/** The same words, ignoring case, apostrophes and punctuation: "Wi-Fi?" is "wi fi", "it isn't" is "it isnt". */
export function sameWords(a: string, b: string): boolean {
  const words = (s: string) => wordsOf(s).map((w) => w.word).join(' ');
  return words(a) === words(b);
}


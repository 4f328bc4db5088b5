import { DamerauLevenshteinDistance, JaroWinklerDistance } from './natural-parts';
import { LruMap } from '../lru-map';

// A training word seen at most this often, next to one this many times as frequent, is a typo.
const MAX_TYPO_FREQUENCY = 2;
const TYPO_FREQUENCY_RATIO = 5;

/**
 * Corrects an unknown token to the closest word the router was trained on.
 *
 * Typos almost never change the first letter, and a short word one edit away from a
 * training word is as likely to be a different real word ("cat" / "car"), so correction
 * needs the same first letter, at least 4 characters, and one edit (two from 8 characters).
 * Ties go to the word with the higher Jaro-Winkler similarity, then the more frequent one.
 */
// Everyday words one edit from a device name, which the training lines never use: "my sons ipad"
// was a Sonos speaker's problem. Read as unknown words, never corrected.
const NOT_TYPOS = new Set(['sons', 'sonny', 'sonia']);
// Real words the training lines lack, each two edits from one they have: "infected" was read as
// "invented" (a line of trivia), so "my laptop is infected with a virus" was out of scope. Known
// as words of their own, never corrected.
export const REAL_WORDS_UNTRAINED = ['infected', 'infection', 'infections'];
// Function words the training lines lack, each one edit from a word they have: "even though" was
// read as "even thought", "both" as "bot", "while" as "white", "once" as "one". Known as words of
// their own, never corrected (nor read as a training typo: "latter" is no "later").
const FUNCTION_WORDS = new Set([
  'though', 'both', 'ever', 'least', 'less', 'lest', 'most', 'once', 'same', 'those', 'thus', 'till', 'well', 'while', 'whom',
  'whose', 'whenever', 'wherever', 'whomever', 'whatsoever', 'latter', 'hers', 'unto',
]);

export class SpellingCorrector {
  private readonly byFirstLetter = new Map<string, string[]>();
  private readonly cache = new Map<string, string | null>();
  private readonly aliases: Map<string, string>;

  constructor(private readonly frequency: ReadonlyMap<string, number>) {
    for (const word of frequency.keys()) {
      if (!/^[a-z]/.test(word)) continue;
      const bucket = this.byFirstLetter.get(word[0]) ?? [];
      bucket.push(word);
      this.byFirstLetter.set(word[0], bucket);
    }
    this.aliases = this.findAliases();
  }

  /** Rare training spellings read as typos of common words, e.g. "pritner" -> "printer". */
  get typoAliases(): ReadonlyMap<string, string> {
    return this.aliases;
  }

  isKnown(token: string): boolean {
    return FUNCTION_WORDS.has(token) || (this.frequency.has(token) && !this.aliases.has(token));
  }

  /**
   * Training lines are typed like users type, so the vocabulary holds misspellings too
   * ("pritner"). A rare word that is a slip of the fingers away from a far more frequent
   * word is read as that word. Only slips, not any one-letter edit: "fibre" is not "fire".
   */
  private findAliases(): Map<string, string> {
    const aliases = new Map<string, string>();
    const frequent = [...this.frequency].filter(([, n]) => n >= TYPO_FREQUENCY_RATIO).sort((x, y) => y[1] - x[1]);
    for (const [word, count] of this.frequency) {
      if (count > MAX_TYPO_FREQUENCY || word.length < 5 || /\d/.test(word)) continue;
      const target = frequent.find(([other, n]) => n >= count * TYPO_FREQUENCY_RATIO && isSlip(word, other));
      if (target) aliases.set(word, target[0]);
    }
    return aliases;
  }

  /** The training word `token` is a typo of, or null when there is none close enough. */
  correct(token: string): string | null {
    if (FUNCTION_WORDS.has(token)) return token;
    const alias = this.aliases.get(token);
    if (alias !== undefined) return alias;
    if (this.frequency.has(token)) return token;
    if (token.length < 4 || /\d/.test(token) || NOT_TYPOS.has(token)) return null;
    const cached = this.cache.get(token);
    if (cached !== undefined) return cached;

    const maxDistance = token.length >= 8 ? 2 : 1;
    let best: string | null = null;
    let bestDistance = Infinity;
    let bestSimilarity = -1;
    for (const word of this.byFirstLetter.get(token[0]) ?? []) {
      if (Math.abs(word.length - token.length) > maxDistance || word.length < 3) continue;
      const distance = DamerauLevenshteinDistance(token, word, { restricted: true });
      if (distance > maxDistance || distance > bestDistance) continue;
      const similarity = JaroWinklerDistance(token, word);
      const better =
        distance < bestDistance ||
        similarity > bestSimilarity ||
        (similarity === bestSimilarity && (this.frequency.get(word) ?? 0) > (this.frequency.get(best ?? '') ?? 0));
      if (better) {
        best = word;
        bestDistance = distance;
        bestSimilarity = similarity;
      }
    }
    // The closest word may itself be a training typo ("priter" -> "pritner"): read it as the word it stands for.
    const resolved = best === null ? null : (this.aliases.get(best) ?? best);
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, resolved);
    return resolved;
  }
}

/** `typed` is `word` with two neighbouring letters swapped, an inner letter dropped, or a letter doubled. */
export function isSlip(typed: string, word: string): boolean {
  if (typed[0] !== word[0] || typed === word) return false;
  if (typed.length === word.length) {
    const diff = [...typed].flatMap((c, i) => (c === word[i] ? [] : [i]));
    return diff.length === 2 && diff[1] === diff[0] + 1 && typed[diff[0]] === word[diff[1]] && typed[diff[1]] === word[diff[0]];
  }
  if (typed.length === word.length - 1) {
    for (let i = 1; i < word.length - 1; i++) if (word.slice(0, i) + word.slice(i + 1) === typed) return true;
    return false;
  }
  if (typed.length === word.length + 1) {
    for (let i = 1; i < typed.length; i++) {
      if (typed[i] === typed[i - 1] && typed.slice(0, i) + typed.slice(i + 1) === word) return true;
    }
  }
  return false;
}

/**
 * `a` and `b` are one edit apart: one letter changed, added or dropped, or two neighbouring letters
 * swapped (restricted Damerau-Levenshtein distance 1). natural's distance builds a matrix of cell
 * objects for every pair, which made checking an address's domain against the common providers
 * most of what a turn allocated (about 1 MB for each address read); this allocates nothing.
 */
export function oneEditApart(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  if (a.length - b.length > 1) return false;
  let i = 0;
  while (i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (a.length !== b.length) return sameFrom(a, i + 1, b, i);
  if (i === a.length) return false;
  if (sameFrom(a, i + 1, b, i + 1)) return true;
  return i + 1 < a.length && a[i] === b[i + 1] && a[i + 1] === b[i] && sameFrom(a, i + 2, b, i + 2);
}

/** `a` from index `i` reads as `b` from index `j`, to the end of both. */
function sameFrom(a: string, i: number, b: string, j: number): boolean {
  if (a.length - i !== b.length - j) return false;
  for (; i < a.length; i++, j++) if (a.charCodeAt(i) !== b.charCodeAt(j)) return false;
  return true;
}

/**
 * `typed` is `word` with its last letter left off ("shar" for "share", "emai" for "email"). Not a
 * slip of the kind isSlip reads, as a word cut short is often a real word ("offer", "call"); only
 * for a short list of words whose cut forms are no words of their own, and from 4 letters.
 */
export function isClipped(typed: string, word: string): boolean {
  return typed.length >= 4 && word.length === typed.length + 1 && word.startsWith(typed);
}

const WORD = /[\p{L}\p{N}]+(?:['’][\p{L}\p{N}]+)*/gu;
// Everyday words one slip from an answer's word: "the tv says no signal" at "No, the screen stays
// dark" was "stays no signal", that answer.
const REAL_WORDS = new Set(['says', 'saying']);

/**
 * The message with each word that the expected answers lack, but that is one of their words with a
 * slip of the fingers (see isSlip: "wrk" for "work", "stil" for "still"), read as that word. The
 * router's corrector leaves words under 4 letters alone, as against its whole vocabulary they may
 * be other words; against the few words of one question's answers a slip is seldom anything else.
 */
export function mendSlips(text: string, answers: readonly string[]): string {
  const vocabulary = vocabularyOf(answers);
  return text.replace(WORD, (typed) => {
    const word = typed.toLowerCase().replace(/['’]/g, '');
    if (word.length < 3 || vocabulary.has(word) || REAL_WORDS.has(word)) return typed;
    let meant: string | undefined;
    for (const w of vocabulary) {
      if (!isSlip(word, w)) continue;
      if (meant !== undefined) return typed;
      meant = w;
    }
    return meant ?? typed;
  });
}

// The answers come from content (a step's choices, the plans, fixed word lists), so the same few
// lists recur on every message: their words are split out once (a Unicode word match per answer
// cost more than the rest of mending a short message).
const vocabularies = new LruMap<string, ReadonlySet<string>>(1_000);

function vocabularyOf(answers: readonly string[]): ReadonlySet<string> {
  const key = answers.join('\u0000');
  let vocabulary = vocabularies.get(key);
  if (!vocabulary) {
    vocabulary = new Set(answers.flatMap((a) => (a.toLowerCase().match(WORD) ?? []).map((w) => w.replace(/['’]/g, ''))));
    vocabularies.set(key, vocabulary);
  }
  return vocabulary;
}

// What the user told before a step reached them that the step asks of them: that they did it
// already ("my printer is offline, i already restarted it"), or the code it asks them to note
// ("a blue screen with CRITICAL_PROCESS_DIED"). Asking for it again would ask what they said.

import { NEGATION_REACH, NEGATIVE_WORDS, rawTokens, stem } from '../nlu/normalize';

// A stop code or error code as a screen shows it: "CRITICAL_PROCESS_DIED", "0x0000007E", "error
// 651", "error code nw-2-5", or a printer's display code after what shows it ("it says E3"). An
// "error" word needs a digit after it: "error message" names no code.
export const CODE =
  /\b0x[0-9a-f]{4,}\b|\b[a-z]+(?:_[a-z0-9]+)+\b|\berror(?:\s+(?:code|number))?\s*[:#]?\s*(?=[a-z-]*\d)[a-z0-9]+(?:-[a-z0-9]+)*\b|(?<=\b(?:says|shows|showing|displays|reads|code)\s+)[a-z]{1,2}-?\d{1,3}\b/i;

/** The codes in what the user said, as typed, in order and once each; none, undefined. */
export function codesIn(readings: readonly string[]): string | undefined {
  const found = new Map<string, string>();
  for (const r of readings) for (const [code] of r.matchAll(new RegExp(CODE.source, 'gi'))) if (!found.has(code.toLowerCase())) found.set(code.toLowerCase(), code);
  return found.size > 0 ? [...found.values()].join(', ') : undefined;
}

// "restarted the printer" and "restarted my printer" say the same.
const DETERMINERS = new Set(['the', 'a', 'an', 'my', 'our', 'your', 'their', 'his', 'her']);
// Shortly before the action, words that say it was not done, or not yet: "i havent restarted it",
// "i cant restart it", "should i reset it", "not sure if i rebooted it".
const NOT_DONE = new Set([...NEGATIVE_WORDS, 'should', 'shall', 'can', 'could', 'will', 'would', 'need', 'must', 'may', 'might', 'if', 'whether', 'how', 'want', 'going', 'gonna', 'try']);
// Past forms without -ed, and the words that say an action was done in any form ("tried restarting it").
const DONE_FORMS = new Set(['did', 'done', 'reset', 'put', 'took', 'ran']);
const DONE_MARKERS = new Set(['already', 'tried']);
// Clauses: "the printer isn't printing, i restarted it" keeps the first clause's "isn't" off the second's action.
const CLAUSE = /[,.;:!?()]+|\b(?:but|so|because|and then)\b/i;

interface Word {
  raw: string;
  stem: string;
}

/**
 * The user's words for having done what a step asks (its `said_done` phrases: "restarted it",
 * "rebooted the router"), in the past or after "already" or "tried", never negated or as a wish:
 * "i already rebooted the router" and "tried restarting it" say so, "i havent restarted it", "i cant
 * restart it" and "should i restart it?" do not. "it" in a phrase is also "them" or the device's
 * name (`deviceWords`: "restarted it" matches "restarted the printer"). Undefined when none says so.
 */
export function saidDone(phrases: readonly string[], readings: readonly string[], deviceWords: readonly string[] = []): string | undefined {
  const its = new Set(['it', 'them', ...deviceWords]);
  const wanted = phrases.map((p) => rawTokens(p).filter((t) => !DETERMINERS.has(t)));
  for (const reading of readings) {
    for (const clause of reading.split(CLAUSE)) {
      const all = rawTokens(clause);
      // Determiners are skipped, but kept for quoting the user's words back.
      const at = all.map((_, i) => i).filter((i) => !DETERMINERS.has(all[i]));
      const words: Word[] = at.map((i) => ({ raw: all[i], stem: stem(all[i]) }));
      for (const phrase of wanted) {
        for (let p = 0; p + phrase.length <= words.length; p++) {
          const fits = phrase.every((t, k) => (t === 'it' ? its.has(words[p + k].raw) : stem(t) === words[p + k].stem));
          if (!fits || !done(words, p)) continue;
          const from = p > 0 && words[p - 1].raw === 'tried' ? at[p - 1] : at[p];
          return all.slice(from, at[p + phrase.length - 1] + 1).join(' ');
        }
      }
    }
  }
  return undefined;
}

function done(words: Word[], p: number): boolean {
  const before = words.slice(Math.max(0, p - NEGATION_REACH), p).map((w) => w.raw);
  if (before.some((w) => NOT_DONE.has(w))) return false;
  const first = words[p].raw;
  return /ed$/.test(first) || DONE_FORMS.has(first) || before.some((w) => DONE_MARKERS.has(w));
}

// Noticing that a user says how old they are (P13: the service is not for children under 13).
// Only first-person statements count ("I'm 12", "my age is 9"), and a bare number only when
// nothing follows it that would make it a count ("I'm 10 minutes in", "I'm on Windows 10").

const WORDS: Record<string, number> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19, twenty: 20,
};
const NUMBER = `(\\d{1,3}|${Object.keys(WORDS).join('|')})`;
const I_AM = `(?:i'?m|i\\s+am|im)\\s+(?:only\\s+|just\\s+|now\\s+)?`;
// A question or clause that may follow an age without a comma ("I'm 11 is that ok", "im 12 can my
// mom call", "I'm 9 my dad is at work"). Only words that start one: a measure or a count follows
// its number with a noun or a preposition ("10 minutes in", "12 years into this job", "5 steps in").
const NEXT_CLAUSE = `is|isn'?t|are|am|was|can|could|may|will|would|should|do|does|did|if|because|cuz|what|how|why|when|who|my|i`;
// What may follow a bare "I'm 12" for it to be an age: the end, a sentence break, a joining word,
// or the start of another clause.
const ENDS_STATEMENT = `(?=\\s*(?:$|[!?;,)]|[.:](?!\\d)|(?:and|but|so|btw|lol|too|now|please|pls|&|${NEXT_CLAUSE})\\b))`;
// "12 years old", "11 years of age", "10yo"; "10 years" only at the end of a statement ("I'm 10 years into my plan" is no age).
const YEARS = `(?:\\s*-?\\s*(?:years?|yrs?)\\s*(?:-?\\s*old|of\\s+age)|\\s*(?:yo|y\\/o|y\\.o\\.?)(?![a-z])|\\s*(?:years?|yrs?)${ENDS_STATEMENT})`;

const PATTERNS: RegExp[] = [
  // "I'm 12 years old", "i am a 9-year-old", "im 10yo"
  new RegExp(`\\b${I_AM}(?:an?\\s+)?${NUMBER}${YEARS}`, 'i'),
  // "I'm 12", "im 10 and my tablet is broken"
  new RegExp(`\\b${I_AM}${NUMBER}${ENDS_STATEMENT}`, 'i'),
  // "my age is 9", "my age: 9", "age 11 here" after "my"
  new RegExp(`\\bmy\\s+age(?:\\s+is|'s|\\s*:)?\\s*${NUMBER}\\b(?!\\s*(?:%|devices?|times?))`, 'i'),
];

const UNDER_13 = /\b(?:i'?m|i\s+am|im)\s+(?:under|younger\s+than|not\s+(?:yet\s+)?)\s*(?:the\s+age\s+of\s+)?(?:13|thirteen)\b/i;

/** The youngest age taken as a real statement: smaller numbers are almost always something else. */
export const MIN_PLAUSIBLE_AGE = 4;
export const MIN_AGE = 13;

/** The age the user states about themselves, or undefined when the message states none. */
export function statedAge(text: string): number | undefined {
  const normalized = text.replace(/[’‘]/g, "'");
  if (UNDER_13.test(normalized)) return MIN_AGE - 1;
  for (const pattern of PATTERNS) {
    const m = pattern.exec(normalized);
    if (!m) continue;
    const raw = m[1].toLowerCase();
    const age = WORDS[raw] ?? Number(raw);
    if (Number.isFinite(age)) return age;
  }
  return undefined;
}

/** True when the message says the user is younger than 13. */
export function saysUnder13(text: string): boolean {
  const age = statedAge(text);
  return age !== undefined && age >= MIN_PLAUSIBLE_AGE && age < MIN_AGE;
}

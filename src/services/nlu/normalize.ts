import { PorterStemmer, RegexpTokenizer } from './natural-parts';

// People type "won't", "wont" and "won’t" for the same thing; dropping apostrophes before
// splitting keeps all three one token, where natural's WordTokenizer would split "won" + "t".
const tokenizer = new RegexpTokenizer({ pattern: /[^a-z0-9]+/ });

/** Chat shorthand mapped to the word it stands for, so the classifier sees one form. */
const SHORTHAND: Record<string, string> = {
  u: 'you',
  ur: 'your',
  r: 'are',
  pls: 'please',
  plz: 'please',
  pleas: 'please',
  thx: 'thanks',
  thanx: 'thanks',
  thnx: 'thanks',
  ty: 'thanks',
  tysm: 'thanks',
  msg: 'message',
  abt: 'about',
  wat: 'what',
  im: 'i',
  ive: 'i',
  n: 'and',
  b4: 'before',
  bc: 'because',
  cuz: 'because',
  coz: 'because',
  wanna: 'want',
  gonna: 'going',
  gotta: 'must',
  telly: 'tv',
  tele: 'tv',
};

/** What stem reads every negated verb as: one feature, "not" itself. */
export const NEGATIVE = 'not';

/**
 * Negated verbs as rawTokens spells them ("won't" is "wont"), and "cannot". The classifier reads
 * them all as NEGATIVE ("doesn't print" is "didn't print"); symptoms keep the typed word.
 */
const NEGATED_VERBS: ReadonlySet<string> = new Set([
  'cant', 'cannot', 'dont', 'doesnt', 'didnt', 'wont', 'isnt', 'arent', 'wasnt', 'werent', 'havent', 'hasnt', 'hadnt', 'aint',
  'couldnt', 'wouldnt', 'shouldnt',
]);

/**
 * Words that turn round the words shortly after them ("not fixed", "won't start", "no sound",
 * "without sound"), lower case and without apostrophes: what flow selection reads as negating a
 * symptom word. The classifier reads only the negated verbs as NEGATIVE (see stem): the other
 * words say other things to it than a negated verb ("never mind" cancels).
 */
export const NEGATIONS: ReadonlySet<string> = new Set([...NEGATED_VERBS, 'no', 'not', 'never', 'nor', 'without']);

/**
 * NEGATIONS, and the words that say nothing is there ("nothing", "none"): what the readers of step
 * answers and option words take as a no, since in an answer these say no like the others
 * ("nothing appears" is not "Yes, the menu appears"). Flow selection leaves the two out: the word
 * after them is not negated ("nothing on screen" is about the screen, as "black screen" is).
 */
export const NEGATIVE_WORDS: ReadonlySet<string> = new Set([...NEGATIONS, 'nothing', 'none']);

/** How many words before a word a negation still reaches ("it's still not really fixed"). */
export const NEGATION_REACH = 3;

/** British spellings whose Porter stems differ from the American ones. */
const BRITISH: Record<string, string> = {
  colour: 'color',
  colours: 'colors',
  coloured: 'colored',
  favourite: 'favorite',
  behaviour: 'behavior',
  centre: 'center',
  licence: 'license',
  programme: 'program',
  catalogue: 'catalog',
  cheque: 'check',
  grey: 'gray',
  mum: 'mom',
  maths: 'math',
  postcode: 'zipcode',
  analyse: 'analyze',
  defence: 'defense',
  enrol: 'enroll',
  practise: 'practice',
  cancelled: 'canceled',
  cancelling: 'canceling',
  travelling: 'traveling',
  fibre: 'fiber',
  tyre: 'tire',
  aluminium: 'aluminum',
};

// -ise/-isation words that are not British spellings of -ize words.
const ISE_EXCEPTIONS = new Set([
  'advise', 'advised', 'promise', 'promised', 'exercise', 'otherwise', 'noise', 'raise', 'raised', 'praise', 'surprise',
  'surprised', 'compromise', 'compromised', 'enterprise', 'premise', 'premises', 'expertise', 'merchandise', 'franchise',
  'revise', 'revised', 'supervise', 'supervised', 'televise', 'despise', 'disguise', 'comprise', 'devise', 'improvise',
  'wise', 'rise', 'arise', 'cruise', 'paradise', 'concise', 'precise', 'likewise', 'clockwise', 'anticlockwise', 'poise',
  'advertise', 'advertised', 'advertising', 'chemise', 'reprise', 'demise', 'excise', 'incise', 'treatise', 'guise',
]);

/** Maps a British spelling to the American one the stemmer treats consistently. */
export function americanise(word: string): string {
  const mapped = BRITISH[word];
  if (mapped) return mapped;
  if (!ISE_EXCEPTIONS.has(word)) {
    const m = /^([a-z]{3,})is(e|ed|es|ing|ation|ations|er|ers)$/.exec(word);
    if (m) return `${m[1]}iz${m[2]}`;
  }
  if (word.length > 5 && word.endsWith('our') && !['detour', 'contour', 'devour'].includes(word)) {
    return `${word.slice(0, -3)}or`;
  }
  return word;
}

/** Lower-cases and splits a message into raw word tokens (no correction yet). */
export function rawTokens(text: string): string[] {
  const cleaned = text
    .toLowerCase()
    .replace(/[’‘`´]/g, "'")
    .replace(/'/g, '')
    // "t.v." and "e-mail" / "wi-fi" are one word to the people typing them.
    .replace(/\b([a-z])\.([a-z])\.?/g, '$1$2')
    .replace(/\b(e|wi)[- ](mail|fi)\b/g, '$1$2');
  return tokenizer.tokenize(cleaned).filter((t) => t.length > 0);
}

/** Expands shorthand and British spellings on an already-corrected token. */
export function canonical(token: string): string {
  return SHORTHAND[token] ?? americanise(token);
}

/** The classifier feature for one canonical token: negated verbs unified, then Porter-stemmed. */
export function stem(token: string): string {
  if (NEGATED_VERBS.has(token)) return NEGATIVE;
  let stemmed = stemCache.get(token);
  if (stemmed === undefined) {
    stemmed = PorterStemmer.stem(token);
    if (stemCache.size > 50_000) stemCache.clear();
    stemCache.set(token, stemmed);
  }
  return stemmed;
}

// Porter stemming dominates training time; the vocabulary is small, so cache it.
const stemCache = new Map<string, string>();

/** Words that carry no symptom; kept for classification (they separate "forget it" from "forget me"). */
export const STOPWORDS = new Set([
  'a', 'an', 'the', 'i', 'me', 'my', 'mine', 'we', 'our', 'us', 'you', 'your', 'it', 'its', 'is', 'are', 'was', 'were',
  'be', 'been', 'am', 'to', 'of', 'and', 'or', 'on', 'in', 'at', 'for', 'with', 'this', 'that', 'so', 'just', 'please',
  'some', 'there', 'here', 'do', 'does', 'did', 'has', 'have', 'had', 'can', 'could', 'would', 'should', 'will', 'hi',
  'hey', 'um', 'uh', 'oh', 'ok', 'okay', 'also', 'really', 'very', 'all', 'any', 'from', 'by', 'about', 'as', 'if',
  'but', 'then', 'than', 'what', 'how', 'why', 'when', 'where', 'who', 'which', 'im', 'ive', 'he', 'she', 'they', 'them',
]);

// "Hi, ...", "hello there! ...", "good morning, ...": a hello before the message.
const LEADING_GREETING = /^\s*(?:hi+|hello+|hey+|hiya|heya|howdy|good (?:morning|afternoon|evening|day)|greetings)(?:\s+(?:there|again|all|team|folks|guys))?(?![\p{L}\p{N}'’])[\s,.!:;-]*/iu;

/** The message without a hello before it ("hi, any update on my callback?" -> "any update on my callback?"). */
export function withoutGreeting(text: string): string {
  return text.replace(LEADING_GREETING, '');
}

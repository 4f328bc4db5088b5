import { americanise, canonical, rawTokens, stem, STOPWORDS } from './normalize';
import { SpellingCorrector } from './spelling';

/** One message after normalisation: what every later stage of the router reads. */
export interface Analysis {
  /** Tokens after typo correction, as typed otherwise ("wont" stays "wont"). */
  tokens: string[];
  /** Same positions as `tokens`, with shorthand expanded and British spelling made American. */
  canonical: string[];
  /** Content words (not stop words) that matched no training word even after correction. */
  unknownContent: number;
  /** Content words (not stop words) in the message. */
  content: number;
  /** Classifier features: stems, stem bigrams and character 4-grams (see featuresOf). */
  features: string[];
  /** Content words, lower-cased, typo-corrected, American spelling, for choosing a flow. */
  symptoms: string[];
}

// Common function words are "known" even if no training line happens to contain them.
const ALWAYS_KNOWN = ['not', 'no', 'yes', 'please', 'thanks', 'cannot', 'and', 'but'];

/** Normalises messages against the vocabulary of the training data. */
export class Analyzer {
  private readonly corrector: SpellingCorrector;
  private readonly memo = new Map<string, Analysis>();
  private readonly knownStems = new Set<string>();

  get typoAliases(): ReadonlyMap<string, string> {
    return this.corrector.typoAliases;
  }

  constructor(trainingTexts: string[], extraWords: string[]) {
    const frequency = new Map<string, number>();
    const add = (w: string) => frequency.set(w, (frequency.get(w) ?? 0) + 1);
    for (const text of [...trainingTexts, ...extraWords]) {
      for (const t of rawTokens(text)) {
        add(t);
        add(canonical(t));
      }
    }
    for (const w of [...STOPWORDS, ...ALWAYS_KNOWN]) add(w);
    this.corrector = new SpellingCorrector(frequency);
    for (const w of frequency.keys()) if (this.corrector.isKnown(w)) this.knownStems.add(stem(canonical(w)));
  }

  /** Training analyses every line twice (intent and device models); the memo makes that free. */
  analyze(text: string): Analysis {
    const memo = this.memo.get(text);
    if (memo) return memo;
    const analysis = this.compute(text);
    if (this.memo.size > 5_000) this.memo.clear();
    this.memo.set(text, analysis);
    return analysis;
  }

  private compute(text: string): Analysis {
    const tokens: string[] = [];
    let unknownContent = 0;
    let content = 0;
    for (const raw of rawTokens(text)) {
      // A new form of a known word ("pricing" when training said "price") is understood through its stem.
      const known =
        this.corrector.isKnown(raw) || this.corrector.isKnown(canonical(raw)) || this.knownStems.has(stem(canonical(raw)));
      const corrected = known ? raw : this.corrector.correct(raw);
      const token = corrected ?? raw;
      const isStop = STOPWORDS.has(canonical(token));
      if (!isStop) {
        content += 1;
        if (corrected === null) unknownContent += 1;
      }
      tokens.push(token);
    }
    const canon = tokens.map(canonical);
    return {
      tokens,
      canonical: canon,
      unknownContent,
      content,
      features: featuresOf(canon),
      symptoms: [...new Set(tokens.map(americanise).filter((t) => !STOPWORDS.has(canonical(t))))],
    };
  }
}

/**
 * Stems carry the meaning; bigrams keep the word order that separates "forget it" (cancel)
 * from "forget me" (erasure) and "cancel" from "cancel my plan". A message of one or two
 * words gets a marker, because bare fragments ("refund", "agent") behave differently from
 * sentences that merely contain the word. Character 4-grams of longer words ("#harg" in
 * "charged" and "overcharged") carry meaning across word forms and the typos the corrector
 * leaves alone.
 */
export function featuresOf(canon: string[]): string[] {
  const stems = canon.map(stem);
  const features = [...stems];
  for (let i = 0; i + 1 < stems.length; i++) features.push(`${stems[i]}_${stems[i + 1]}`);
  if (stems.length <= 2) features.push(`__len${stems.length}`);
  for (const token of canon) {
    if (token.length < 5) continue;
    const padded = `<${token}>`;
    for (let i = 0; i + 4 <= padded.length; i++) features.push(`#${padded.slice(i, i + 4)}`);
  }
  return features;
}

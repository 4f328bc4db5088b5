import natural from 'natural';

/**
 * Corrects an unknown token to the closest word the router was trained on.
 *
 * Typos almost never change the first letter, and a short word one edit away from a
 * training word is as likely to be a different real word ("cat" / "car"), so correction
 * needs the same first letter, at least 4 characters, and one edit (two from 8 characters).
 * Ties go to the word with the higher Jaro-Winkler similarity, then the more frequent one.
 */
export class SpellingCorrector {
  private readonly byFirstLetter = new Map<string, string[]>();
  private readonly cache = new Map<string, string | null>();

  constructor(private readonly frequency: ReadonlyMap<string, number>) {
    for (const word of frequency.keys()) {
      if (!/^[a-z]/.test(word)) continue;
      const bucket = this.byFirstLetter.get(word[0]) ?? [];
      bucket.push(word);
      this.byFirstLetter.set(word[0], bucket);
    }
  }

  isKnown(token: string): boolean {
    return this.frequency.has(token);
  }

  /** The training word `token` is a typo of, or null when there is none close enough. */
  correct(token: string): string | null {
    if (this.frequency.has(token)) return token;
    if (token.length < 4 || /\d/.test(token)) return null;
    const cached = this.cache.get(token);
    if (cached !== undefined) return cached;

    const maxDistance = token.length >= 8 ? 2 : 1;
    let best: string | null = null;
    let bestDistance = Infinity;
    let bestSimilarity = -1;
    for (const word of this.byFirstLetter.get(token[0]) ?? []) {
      if (Math.abs(word.length - token.length) > maxDistance || word.length < 3) continue;
      const distance = natural.DamerauLevenshteinDistance(token, word, { restricted: true });
      if (distance > maxDistance || distance > bestDistance) continue;
      const similarity = natural.JaroWinklerDistance(token, word);
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
    if (this.cache.size > 10_000) this.cache.clear();
    this.cache.set(token, best);
    return best;
  }
}

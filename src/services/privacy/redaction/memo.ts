import { LruMap } from '../../lru-map';

/**
 * Remembers a redactor's answers for texts seen again and again: the bot's own long notices in
 * every transcript, the same queue summaries on every 2-second console poll. Bounded, oldest
 * first out, so memory stays flat.
 */
export function memoizeRedactor(redact: (text: string) => string, maxEntries = 1000): (text: string) => string {
  const cache = new LruMap<string, string>(maxEntries);
  return (text: string) => {
    const hit = cache.get(text);
    if (hit !== undefined) return hit;
    const masked = redact(text);
    cache.set(text, masked);
    return masked;
  };
}

/**
 * Remembers an async answer for `ttlMs`. For figures that are approximate by nature (how many
 * technicians are online, recent pickup delays for a wait estimate) and that every queued user's
 * turn would otherwise read again. The store stays the truth: a new answer is read once the old
 * one is `ttlMs` old, and concurrent callers share one read.
 */
export function briefCache<T>(read: () => Promise<T>, ttlMs: number, now: () => number = Date.now): { get(): Promise<T>; forget(): void } {
  let held: { at: number; answer: Promise<T> } | undefined;
  return {
    get() {
      const at = now();
      if (held && at - held.at >= 0 && at - held.at < ttlMs) return held.answer;
      const answer = read();
      const mine = { at, answer };
      held = mine;
      // A failed read is not remembered.
      answer.catch(() => held === mine && (held = undefined));
      return answer;
    },
    forget() {
      held = undefined;
    },
  };
}

/**
 * Hands out (millisecond, sequence) pairs that never go backwards, for record keys that must
 * sort by time and then by creation order within one millisecond (a burst, a frozen test clock).
 */
export class TimeOrderedKeys {
  private lastMs = -1;
  private sameMsCount = 0;

  constructor(private readonly now: () => number) {}

  next(): { ms: number; seq: number } {
    const ms = Math.max(this.now(), this.lastMs);
    this.sameMsCount = ms === this.lastMs ? this.sameMsCount + 1 : 0;
    this.lastMs = ms;
    return { ms, seq: this.sameMsCount };
  }
}

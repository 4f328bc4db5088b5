/** Used until enough handoffs have been picked up to measure (5 minutes per person ahead). */
export const DEFAULT_PICKUP_SECONDS = 300;
/** How many recent pickups the estimate is the median of. */
export const PICKUP_SAMPLES = 20;

export function median(values: readonly number[]): number | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/**
 * The wait at `position` (1 = next): the median of recent claim delays per person up to and
 * including this one. The median, not the mean, so one forgotten ticket does not inflate every estimate.
 */
export function estimateWaitSeconds(recentDelaysSeconds: readonly number[], position: number, fallbackSeconds = DEFAULT_PICKUP_SECONDS): number {
  const perPerson = median(recentDelaysSeconds) ?? fallbackSeconds;
  return Math.max(0, Math.round(perPerson * Math.max(1, position)));
}

/** Appends a delay and keeps the newest `samples`. */
export function recordDelay(history: readonly number[], delaySeconds: number, samples = PICKUP_SAMPLES): number[] {
  return [...history, Math.max(0, Math.round(delaySeconds))].slice(-samples);
}

/** "about 4 minutes", "less than a minute", "about 1 hour 10 minutes": for telling users. */
export function describeWait(seconds: number): string {
  if (seconds < 60) return 'less than a minute';
  const total = Math.round(seconds / 60);
  if (total < 60) return `about ${total} minute${total === 1 ? '' : 's'}`;
  const h = Math.floor(total / 60);
  const m = total % 60;
  return `about ${h} hour${h === 1 ? '' : 's'}${m ? ` ${m} minute${m === 1 ? '' : 's'}` : ''}`;
}

import type { Policy } from '../../config';
import type { Store } from '../storage/store';

export type RetentionCategory = keyof Policy['retentionDays'];

/** Seconds a record of `category` is kept after its last write (P12: periods come from the config file). */
export function ttlSecondsFor(retentionDays: Policy['retentionDays'], category: RetentionCategory): number {
  return retentionDays[category] * 86400;
}

export interface PurgeResult {
  /** Expired records removed. */
  removed: number;
  ms: number;
}

/**
 * Removes every expired record now and makes them unrecoverable from the store's files.
 * Expired records are already invisible to reads; this frees them for good. `helpline purge`
 * and the hourly job both call this.
 */
export async function runPurge(store: Store, now: () => number = Date.now): Promise<PurgeResult> {
  const started = now();
  const removed = await store.purgeExpired();
  // Only worth the checkpoint when something went: it rewrites the WAL.
  if (removed > 0) await store.scrub();
  return { removed, ms: Math.max(0, now() - started) };
}

export interface ScheduleOptions<R> {
  /** Default: every hour. */
  everyMs?: number;
  onResult?: (result: R) => void;
  onError?: (error: unknown) => void;
}
export type PurgeScheduleOptions = ScheduleOptions<PurgeResult>;

/**
 * Runs `job` on a timer that never keeps the process alive. One run at a time: a slow run is not
 * started again while it is still going.
 */
export function scheduleHourly<R>(job: () => Promise<R>, options: ScheduleOptions<R> = {}): { stop(): void } {
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      options.onResult?.(await job());
    } catch (error) {
      options.onError?.(error);
    } finally {
      running = false;
    }
  };
  const timer = setInterval(() => void tick(), options.everyMs ?? 3_600_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

/** The retention purge (P12), hourly. */
export function schedulePurge(store: Store, options: PurgeScheduleOptions = {}): { stop(): void } {
  return scheduleHourly(() => runPurge(store), options);
}

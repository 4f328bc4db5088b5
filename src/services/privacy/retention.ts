import type { Policy } from '../../config';
import type { Store } from '../storage/store';
import { schedule, type ScheduleOptions } from '../schedule';

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

export type PurgeScheduleOptions = ScheduleOptions<PurgeResult>;

/** The retention purge (P12), hourly. */
export function schedulePurge(store: Store, options: PurgeScheduleOptions = {}): { stop(): void } {
  return schedule(() => runPurge(store), options);
}

import { describeHours, isOpen, nextOpening, type BusinessHours } from './business-hours';

/**
 * `hours` as describeHours says them. `opensAgain` ("Monday at 08:00") follows "we open again";
 * `opensFrom` ("tomorrow from 08:00", "on Monday from 08:00") says when a call back or an email can come.
 */
export type Availability =
  | { available: true; hours: string }
  | { available: false; reason: 'closed' | 'nobody_online'; hours: string; opensAgain?: string; opensFrom?: string };

export type Unavailable = Extract<Availability, { available: false }>;

export interface AvailabilityOptions {
  hours: BusinessHours;
  now: () => number;
  /** Distinct technicians with a valid session used in the last `withinMinutes`. */
  onlineCount: (withinMinutes: number) => Promise<number>;
  withinMinutes?: number;
}

const DAY_WORD = { mon: 'Monday', tue: 'Tuesday', wed: 'Wednesday', thu: 'Thursday', fri: 'Friday', sat: 'Saturday', sun: 'Sunday' } as const;

/** Whether a person can pick up a live chat now: inside business hours and someone signed in. */
export async function checkAvailability(options: AvailabilityOptions): Promise<Availability> {
  const at = options.now();
  const hours = describeHours(options.hours);
  if (!isOpen(options.hours, at)) {
    const next = nextOpening(options.hours, at);
    if (!next) return { available: false, reason: 'closed', hours };
    const day = next.today ? 'today' : next.tomorrow ? 'tomorrow' : `on ${DAY_WORD[next.day]}`;
    return { available: false, reason: 'closed', hours, opensAgain: `${next.today ? 'today' : DAY_WORD[next.day]} at ${next.time}`, opensFrom: `${day} from ${next.time}` };
  }
  if ((await options.onlineCount(options.withinMinutes ?? 10)) === 0) return { available: false, reason: 'nobody_online', hours };
  return { available: true, hours };
}

/** Why nobody can pick up a live chat now, if nobody can (undefined also when there is no way to tell). */
export async function unavailableNow(availability: (() => Promise<Availability>) | undefined): Promise<Unavailable | undefined> {
  const now = await availability?.();
  return now && !now.available ? now : undefined;
}

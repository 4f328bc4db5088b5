/** Opening hours per weekday as in helpline.config.yaml: ["08:00", "20:00"], or absent when closed. */
export interface BusinessHours {
  timeZone: string;
  days: Partial<Record<DayName, [string, string] | undefined>>;
}

export const DAY_NAMES = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type DayName = (typeof DAY_NAMES)[number];
const DAY_LABEL: Record<DayName, string> = { mon: 'Mon', tue: 'Tue', wed: 'Wed', thu: 'Thu', fri: 'Fri', sat: 'Sat', sun: 'Sun' };
const WEEKDAY: Record<string, DayName> = { Sun: 'sun', Mon: 'mon', Tue: 'tue', Wed: 'wed', Thu: 'thu', Fri: 'fri', Sat: 'sat' };

const minutes = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

// Building an Intl.DateTimeFormat costs far more than using one, and every handoff request asks.
const formatters = new Map<string, Intl.DateTimeFormat>();
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'short', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

/** The weekday and minute of the day at `epochMs` in the business time zone. */
export function localTime(epochMs: number, timeZone: string): { day: DayName; minute: number } {
  const parts = formatterFor(timeZone).formatToParts(new Date(epochMs));
  const get = (type: string) => parts.find((p) => p.type === type)?.value ?? '';
  return { day: WEEKDAY[get('weekday')] ?? 'sun', minute: Number(get('hour')) * 60 + Number(get('minute')) };
}

/** True when `epochMs` falls inside the opening hours (an end at or before the start runs past midnight). */
export function isOpen(hours: BusinessHours, epochMs: number): boolean {
  const { day, minute } = localTime(epochMs, hours.timeZone);
  const today = hours.days[day];
  if (today && within(today, minute, 'today')) return true;
  const yesterday = hours.days[DAY_NAMES[(DAY_NAMES.indexOf(day) + 6) % 7]];
  return Boolean(yesterday && within(yesterday, minute, 'after-midnight'));
}

function within([start, end]: [string, string], minute: number, part: 'today' | 'after-midnight'): boolean {
  const s = minutes(start);
  const e = minutes(end);
  if (e > s) return part === 'today' && minute >= s && minute < e;
  return part === 'today' ? minute >= s : minute < e;
}

/** When the line opens next (day name and time, in the business time zone), or undefined if it never opens. */
export function nextOpening(hours: BusinessHours, epochMs: number): { day: DayName; time: string; today: boolean; tomorrow: boolean } | undefined {
  const { day, minute } = localTime(epochMs, hours.timeZone);
  const start = DAY_NAMES.indexOf(day);
  for (let offset = 0; offset <= 7; offset++) {
    const d = DAY_NAMES[(start + offset) % 7];
    const span = hours.days[d];
    if (!span) continue;
    if (offset === 0 && minutes(span[0]) <= minute) continue;
    return { day: d, time: span[0], today: offset === 0, tomorrow: offset === 1 };
  }
  return undefined;
}

/** describeHours of hours with no day open (`days: {}`). */
export const NO_REGULAR_HOURS = 'no regular hours';

/** "Mon–Fri 08:00–20:00, Sat 10:00–16:00 (America/New_York time)": days with equal hours run together. */
export function describeHours(hours: BusinessHours): string {
  const order: DayName[] = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];
  const groups: { from: DayName; to: DayName; span: string }[] = [];
  for (const d of order) {
    const span = hours.days[d];
    if (!span) continue;
    const text = `${span[0]}–${span[1]}`;
    const last = groups[groups.length - 1];
    if (last && last.span === text && order.indexOf(last.to) === order.indexOf(d) - 1) last.to = d;
    else groups.push({ from: d, to: d, span: text });
  }
  if (groups.length === 0) return NO_REGULAR_HOURS;
  const list = groups.map((g) => `${DAY_LABEL[g.from]}${g.to !== g.from ? `–${DAY_LABEL[g.to]}` : ''} ${g.span}`).join(', ');
  return `${list} (${hours.timeZone.replace(/_/g, ' ')} time)`;
}

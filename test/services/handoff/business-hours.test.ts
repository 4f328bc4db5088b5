import { checkAvailability } from '../../../src/services/handoff/availability';
import { describeHours, isOpen, nextOpening, type BusinessHours } from '../../../src/services/handoff/business-hours';

// The shipped policy: weekdays 08-20, Saturday 10-16, Sunday closed, New York time.
const hours: BusinessHours = {
  timeZone: 'America/New_York',
  days: { mon: ['08:00', '20:00'], tue: ['08:00', '20:00'], wed: ['08:00', '20:00'], thu: ['08:00', '20:00'], fri: ['08:00', '20:00'], sat: ['10:00', '16:00'] },
};
// 2026-03-30 is a Monday; New York is on EDT (UTC-4) then.
const at = (iso: string) => Date.parse(iso);

describe('business hours in the configured time zone', () => {
  it.each([
    ['Monday 09:00 New York', '2026-03-30T13:00:00Z', true],
    ['Monday 07:59 New York', '2026-03-30T11:59:00Z', false],
    ['Monday 20:00 New York (closing time)', '2026-03-31T00:00:00Z', false],
    ['Monday 19:59 New York, already Tuesday in UTC', '2026-03-30T23:59:00Z', true],
    ['Saturday 15:00 New York', '2026-04-04T19:00:00Z', true],
    ['Saturday 17:00 New York', '2026-04-04T21:00:00Z', false],
    ['Sunday noon New York', '2026-04-05T16:00:00Z', false],
  ])('%s is open: %s', (_label, iso, open) => {
    expect(isOpen(hours, at(iso))).toBe(open);
  });

  it('follows daylight saving time: 08:30 in January is 13:30 UTC, not 12:30', () => {
    expect(isOpen(hours, at('2026-01-05T13:30:00Z'))).toBe(true);
    expect(isOpen(hours, at('2026-01-05T12:30:00Z'))).toBe(false);
  });

  it('handles a shift that runs past midnight', () => {
    const night: BusinessHours = { timeZone: 'UTC', days: { fri: ['22:00', '02:00'] } };
    expect(isOpen(night, at('2026-04-03T23:00:00Z'))).toBe(true); // Friday 23:00
    expect(isOpen(night, at('2026-04-04T01:30:00Z'))).toBe(true); // Saturday 01:30
    expect(isOpen(night, at('2026-04-04T02:30:00Z'))).toBe(false);
  });

  it('says when the line opens next', () => {
    expect(nextOpening(hours, at('2026-04-04T22:00:00Z'))).toEqual({ day: 'mon', time: '08:00', today: false, tomorrow: false }); // Saturday evening
    expect(nextOpening(hours, at('2026-04-05T16:00:00Z'))).toEqual({ day: 'mon', time: '08:00', today: false, tomorrow: true }); // Sunday noon
    expect(nextOpening(hours, at('2026-03-30T10:00:00Z'))).toEqual({ day: 'mon', time: '08:00', today: true, tomorrow: false }); // Monday 06:00
  });

  it('describes the hours compactly for users', () => {
    expect(describeHours(hours)).toBe('Mon–Fri 08:00–20:00, Sat 10:00–16:00 (America/New York time)');
  });
});

describe('whether a person can pick up now', () => {
  const open = at('2026-03-30T14:00:00Z');
  it('is available inside hours with a technician signed in', async () => {
    await expect(checkAvailability({ hours, now: () => open, onlineCount: async () => 1 })).resolves.toEqual({ available: true, hours: describeHours(hours) });
  });

  it('is unavailable inside hours when nobody is signed in', async () => {
    await expect(checkAvailability({ hours, now: () => open, onlineCount: async () => 0 })).resolves.toMatchObject({ available: false, reason: 'nobody_online' });
  });

  it('is unavailable outside hours even with someone signed in, and says when it opens', async () => {
    const sunday = at('2026-04-05T16:00:00Z');
    await expect(checkAvailability({ hours, now: () => sunday, onlineCount: async () => 3 })).resolves.toMatchObject({
      available: false,
      reason: 'closed',
      opensAgain: 'Monday at 08:00',
    });
  });
});

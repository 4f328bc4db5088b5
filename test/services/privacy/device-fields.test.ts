import { readModel, readPurchaseDate, readSerial } from '../../../src/services/privacy/device-fields';

const NOW = Date.parse('2026-11-15T12:00:00Z');

describe('reading device details', () => {
  it.each([
    ['last March', '2025-03'],
    ['2 years ago', '2024-11-15'],
    ['I bought it in 2023', '2023'],
    ['15 June 2025', '2025-06-15'],
    ['yesterday', '2026-11-14'],
  ])('reads the purchase date "%s" as %s', (text, iso) => {
    expect(readPurchaseDate(text, NOW)).toEqual({ ok: true, value: iso });
  });

  // Fixed clocks at a month's end: the recognizer counts months with Date.setMonth, so on 31 March
  // "last month" was "31 February", that is 3 March. Dates are read as the refund dates are.
  it.each([
    ['2026-03-31T12:00:00Z', 'last month', '2026-02'],
    ['2026-12-31T12:00:00Z', 'previous month', '2026-11'],
    ['2026-03-31T12:00:00Z', 'a month ago', '2026-02-28'],
    ['2026-05-31T12:00:00Z', '3 months ago', '2026-02-28'],
    ['2026-03-31T12:00:00Z', 'the 5th of last month', '2026-02-05'],
    ['2026-06-15T12:00:00Z', 'bought it on the 31st last month', '2026-05-31'],
    ['2026-05-31T12:00:00Z', 'in march', '2026-03'],
    ['2026-05-31T12:00:00Z', '3 March', '2026-03-03'],
    ['2026-05-31T12:00:00Z', 'last tuesday', '2026-05-26'],
  ])('on %s reads %j as %s', (now, text, iso) => {
    expect(readPurchaseDate(text, Date.parse(now))).toEqual({ ok: true, value: iso });
  });

  // A day the month lacks rolls over in the recognizer ("31 April" is 1 May): it is asked again, not filed.
  it.each([
    ['2026-05-31T12:00:00Z', 'bought it on the 31st last month'],
    ['2026-07-31T12:00:00Z', 'the 31st of last month'],
    ['2026-05-31T12:00:00Z', 'Feb 30'],
    ['2026-05-31T12:00:00Z', '2026-02-30'],
    ['2026-06-15T12:00:00Z', 'the 31st'],
  ])('on %s refuses %j as a day the month lacks', (now, text) => {
    expect(readPurchaseDate(text, Date.parse(now))).toMatchObject({ ok: false, reason: expect.stringMatching(/doesn't have that day/) });
  });

  it('refuses a date written in numbers that is read only in part', () => {
    expect(readPurchaseDate('2026-13-45', NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/couldn't work out a date/) });
  });

  it('refuses a purchase date in the future and says so', () => {
    expect(readPurchaseDate('next month', NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/future/) });
    expect(readPurchaseDate('March 2027', NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/future/) });
  });

  it('asks again when no date can be read', () => {
    expect(readPurchaseDate('no clue mate', NOW)).toMatchObject({ ok: false, reason: expect.stringMatching(/couldn't work out a date/) });
  });

  it('normalises serial numbers and refuses ones without digits', () => {
    expect(readSerial('S/N: c02x k1ab jg5h')).toEqual({ ok: true, value: 'C02XK1ABJG5H' });
    expect(readSerial('the serial number is 5CG1234XYZ.')).toEqual({ ok: true, value: '5CG1234XYZ' });
    expect(readSerial('dunno where')).toMatchObject({ ok: false });
  });

  it('reads a model and refuses an empty one', () => {
    expect(readModel("it's an HP LaserJet M110w")).toEqual({ ok: true, value: 'HP LaserJet M110w' });
    expect(readModel('?').ok).toBe(false);
  });
});

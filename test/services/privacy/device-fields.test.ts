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

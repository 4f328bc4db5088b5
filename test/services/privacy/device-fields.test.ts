import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadBrandNames } from '../../../src/services/nlu/content';
import { errorCodesIn, osFamilyIn, readModel, readOsVersion, readPurchaseDate, readSerial, triedAlready } from '../../../src/services/privacy/device-fields';

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

  // Any text was kept: "it says 0x80070002" was filed as the Windows version.
  it.each(['Windows 11', 'iOS 17.3', 'macOS Sonoma', 'android 14', '23H2', 'Windows 10 version 22H2', 'build 22631', '17.3', 'win11', 'ChromeOS'])(
    'reads %j as a system version',
    (text) => {
      expect(readOsVersion(text)).toEqual({ ok: true, value: text });
    },
  );

  it.each(['yeah ran it, still fails', 'still fails', 'yeah ran it', 'the laptop', 'i dont have another cable'])('refuses %j as a system version, saying what is wanted', (text) => {
    expect(readOsVersion(text)).toMatchObject({ ok: false, reason: expect.stringMatching(/like "Windows 11 23H2"/) });
  });

  // "2" (meant for an earlier list's option) was kept as the system version.
  it.each(['2', '10', ' 14 '])('refuses the bare number %j as a system version when no system is known, saying why', (text) => {
    expect(readOsVersion(text)).toEqual({ ok: false, reason: "A number alone doesn't say which system it is." });
  });

  it.each<[string, Parameters<typeof readOsVersion>[1], string]>([
    ['10', 'Windows', 'Windows 10'],
    ['11', 'Windows', 'Windows 11'],
    ['14', 'macOS', 'macOS 14'],
    ['18', 'iOS', 'iOS 18'],
    ['14', 'Android', 'Android 14'],
  ])('reads the bare number %j as a version of %s, the system already known', (text, family, version) => {
    expect(readOsVersion(text, family)).toEqual({ ok: true, value: version });
  });

  it('refuses a bare number the known system has no version by, and keeps a named system whatever the family', () => {
    expect(readOsVersion('2', 'Windows')).toEqual({ ok: false, reason: "That number isn't a Windows version." });
    expect(readOsVersion('macOS Sonoma', 'Windows')).toEqual({ ok: true, value: 'macOS Sonoma' });
  });

  it.each<[string, ReturnType<typeof osFamilyIn>]>([
    ['Your Windows version helps us match known update problems.', 'Windows'],
    ['my macbook is slow', 'macOS'],
    ['Is it a Windows PC or a Mac?', undefined],
    ['fix your printer', undefined],
  ])('osFamilyIn(%j) is %j', (text, family) => {
    expect(osFamilyIn(text)).toBe(family);
  });

  // The whole sentence was kept as the system version.
  it.each([
    ['Windows 11 but it still fails', 'Windows 11'],
    ['iOS 17.3, i think', 'iOS 17.3'],
    ['Windows 11 and it still fails with 0x80070005', 'Windows 11'],
    ['macOS Sonoma - still the same', 'macOS Sonoma'],
    ['Windows 11 (error 0x80070005)', 'Windows 11'],
    ['Windows 11 (23H2)', 'Windows 11 (23H2)'],
    ['Windows 11 Home, version 23H2', 'Windows 11 Home, version 23H2'],
    ['android 14 and one ui 6', 'android 14 and one ui 6'],
  ])('reads %j as the system version %j, without what follows about the problem', (text, version) => {
    expect(readOsVersion(text)).toEqual({ ok: true, value: version });
  });

  it.each([
    ['it says 0x80070002', '0x80070002'],
    ['Windows 11, error 80070005 and then 0xc1900101', 'error 80070005, 0xc1900101'],
    ['Windows 11 23H2', undefined],
  ])('finds the error codes in %j', (text, codes) => {
    expect(errorCodesIn(text)).toBe(codes);
  });

  it.each(['it says 0x80070002', '0x800f0922', 'error 80070005'])('refuses the error code %j as a system version and says it is one', (text) => {
    expect(readOsVersion(text)).toMatchObject({ ok: false, reason: expect.stringMatching(/^That looks like an error code, not the system version/) });
  });

  it.each<[string, string | undefined]>([
    ['i tried another cable', 'another cable'],
    ['already used a different charger and a different wall socket', 'another charger and another socket'],
    ['tried restarting it', 'that'],
    ['i havent tried another cable', undefined],
    ['i dont have another cable', undefined],
    ['tried another cable, its an iphone 13', undefined],
    ['iPhone 13', undefined],
  ])('triedAlready(%j) is %j', (text, tried) => {
    expect(triedAlready(text)).toBe(tried);
  });

  // "i dont have another cable" was kept as the model.
  it.each(['i dont have another cable', 'yeah ran it, still fails', 'what do you mean by that'])('refuses %j as a model', (text) => {
    expect(readModel(text)).toMatchObject({ ok: false, reason: expect.stringMatching(/doesn't look like a make or model/) });
  });

  it.each(['Pixel 7', 'Echo Dot', 'Sound Blaster', 'iPhone', 'Kobo Clara', 'my samsung tv', 'Dell XPS 13', 'ThinkPad'])('reads %j as a model', (text) => {
    expect(readModel(text)).toMatchObject({ ok: true });
  });

  // Longer answers are models only by a maker's or brand's name, the same names the router knows.
  it.each(['its the lenovo one from work', 'my old hp that came with the desk', 'the sonos one in the kitchen', 'the bravia in the lounge'])(
    'reads %j, a longer answer, by its maker or brand',
    (text) => {
      expect(readModel(text)).toMatchObject({ ok: true });
    },
  );

  // The model reader had a list of its own, which drifted from the makers the router knew.
  it('knows a maker added to content/nlu/devices.yaml', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'brands-'));
    try {
      const file = path.join(dir, 'devices.yaml');
      const text = readFileSync(path.resolve('content/nlu/devices.yaml'), 'utf8');
      writeFileSync(file, text.replace('makers:\n', 'makers:\n  zorvex: [phone, tv]\n').replace('brands: [', 'brands: [quillo, '));
      const answer = 'the zorvex one i got last year';
      expect(readModel(answer)).toMatchObject({ ok: false });
      expect(readModel(answer, loadBrandNames(file))).toMatchObject({ ok: true });
      expect(readModel('my quillo that keeps dying', loadBrandNames(file))).toMatchObject({ ok: true });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

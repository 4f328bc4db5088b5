import { addsDetail, keepDetail, typesAName } from '../../../src/dialogs/handoff/follow-up-offer';

describe('details typed at the follow-up offer', () => {
  it.each(['it was last tuesday', '49.99', 'its the printer in the office, error E3', 'my pin is [removed], E3'])('"%s" tells something about the problem', (text) => {
    expect(addsDetail(text)).toBe(true);
  });

  it.each(['yes', 'ok', 'hmm', '?', 'ok sure', 'what happens next?', 'is it free', '[removed]', 'thanks', 'asdf', 'qwertyuiop', 'jkjkjk sdfsdf'])('"%s" does not', (text) => {
    expect(addsDetail(text)).toBe(false);
  });

  it('keeps the latest three, each cut to 300 characters', () => {
    const kept = ['a1', 'b2', 'c3', 'x'.repeat(400)].reduce<string[]>((all, d) => keepDetail(all, d), []);
    expect(kept.slice(0, 2)).toEqual(['b2', 'c3']);
    expect(kept[2]).toHaveLength(300);
    expect(kept[2].endsWith('…')).toBe(true);
  });
});

describe('a name typed at the follow-up offer', () => {
  it.each(['Jo Bloggs', 'Mary Ann Lee', 'my name is jo bloggs', "hi, my name's Sam"])('"%s" is a name', (text) => {
    expect(typesAName(text)).toBe(true);
  });

  it.each(['jo bloggs', 'Printer Offline', 'Still Broken', 'it was last tuesday', 'Call Me', 'Email Me', 'No Thanks', 'my name is wrong on the bill', 'Jo'])('"%s" is not', (text) => {
    expect(typesAName(text)).toBe(false);
  });
});

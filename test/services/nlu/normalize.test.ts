import { americanise, NEGATIVE, rawTokens, stem } from '../../../src/services/nlu/normalize';
import fc from 'fast-check';
import { DamerauLevenshteinDistance } from '../../../src/services/nlu/natural-parts';
import { isSlip, oneEditApart } from '../../../src/services/nlu/spelling';

describe('rawTokens', () => {
  it('keeps contractions typed with or without an apostrophe as one word', () => {
    expect(rawTokens("Printer WON'T print")).toEqual(['printer', 'wont', 'print']);
    expect(rawTokens('printer won’t print')).toEqual(['printer', 'wont', 'print']);
  });

  it('joins the spellings people use for e-mail, wi-fi and t.v.', () => {
    expect(rawTokens('E-mail and wi-fi and wi fi on the T.V.')).toEqual(['email', 'and', 'wifi', 'and', 'wifi', 'on', 'the', 'tv']);
  });
});

describe('stem', () => {
  it.each(['wont', 'doesnt', 'cannot', 'hasnt', 'werent', 'shouldnt'])('reads the negated verb %s as the one negative feature', (verb) => {
    expect(stem(verb)).toBe(NEGATIVE);
  });

  // "nothing else thanks" ends a chat and "never mind" cancels: they keep features of their own.
  it.each(['no', 'never', 'nothing', 'none', 'without'])('keeps %s a feature of its own', (word) => {
    expect(stem(word)).not.toBe(NEGATIVE);
  });
});

describe('americanise', () => {
  it.each([
    ['recognised', 'recognized'],
    ['organisation', 'organization'],
    ['colour', 'color'],
    ['behaviour', 'behavior'],
    ['cancelled', 'canceled'],
    ['fibre', 'fiber'],
  ])('reads %s as %s', (uk, us) => {
    expect(americanise(uk)).toBe(us);
  });

  it.each(['compromised', 'advertise', 'promise', 'noise', 'your', 'hour'])('leaves %s alone', (word) => {
    expect(americanise(word)).toBe(word);
  });
});

describe('isSlip (a training misspelling of a common word)', () => {
  it.each([
    ['pritner', 'printer'],
    ['internt', 'internet'],
    ['alexxa', 'alexa'],
  ])('%s is a slip for %s', (typed, word) => {
    expect(isSlip(typed, word)).toBe(true);
  });

  it.each([
    ['fibre', 'fire'],
    ['monkey', 'money'],
    ['expert', 'export'],
    ['printers', 'printer'],
  ])('%s is a word of its own, not a slip for %s', (typed, word) => {
    expect(isSlip(typed, word)).toBe(false);
  });
});

describe('oneEditApart (restricted Damerau-Levenshtein distance 1, without natural\'s matrix)', () => {
  const natural = (a: string, b: string) => DamerauLevenshteinDistance(a, b, { restricted: true }) === 1;

  it.each([
    ['gmial.com', 'gmail.com', true],
    ['gmail.con', 'gmail.com', true],
    ['yaho.com', 'yahoo.com', true],
    ['hotmaill.com', 'hotmail.com', true],
    ['xgmail.com', 'gmail.com', true],
    ['gmail.co', 'gmail.com', true],
    ['gmail.com', 'gmail.com', false],
    ['gmail.comm.', 'gmail.com', false],
    ['example.com', 'gmail.com', false],
    ['', 'a', true],
    ['ab', 'ba', true],
    ['abc', 'cba', false],
  ])('%s and %s: %s, as natural reads them', (a, b, expected) => {
    expect(oneEditApart(a, b)).toBe(expected);
    expect(oneEditApart(b, a)).toBe(expected);
    expect(natural(a, b)).toBe(expected);
  });

  it('agrees with natural on any two short strings and on a string and its one- or two-edit variants', () => {
    const letters = fc.string({ unit: fc.constantFrom('a', 'b', 'c', '.'), maxLength: 7 });
    fc.assert(fc.property(letters, letters, (a, b) => oneEditApart(a, b) === natural(a, b)), { numRuns: 3000 });
    const edit = (s: string, at: number, kind: number, c: string): string => {
      const i = s.length ? at % (s.length + 1) : 0;
      if (kind === 0) return s.slice(0, i) + c + s.slice(i);
      if (kind === 1) return s.slice(0, i) + s.slice(i + 1);
      if (kind === 2) return s.slice(0, i) + c + s.slice(i + 1);
      return s.slice(0, i) + s.slice(i + 1, i + 2) + s.slice(i, i + 1) + s.slice(i + 2);
    };
    const step = fc.tuple(fc.nat(), fc.integer({ min: 0, max: 3 }), fc.constantFrom('a', 'm', 'o', '.'));
    fc.assert(
      fc.property(fc.constantFrom('gmail.com', 'hotmail.co.uk', 'yahoo.com', 'icloud.com'), fc.array(step, { minLength: 1, maxLength: 2 }), (domain, steps) => {
        const typed = steps.reduce<string>((s, [at, kind, c]) => edit(s, at, kind, c), domain);
        return oneEditApart(typed, domain) === natural(typed, domain);
      }),
      { numRuns: 3000 },
    );
  });
});

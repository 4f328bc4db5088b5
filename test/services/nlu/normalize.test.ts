import { americanise, NEGATIVE, rawTokens, stem } from '../../../src/services/nlu/normalize';
import { isSlip } from '../../../src/services/nlu/spelling';

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

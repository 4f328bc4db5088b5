import { wholeAnswerReader } from '../../../src/dialogs/shared/whole-answer';

describe('wholeAnswerReader: only a whole answer counts', () => {
  const read = wholeAnswerReader({ no: ['(?:no,? )?keep (?:it|them|my data)'] });

  // A user who changes their mind says so before the no; it is still a whole no, and a no only
  // keeps things as they are.
  it.each(['actually no, keep it', 'actually no', 'on second thought, no', 'on second thoughts no', 'hmm no', 'sorry, no thanks', 'Actually, no.', 'you know what, no', 'actually keep it'])(
    '"%s" is a no',
    (text) => expect(read(text)).toBe('no'),
  );

  // A pause or a change of mind toward yes is not a whole answer: yes stays strict.
  it.each(['hold on, do not delete it', 'wait no', 'actually yes', 'actually, go ahead', 'actually no idea'])('"%s" is neither', (text) => expect(read(text)).toBeUndefined());

  it.each(['yes', 'no', 'no thanks', 'keep it'])('plain "%s" still reads as before', (text) => expect(read(text)).toBe(text === 'yes' ? 'yes' : 'no'));
});

import { scamPartsIn } from '../../../src/services/nlu/scam';

describe('the parts of a tech-support scam a message tells', () => {
  it.each([
    ['a pop up said my computer is infected and to call microsoft', ['support']],
    ['microsoft called me about a virus', ['support']],
    ['they already called and i gave them my card number', ['payment']],
    ['i paid them with gift cards', ['payment']],
    ['they have remote access to my computer now', ['remote']],
    ["he's controlling my mouse", ['remote']],
    ['i let them in and gave them my bank details', ['payment', 'remote']],
    // Someone asking to get in, not yet in: not the computer to cut off, but them not to let in.
    ['let them connect to my computer', ['wants']],
    ['should i let them connect to my computer?', ['wants']],
    ['they want to connect to my computer', ['wants']],
    ['the caller wants remote access', ['wants']],
    ['microsoft called and they want to connect to my computer', ['support', 'wants']],
  ])('%j tells %j', (text, parts) => {
    expect(scamPartsIn(text)).toEqual(parts);
  });

  // Our own remote access asked for, the TV's remote, a computer at a repair shop, a bill: no scam.
  it.each(['can someone get remote access to my pc', 'which remote? i have 3', 'they have my computer at the shop', 'i want to pay my bill', 'let the technician connect remotely', 'they want to connect to my wifi', 'can you connect to my computer'])(
    '%j tells none',
    (text) => {
      expect(scamPartsIn(text)).toEqual([]);
    },
  );
});

import { isKeyboardMash } from '../../../src/services/nlu/keyboard-mash';

describe('isKeyboardMash: a message that is obvious keyboard mash, not something the user meant', () => {
  it.each(['asdf', 'asdfgh', 'asdfjkl', 'qwertyuiop', 'ASDF', 'fdsa', 'zxcv', 'hjkl', 'jkjkjk', 'sdfsdf', 'aaaa', 'xxxxx', 'kjhkjh', 'asdf asdf', 'sdfgd!!'])('"%s" is', (text) => {
    expect(isKeyboardMash(text)).toBe(true);
  });

  it.each([
    'it was last tuesday',
    '49.99',
    'its the printer in the office, error E3',
    'E3',
    'pdf',
    'ssd',
    'dns',
    'hdmi',
    'wifi',
    'router',
    'power',
    'typewriter',
    'were',
    'rhythm',
    'abc',
    'asdf printer',
    'asdf123',
    '',
  ])('"%s" is not', (text) => {
    expect(isKeyboardMash(text)).toBe(false);
  });
});

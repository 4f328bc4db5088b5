import { physicalDamageIn } from '../../../src/services/nlu/damage';

describe('physicalDamageIn: liquid or broken glass told in a message', () => {
  it.each([
    'i spilled coffee on my laptop',
    'my phone fell in water',
    'dropped my phone in the toilet',
    'my ipad got wet',
    'water damage on my tablet',
    'my kid poured juice all over the keyboard',
    'coffee all over my laptop',
    'my phone went in the washing machine',
  ])('%j is liquid', (text) => {
    expect(physicalDamageIn(text)).toBe('liquid');
  });

  it.each(['my screen is cracked', 'i smashed my phone screen', 'the tv screen shattered', 'my laptop hinge snapped'])('%j is impact', (text) => {
    expect(physicalDamageIn(text)).toBe('impact');
  });

  // Words a guide answers, or a question the billing team does.
  it.each([
    'my phone says moisture detected',
    'my screen is broken',
    'my wifi keeps dropping',
    'the water heater app wont open',
    'my iphone screen cracked, is that covered by warranty',
    'my phone wont charge',
  ])('%j is no damage', (text) => {
    expect(physicalDamageIn(text)).toBeUndefined();
  });
});

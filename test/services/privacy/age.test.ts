import fc from 'fast-check';
import { saysUnder13, statedAge } from '../../../src/services/privacy/age';

describe('noticing that a user says they are under 13', () => {
  it.each([
    ["I'm 12", 12],
    ['i am 11 years old', 11],
    ['im 10', 10],
    ['my age is 9', 9],
    ["I’m 12 and my tablet won't charge", 12],
    ['I am a 9-year-old', 9],
    ['im 10yo', 10],
    ["I'm only eleven.", 11],
    ["i'm twelve", 12],
    ["I'm under 13", 12],
    ['my age: 8', 8],
    // A question or clause right after the age, without a comma (at the email or phone question).
    ["i'm only 11 is that ok", 11],
    ['im 12 can my mom call', 12],
    ["I'm 9 my dad is at work", 9],
    ['im 10 if that matters', 10],
    ['i am 12 what do i do', 12],
    ["I'm twelve i think", 12],
    ["i'm 11 years of age", 11],
    ['im 10 yrs of age and my ipad broke', 10],
  ])('"%s" says the user is %i', (text, age) => {
    expect(statedAge(text)).toBe(age);
    expect(saysUnder13(text)).toBe(true);
  });

  it.each([
    'I have 12 devices',
    'my laptop runs windows 10',
    "I'm on Windows 10",
    "I'm 10 minutes into the update",
    "I'm 5 steps in and it still fails",
    "I'm 10 years into my subscription and never had this",
    "I'm 100% sure it is plugged in",
    "I'm 12.5 km from the office",
    'error code 12',
    'my son is 12',
    "I'm 35",
    "I'm 13",
    'I am thirteen years old',
    "I'm one of your customers",
    // A count or a measure followed by a question is still no age.
    "I'm 12 years into this job",
    "I'm 12 years into this job is that why",
    "I'm 10 minutes in is that normal",
    "I'm 5 steps in can you help",
    "I'm 10 percent done is it stuck",
    "I'm 12% charged is that ok",
    "I'm on 11 is that the latest",
    "I'm 12 inches from the router",
    "I'm 12 in the queue",
    "I'm 7 items into the list, can you wait",
  ])('"%s" does not', (text) => {
    expect(saysUnder13(text)).toBe(false);
  });

  it('recognises any age from 4 to 12 in the usual phrasings', () => {
    const phrasings = [(n: number) => `I'm ${n}`, (n: number) => `i am ${n} years old`, (n: number) => `im ${n}`, (n: number) => `my age is ${n}`, (n: number) => `hi, I'm ${n}!`];
    fc.assert(
      fc.property(fc.integer({ min: 4, max: 12 }), fc.constantFrom(...phrasings), (age, phrase) => saysUnder13(phrase(age)) && statedAge(phrase(age)) === age),
    );
  });

  it('never takes a count of things or a version number for an age', () => {
    const nouns = ['devices', 'printers', 'minutes', 'tabs open', 'errors', 'GB free', 'steps'];
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 12 }), fc.constantFrom(...nouns), (n, noun) => {
        return !saysUnder13(`I have ${n} ${noun}`) && !saysUnder13(`I'm ${n} ${noun} in`) && !saysUnder13(`I'm ${n} ${noun} in is that ok`) && !saysUnder13(`windows ${n}`) && !saysUnder13(`I'm on version ${n}`);
      }),
    );
  });
});

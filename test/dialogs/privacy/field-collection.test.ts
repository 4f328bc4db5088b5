import { isDecline, purposeClause } from '../../../src/dialogs/privacy/field-collection';

describe('declining and explaining a question', () => {
  it.each(['skip', 'Skip.', 'no thanks', 'No, thank you', 'rather not', "I'd rather not say", 'prefer not to say', "I don't know", 'n/a'])('"%s" declines', (text) => {
    expect(isDecline(text)).toBe(true);
  });

  // An optional question was asked again after "i dont want to give my email" (as an address, or as an opt-out).
  it.each(["i don't want to give my email", 'i dont want to give it', 'nope dont want to', 'no i do not want to share my phone number', "not giving you my number", "I'm not giving it out"])('"%s" declines', (text) => {
    expect(isDecline(text)).toBe(true);
  });

  it.each(['ana@example.com', 'no.reply@example.com', 'Skipper Jones', 'none of your business street 5, Springfield, IL 62701', 'i dont want to give up on it, the number is 415 555 2671'])('"%s" is an answer', (text) => {
    expect(isDecline(text)).toBe(false);
  });

  it('turns a caller\'s purpose into a clause, and leaves out whole sentences', () => {
    expect(purposeClause('send you the repair quote')).toBe('to send you the repair quote');
    expect(purposeClause('so a technician can call you back')).toBe('so a technician can call you back');
    expect(purposeClause('Your Windows version helps us match known update problems. You can see it in Settings.')).toBeUndefined();
    expect(purposeClause('Knowing your phone or tablet model tells us its charging port and the right charger.')).toBeUndefined();
  });
});

import { costOfHelpAsked } from '../../../src/services/nlu/cost-of-help';

describe('a question about what the help costs', () => {
  it.each([
    'do i need to pay for this help?',
    'is this free?',
    'does this cost anything?',
    'how much does this chat cost',
    'is the chat free',
    'will i be charged for this?',
    'do you charge for this?',
    'is there a fee for this?',
    'does it cost money to talk to a technician',
    'Is this service free of charge?',
  ])('"%s" asks it', (text) => expect(costOfHelpAsked(text)).toBe(true));

  it.each([
    'how do i pay my bill',
    'how much is the annual plan',
    'how do i free up space',
    'my phone says the storage is free',
    'do i need to pay by card',
    'is the annual plan worth it',
    'can i pay online',
    'i was charged twice',
    'is my free trial over',
    'will i be charged again after i cancel',
    'do i need to pay for the repair parts separately',
  ])('"%s" does not', (text) => expect(costOfHelpAsked(text)).toBe(false));
});

import { maskContact, maskEmail, maskPhone, maskWords } from '../../../src/services/handoff/masking';
import { assignedMessage, asksAboutTheWait, cancelsFollowUp, followUpInstead, parseRating, isStopWaiting, keepsWaiting, leavesTheQueue, refusesTheCall } from '../../../src/services/handoff/handoff-texts';
import type { HandoffRecord } from '../../../src/services/handoff/handoff-record';

describe('masking personal data for technician views', () => {
  it('masks an email like j***@e***.com', () => {
    expect(maskEmail('jane.doe@example.com')).toBe('j***@e***.com');
    expect(maskEmail('bob@mail.example.co.uk')).toBe('b***@m***.uk');
  });

  it('keeps only the last two digits of a phone number', () => {
    expect(maskPhone('+14155550123')).toBe('+*********23');
    expect(maskPhone('(415) 555-0123')).toBe('(***) ***-**23');
  });

  it('keeps the first letter of each word of a name or address', () => {
    expect(maskWords('Jane Doe')).toBe('J*** D***');
    expect(maskWords('12 Main Street, Springfield')).toBe('1*** M*** S*** S***');
  });

  it('masks every field and never returns the original values', () => {
    const contact = { name: 'Jane Doe', email: 'jane@example.com', phone: '+14155550123', address: '12 Main Street' };
    const masked = maskContact(contact);
    for (const [field, value] of Object.entries(contact)) {
      expect(masked[field as keyof typeof masked]).toBeDefined();
      expect(masked[field as keyof typeof masked]).not.toContain(value.slice(1));
    }
  });
});

describe('reading the user during a handoff', () => {
  it.each([
    ['5', 5],
    ['4 stars', 4],
    ['3/5', 3],
    ['five', 5],
    ["I'd give it 4", 4],
    ['1.', 1],
  ])('"%s" is a rating of %d', (text, rating) => {
    expect(parseRating(text)).toBe(rating);
  });

  it.each(['6', '0', 'my printer has 5 trays', 'thanks'])('"%s" is not a rating', (text) => {
    expect(parseRating(text)).toBeUndefined();
  });

  it.each(['stop waiting', 'Cancel', 'please stop waiting', 'I want to leave the queue', 'never mind'])('"%s" stops waiting', (text) => {
    expect(isStopWaiting(text)).toBe(true);
  });

  it.each(['my print job wont cancel', 'how long is the wait?', 'stop the printer from beeping'])('"%s" does not stop waiting', (text) => {
    expect(isStopWaiting(text)).toBe(false);
  });

  it.each(['stop waiting', 'Cancel my request.', "I don't need help anymore", 'I want to leave the queue'])('"%s" leaves the queue in so many words', (text) => {
    expect(leavesTheQueue(text)).toBe(true);
    expect(keepsWaiting(text)).toBe(false);
  });

  it.each(['cancel', 'never mind', 'Cancel.', "actually I'll keep waiting", "I'll wait", 'ok I can wait then'])('"%s" at the number for a callback instead keeps the place', (text) => {
    expect(keepsWaiting(text)).toBe(true);
    expect(leavesTheQueue(text)).toBe(false);
  });

  it.each(['415 555 2671', 'wait, is the number with the area code?'])('"%s" neither keeps the place nor leaves the queue', (text) => {
    expect(keepsWaiting(text)).toBe(false);
    expect(leavesTheQueue(text)).toBe(false);
  });

  it.each(['how long?', 'How long will I have to wait?', 'where is my technician', "what's my position in the queue?", 'still waiting...', 'how many people are ahead of me', 'how much longer?', 'hw long now', 'so what happens now?', "what's next"])(
    '"%s" asks about the wait',
    (text) => {
      expect(asksAboutTheWait(text)).toBe(true);
    },
  );

  it.each(['how long does a printer last', 'where is the printer menu', 'any update on windows', 'still waiting for the update to install', 'what happens next in the setup'])('"%s" is about something else', (text) => {
    expect(asksAboutTheWait(text)).toBe(false);
  });

  it.each(['cancel my callback', 'Cancel the call back please', 'cancel my email', 'remove my callback', "i don't need the callback anymore", 'no need to call me'])('"%s" cancels a follow-up', (text) => {
    expect(cancelsFollowUp(text)).toBe(true);
  });

  // Opt-outs and other requests, not a ticket: "stop sending me marketing emails" must never end one.
  // "remove my email" asks to delete the address on file, not to call off the ticket.
  it.each(['stop sending me marketing emails', 'stop emailing me', 'please unsubscribe me from your promotional emails', 'cancel my subscription', 'my print job wont cancel', 'remove my email', 'remove my e-mail please'])(
    '"%s" does not cancel a follow-up',
    (text) => {
      expect(cancelsFollowUp(text)).toBe(false);
    },
  );

  // With a callback ticket open, the call refused is that call (the guard cancels it); before, marketing calls were turned off.
  it.each(['stop calling me, i fixed it myself', 'dont call me, its fixed', 'Stop calling me!', "you don't need to call me anymore", 'please dont call me back'])(
    '"%s" refuses the call',
    (text) => {
      expect(refusesTheCall(text)).toBe(true);
    },
  );

  // A time for the call, our marketing, or the other channel asked for instead.
  it.each(['dont call me before 5pm', 'stop calling me with sales offers', 'stop calling and texting me', 'dont call me, email me instead', 'my phone keeps calling people'])(
    '"%s" does not refuse the call awaited',
    (text) => {
      expect(refusesTheCall(text)).toBe(false);
    },
  );

  // At the question for a callback's phone number (or an email's address): the other follow-up.
  it.each([
    ['callback', 'actually can you email me instead', 'email'],
    ['callback', 'email instead please', 'email'],
    ['callback', "i'd rather get an email", 'email'],
    ['callback', "I don't have a phone", 'email'],
    ['callback', 'no phone', 'email'],
    ['callback', 'I haven’t got a mobile phone', 'email'],
    ['callback', "please don't call me", 'email'],
    // No phone to take the call on: the phone's own problem can wait until the follow-up is arranged.
    ['callback', 'my phone is broken', 'email'],
    ['callback', "my phone doesn't work", 'email'],
    ['callback', "I don't have a phone right now", 'email'],
    ['email', 'call me instead', 'callback'],
    ['email', 'a phone call would be better', 'callback'],
    ['email', "I don't have an email address", 'callback'],
    ['email', 'no email', 'callback'],
    ['email', "i'd rather not give my email", 'callback'],
    ['callback', "I'd prefer not to share my number", 'email'],
  ] as const)('at the %s contact question "%s" turns to the %s', (kind, text, other) => {
    expect(followUpInstead(kind, text)).toBe(other);
  });

  // Answers to the question itself, right or wrong, stay answers: the contact dialog reads them.
  it.each([
    ['callback', '415 555 0123'],
    ['callback', 'no my number is 415 555 0123'],
    ['callback', 'call me on 415 555 0123'],
    ['callback', 'my phone is broken, call me on 415 555 0123'],
    ['callback', "don't email me, call"],
    ['email', 'jo@example.com'],
    ['email', 'email me at jo@example.com'],
    ['email', 'jo at example dot com'],
    ['email', "I don't have my phone with me"],
  ] as const)('at the %s contact question "%s" is no change of follow-up', (kind, text) => {
    expect(followUpInstead(kind, text)).toBeUndefined();
  });

  it('a person joining a billing handoff is from our billing team; any other is one of our technicians', () => {
    const handoff = { id: 'T-1', kind: 'live' } as HandoffRecord;
    expect(assignedMessage({ ...handoff, team: 'billing' }, 'Sam').text).toMatch(/^Sam, from our billing team, has joined/);
    expect(assignedMessage(handoff, 'Sam').text).toMatch(/^Sam, one of our technicians, has joined/);
  });
});

import { maskContact, maskEmail, maskPhone, maskWords } from '../../../src/services/handoff/masking';
import { asksAboutTheWait, cancelsFollowUp, parseRating, isStopWaiting } from '../../../src/services/handoff/handoff-texts';

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

  it.each(['how long?', 'How long will I have to wait?', 'where is my technician', "what's my position in the queue?", 'still waiting...', 'how many people are ahead of me'])(
    '"%s" asks about the wait',
    (text) => {
      expect(asksAboutTheWait(text)).toBe(true);
    },
  );

  it.each(['how long does a printer last', 'where is the printer menu', 'any update on windows', 'still waiting for the update to install'])('"%s" is about something else', (text) => {
    expect(asksAboutTheWait(text)).toBe(false);
  });

  it.each(['cancel my callback', 'Cancel the call back please', 'cancel my email', "i don't need the callback anymore", 'no need to call me'])('"%s" cancels a follow-up', (text) => {
    expect(cancelsFollowUp(text)).toBe(true);
  });

  // Opt-outs and other requests, not a ticket: "stop sending me marketing emails" must never end one.
  it.each(['stop sending me marketing emails', 'stop emailing me', 'please unsubscribe me from your promotional emails', 'cancel my subscription', 'my print job wont cancel'])(
    '"%s" does not cancel a follow-up',
    (text) => {
      expect(cancelsFollowUp(text)).toBe(false);
    },
  );
});

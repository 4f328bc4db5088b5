import { callTimeBesideNumber, noteForTicket, preferredCallTime } from '../../../src/services/handoff/ticket-additions';

describe('preferredCallTime: when a user would like their call back', () => {
  it.each([
    ['please call after 3pm', 'after 3pm', true],
    ['call after 3pm', 'after 3pm', true],
    // A change of time, "instead": it was read as nothing, and the status said again.
    ['ok can they call after 5pm instead', 'after 5pm', true],
    ['tomorrow morning is best', 'tomorrow morning', true],
    ["i'm free weekdays after 5", 'weekdays after 5', true],
    ['I’m free after work', 'after work', true],
    ['can you call me tomorrow after 2pm?', 'tomorrow after 2pm', true],
    ['the best time is after 6pm', 'after 6pm', true],
    ['Tomorrow at 9am works for me', 'Tomorrow at 9am', true],
    ['can you call me at 3pm instead', 'at 3pm', true],
    // Why the time changes, said first, and "u": it was "not something I can help with".
    ['actually im busy tomorrow, can u call wednesday', 'wednesday', true],
    // "make it" of the call just arranged: it was "not something I can help with".
    ['and make it after 5pm', 'after 5pm', true],
    ['can you make it tomorrow morning', 'tomorrow morning', true],
    // Busy for a while, and the call put after it or out of it: the time was lost.
    ["i'm at lunch until 2, call after that", 'after 2', true],
    ['im in a meeting till 3pm so call me after', 'after 3pm', true],
    ["actually i'll be at lunch 12-1, dont call then", 'not between 12 and 1', true],
    ["i'll be out from 2 to 4, please don't call then", 'not between 2 and 4', true],
    // Bare times: the guard takes them only when the bot asked nothing.
    ['tomorrow morning', 'tomorrow morning', false],
    ['not before 10', 'not before 10', false],
    ['any time after lunch', 'any time after lunch', false],
    ['between 2 and 4pm', 'between 2 and 4pm', false],
  ])('%j is %j', (said, time, namesTheCall) => {
    expect(preferredCallTime(said)).toEqual({ time, namesTheCall });
  });

  // Questions keep their status answer; greetings, numbers and requests are not times.
  it.each(['when will they call?', 'when will they call after 3pm', 'tomorrow morning?', 'morning', 'good evening', '10', '3', 'call me back', 'call me on 212 555 0123', 'my tv wont turn on'])(
    '%j is none',
    (said) => {
      expect(preferredCallTime(said)).toBeUndefined();
    },
  );
});

// At the phone question the number was kept and the time beside it lost.
describe('callTimeBesideNumber: a time for the call typed with the number', () => {
  it.each([
    ['(212) 555-0198 after 6pm', 'after 6pm'],
    ['my number is 212 555 0198, call after 6pm', 'after 6pm'],
    ['after 6pm on 212 555 0198', 'after 6pm'],
    ['212-555-0198 tomorrow morning is best', 'tomorrow morning'],
  ])('%j has %j', (said, time) => {
    expect(callTimeBesideNumber(said)).toBe(time);
  });

  it.each(['2125550198', 'my number is 212 555 0198', '212 555 0198 thanks', '212 555 0198 ext 23', 'after 6pm'])('%j has none', (said) => {
    expect(callTimeBesideNumber(said)).toBeUndefined();
  });
});

describe('noteForTicket: what a user asks to have added to their ticket', () => {
  it.each([
    ['can you add that the tv clicks', 'the tv clicks'],
    ['also tell them it smells burnt.', 'it smells burnt'],
    ['let them know that the remote is new', 'the remote is new'],
    ['one more thing: the light blinks twice', 'the light blinks twice'],
    ['add a note: it is a 2019 model', 'it is a 2019 model'],
    ['please add a note - it was dropped', 'it was dropped'],
  ])('%j adds %j', (said, note) => {
    expect(noteForTicket(said)).toBe(note);
  });

  it.each(['add my phone number', 'add printer to my ticket', 'my tv clicks', 'tell me more'])('%j adds nothing', (said) => {
    expect(noteForTicket(said)).toBeUndefined();
  });
});

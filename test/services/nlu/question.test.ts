import { asksRatherThanRequests, isQuestion } from '../../../src/services/nlu/question';

describe('isQuestion', () => {
  it.each(["what's a guest network", 'Whats a guest network', 'how long will this take', 'is it safe', 'can I just call you', 'where is the reset button', 'it is offline?', 'still offline ?  ', 'is it wifi maybe?', 'maybe it is the router, should i restart it?'])(
    '"%s" is a question',
    (text) => expect(isQuestion(text)).toBe(true),
  );

  // "did" opens answers at a guide's step; "and" opens an account of what happened.
  it.each(['did it, still offline', 'did that', 'and then it went offline', 'still offline', 'yes it is', 'I asked why', '', 'wifi i think?', 'usb maybe?', 'probably the cable?'])('"%s" is no question', (text) => {
    expect(isQuestion(text)).toBe(false);
  });
});

describe('asksRatherThanRequests', () => {
  it.each(['how do I unsubscribe?', 'will unsubscribing stop the texts?', 'why do you keep emailing me'])('"%s" asks about it', (text) => {
    expect(asksRatherThanRequests(text)).toBe(true);
  });

  it.each(['can you stop sending me offers?', 'Could you stop texting me', 'please stop emailing me', 'stop emailing me'])('"%s" asks for it', (text) => {
    expect(asksRatherThanRequests(text)).toBe(false);
  });
});

import { redactForLog } from '../../../src/channels/directline/log-redaction';

// The Direct Line log is kept (and echoed back to the client): the code the bot asked for must not
// be in it, though the bot's own turn gets it to check.
describe('redactForLog', () => {
  const logged = (text: string, asked: string | undefined) => redactForLog({ type: 'message', text }, { asked, defaultRegion: 'US' }).text;

  it.each(['821944', '82 19 44', '821 944', 'it is 82-19-44'])('keeps no code typed at the code question: %j', (text) => {
    expect(logged(text, 'otp')).toBe('[removed]');
  });

  it('keeps the other answers to the code question, and a code-sized number where no code was asked for is removed as a pasted code', () => {
    expect(logged('send a new code', 'otp')).toBe('send a new code');
    expect(logged('my password is hunter2', 'otp')).toBe('my password is [removed]');
    expect(logged('821944', undefined)).toBe('[removed]');
    expect(logged('my printer shows 82 19 44', undefined)).toBe('my printer shows 82 19 44');
  });

  it.each([
    ['Jane 493821', 'Jane [removed]'],
    ['Jane Doe 82 19 44', 'Jane Doe [removed]'],
    ['Jane 4938217', 'Jane [removed]'],
  ])('keeps no number typed with a name at the name question: %j', (text, kept) => {
    expect(logged(text, 'name')).toBe(kept);
  });

  it('keeps a phone number or email typed with the name (the name question keeps them for their own questions), and numbers elsewhere', () => {
    expect(logged('Jane Doe, 212-555-0198', 'name')).toBe('Jane Doe, 212-555-0198');
    expect(logged('Jane Doe jane@example.com', 'name')).toBe('Jane Doe jane@example.com');
    expect(logged('my printer shows 493821', 'text')).toBe('my printer shows 493821');
  });
});

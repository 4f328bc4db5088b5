import { redactForLog } from '../../../src/channels/directline/log-redaction';

// The Direct Line log is kept (and echoed back to the client): the code the bot asked for must not
// be in it, though the bot's own turn gets it to check.
describe('redactForLog', () => {
  const logged = (text: string, expectingOtp: boolean) => redactForLog({ type: 'message', text }, { expectingOtp, defaultRegion: 'US' }).text;

  it.each(['821944', '82 19 44', '821 944', 'it is 82-19-44'])('keeps no code typed at the code question: %j', (text) => {
    expect(logged(text, true)).toBe('[removed]');
  });

  it('keeps the other answers to the code question, and a code-sized number where no code was asked for is removed as a pasted code', () => {
    expect(logged('send a new code', true)).toBe('send a new code');
    expect(logged('my password is hunter2', true)).toBe('my password is [removed]');
    expect(logged('821944', false)).toBe('[removed]');
    expect(logged('my printer shows 82 19 44', false)).toBe('my printer shows 82 19 44');
  });
});

import { logContext, redactForLog } from '../../../src/channels/directline/log-redaction';

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

  it('keeps no password written after the account as a pair, nor one tried at sign-in', () => {
    expect(logged('apple id jo@x.com / hunter22', 'text')).toBe('apple id jo@x.com / [removed]');
    expect(logged('tried Summer2024! and Summer2025! neither work', undefined)).toBe('tried [removed] and [removed] neither work');
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

  // The log copy must lose what the bot's middleware removes, which reads the conversation so far: it reads the log.
  describe('from the conversation so far', () => {
    const bot = (text: string, helpline: object = {}) => ({ type: 'message', text, from: { role: 'bot' }, channelData: { helpline } });
    const user = (text: string) => ({ type: 'message', text, from: { role: 'user' } });
    const copy = (text: string, recent: object[]) => redactForLog({ type: 'message', text }, { ...logContext(recent as never), defaultRegion: 'US' }).text;

    it('removes "mine is X" after a question about a password, a message of the user\'s that named one, or one that had a password removed', () => {
      const asked = [bot('Type the Wi-Fi password again slowly.', { expects: 'choice' }), user('laptop')];
      expect(copy("mine is hunter22 and my son's is fluffy99", asked)).toBe("mine is [removed] and my son's is [removed]");
      const echoed = [bot('Restart the printer.', { expects: 'choice' }), bot('I removed a password from your message', { redacted: ['password'] }), user('the wifi key is [removed]')];
      expect(copy('mine is K9x!mP2q', echoed)).toBe('mine is [removed]');
      const named = [bot('Let me help with that.', { expects: 'text' }), user("what's the wifi password?")];
      expect(copy("mine is hunter22 and my son's is fluffy99", named)).toBe("mine is [removed] and my son's is [removed]");
      expect(copy("mine is the black one and my son's is the white one", named)).toBe("mine is the black one and my son's is the white one");
      const plain = [bot('Restart the printer.', { expects: 'choice' }), user('my printer is offline')];
      expect(copy('mine is K9x!mP2q', plain)).toBe('mine is K9x!mP2q');
    });

    it('removes a password typed alone after a message that ended with "my password is", and only then', () => {
      const announced = [bot('How can I help?', { expects: 'text' }), user('my password is')];
      expect(copy('Tr0ub4dor&3', announced)).toBe('[removed]');
      expect(copy('Tr0ub4dor&3', [bot('How can I help?', { expects: 'text' }), user('my printer is offline')])).toBe('Tr0ub4dor&3');
    });

    it('removes the rest of a card number after a message that had card data removed, and only then', () => {
      const echoed = [bot('Anything else?', { expects: 'text' }), bot('I removed a card number', { redacted: ['credit_card'] }), user('card [removed]')];
      expect(copy('1111 1111', echoed)).toBe('[removed]');
      // An earlier turn's echo does not count.
      expect(copy('1111 1111', [bot('Anything else?', { expects: 'text' }), user('thanks'), ...echoed])).toBe('1111 1111');
    });

    it('keeps a password named or removed for three messages while the user stays at the same question, as the bot does', () => {
      const step = { flow: 'wifi-password', stepId: 'retype' };
      const askStep = (text: string) => bot(text, { expects: 'choice', step });
      // Newest first: the password was removed two messages back, then "ok" at the same step, re-asked in other words.
      const stayed = [askStep('Did that fix it?'), user('ok'), bot('I removed a password', { redacted: ['password'] }), askStep('Type the Wi-Fi password again slowly.'), user('tried [removed]'), askStep('Type the Wi-Fi password again slowly.')];
      expect(copy('maybe its hunter2?', stayed)).toBe('maybe its [removed]');
      const named = [askStep('Did that fix it?'), user('ok'), askStep('Did that fix it?'), user('hmm'), askStep('Type the Wi-Fi password again slowly.'), user('is it the wifi password?')];
      expect(copy('maybe its hunter2?', named)).toBe('maybe its [removed]');
      // A fourth message is past it, and so is a message at another question (a network name at the next step).
      expect(copy('maybe its hunter2?', [askStep('Did that fix it?'), user('hmm'), ...named])).toBe('maybe its hunter2?');
      const moved = [bot('Which network do you see?', { expects: 'text', step: { flow: 'wifi-password', stepId: 'network' } }), user('ok'), ...stayed.slice(2)];
      expect(copy('maybe its HomeNet5G', moved)).toBe('maybe its HomeNet5G');
    });

    it('removes a password typed alone at a step about the password, every value of a list tried, and "or X" after one removed, as the bot does', () => {
      const warned = [bot('Never type your password here, or give it to anyone in a chat, including us.', { expects: 'choice' }), user('outlook keeps asking for my password')];
      expect(copy('Summer2024', warned)).toBe('[removed]');
      expect(copy('i tried Summer2024 and Summer2025', warned)).toBe('i tried [removed] and [removed]');
      expect(copy('ok', warned)).toBe('ok');
      const step = { flow: 'wifi-password', stepId: 'retype' };
      const retype = [bot('Type the Wi-Fi password again slowly.', { expects: 'choice', step }), user('Phone, tablet or computer')];
      expect(copy('Bluefish77', retype)).toBe('[removed]');
      expect(copy('NETGEAR47-5G', retype)).toBe('NETGEAR47-5G');
      const removed = [bot('Type the Wi-Fi password again slowly.', { expects: 'choice', step }), bot('I removed a password', { redacted: ['password'] }), user('maybe its [removed]'), ...retype];
      expect(copy('or bluefish88', removed)).toBe('or [removed]');
      expect(copy('bluefish88', removed)).toBe('[removed]');
      // Where no password is the subject, a word with digits typed alone is kept.
      expect(copy('Summer2024', [bot('Restart the printer.', { expects: 'choice' }), user('my printer is offline')])).toBe('Summer2024');
    });

    it('still reads what the last question asked for', () => {
      expect(logContext([bot('Enter the code', { expects: 'otp' }), user('delete my data')] as never).asked).toBe('otp');
    });
  });
});

import { data, startTestBot, type TestBot } from '../support/conversation';

describe('a secret typed while a question is open', () => {
  let bot: TestBot;
  beforeAll(async () => {
    bot = await startTestBot();
  });
  afterAll(() => bot.close());

  it('is removed, the user is told, and the open question is asked again', async () => {
    const user = bot.conversation();
    await user.say('my printer says offline');
    const replies = await user.say('my password is hunter2');
    expect(replies[0].text).toMatch(/removed a password/);
    expect(data(replies[0]).redacted).toEqual(['password']);
    const reasked = replies[replies.length - 1];
    expect(data(reasked).expects).toBe('choice');
    expect(data(reasked).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle' });
    expect(JSON.stringify(replies)).not.toContain('hunter2');
  });

  it('a bare card number at an open question starts nothing else: the marker is not read as a request ("[removed]" reads like "delete")', async () => {
    const user = bot.conversation();
    await user.say('my printer says offline');
    const replies = await user.say('4111111111111111');
    expect(replies[0].text).toMatch(/removed a card number/);
    expect(replies.some((r) => data(r).request)).toBe(false);
    expect(replies.map((r) => r.text).join(' ')).not.toMatch(/deletion|opened request/);
    expect(data(replies[replies.length - 1]).step).toMatchObject({ flow: 'printer-offline', stepId: 'power-cycle' });
  });

  it('a bare secret answers no step, even one whose option says "I removed some paper"', async () => {
    const user = bot.conversation();
    await user.say('my printer has a paper jam');
    await user.say('Done');
    const atDoor = await user.say('Done');
    expect(data(atDoor[atDoor.length - 1]).step).toMatchObject({ flow: 'printer-paper-jam', stepId: 'open-rear-door' });
    const replies = await user.say('4111111111111111');
    expect(data(replies[replies.length - 1]).step).toMatchObject({ flow: 'printer-paper-jam', stepId: 'open-rear-door' });
  });

  // With a privacy request waiting for its code, the way on is said too (rights-status.test.ts).
  it('a one-time code typed with no privacy request waiting for one (a Gmail sign-in code at a step) is removed, and no privacy request is spoken of', async () => {
    const user = bot.conversation();
    await user.say('my printer says offline');
    const replies = await user.say('gmail sent me a sign in code 482913');
    expect(replies[0].text).toMatch(/removed a one-time code/);
    expect(replies[0].text).not.toMatch(/privacy request|delete my data/);
  });

  it('with nothing else to act on and no open question, the echo is followed by "What can I help you with?", never silence', async () => {
    const user = bot.conversation();
    await user.say('hi');
    const replies = await user.say('4111 1111 1111 1111');
    expect(replies).toHaveLength(2);
    expect(replies[0].text).toMatch(/card number/);
    expect(replies[0].text).toContain('https://brightside.example/pay');
    expect(replies[1].text).toBe('What can I help you with?');
  });

  it('a one-time code with only words about it and no privacy request waiting ("639712 is my code") is followed by "What can I help you with?", never silence', async () => {
    for (const typed of ['639712 is my code', 'the code is 482913']) {
      const replies = await bot.conversation().say(typed);
      expect(replies[0].text).toMatch(/removed a one-time code/);
      expect(replies[replies.length - 1].text).toBe('What can I help you with?');
      expect(JSON.stringify(replies)).not.toMatch(/639712|482913/);
    }
  });

  it('words that only came with the secret ("username jsmith pw ...") leave nothing to read: the user is asked what they need', async () => {
    const user = bot.conversation();
    const replies = await user.say('username jsmith pw Tr0ub4dor&3');
    expect(replies[0].text).toMatch(/removed a password/);
    expect(replies[replies.length - 1].text).toBe('What can I help you with?');
    expect(JSON.stringify(replies)).not.toContain('Tr0ub4dor');
  });

  it('a scam told with the login given away is routed as the same words without it', async () => {
    const told = 'the tech from the popup asked for my bank login';
    const withSecret = await bot.conversation().say(`${told}, username jsmith pw Tr0ub4dor&3`);
    const without = await bot.conversation().say(told);
    expect(withSecret[0].text).toMatch(/removed a password/);
    const step = data(without[without.length - 1]).step;
    expect(step).toBeDefined();
    expect(data(withSecret[withSecret.length - 1]).step).toEqual(step);
  });

  it('the rest of the message is still understood', async () => {
    const user = bot.conversation();
    await user.say('hi');
    const replies = await user.say('my pin is 4821 and my printer says offline');
    expect(replies.some((r) => data(r).step?.flow === 'printer-offline')).toBe(true);
  });
});

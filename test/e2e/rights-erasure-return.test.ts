import { data, type TestConversation } from '../support/conversation';
import { expectsIn, receiptIn, said, useRightsBot, verifyByEmail } from './rights-harness';

// A verified deletion left at its last question ("Shall I delete your data?") when the user left:
// on their return a bare "yes" never erases anything they could not know it was about (P11).
const rb = useRightsBot();

const DAY = 86_400_000;
let n = 0;

/** A user with details on file who asked to delete their data, was verified, and left at the last question. */
async function leftAtTheLastQuestion(): Promise<{ userId: string; chat: TestConversation; requestId: string }> {
  const id = `back${++n}`;
  const email = `${id}@example.com`;
  await rb.rights.profiles.setFields(`webchat:${id}`, { name: 'Rae Returning', email }, 'contact dialog');
  const chat = rb.bot.conversation({ channelId: 'webchat', userId: id });
  const requestId = receiptIn(await chat.say('delete my data'))!.id;
  expect(said(await verifyByEmail(rb, chat, email))).toContain('Shall I delete your data?');
  rb.bot.clock.advance(DAY);
  return { userId: `webchat:${id}`, chat, requestId };
}

describe('a deletion left at its last question', () => {
  it('back in the same chat the next day, "yes" gets the question again with what will be deleted; only the next "yes" erases', async () => {
    const { userId, chat, requestId } = await leftAtTheLastQuestion();
    const back = await chat.say('yes');
    expect(said(back)).toContain("Welcome back. Before you left, you asked me to delete all your data and confirmed it's you; nothing has been deleted yet.");
    expect(said(back)).toContain("I'll permanently delete your contact details, devices, consents, support cases, chat transcripts");
    expect(expectsIn(back)).toBe('choice');
    expect((await rb.rights.profiles.get(userId))?.fields.name?.value).toBe('Rae Returning');
    expect((await rb.rights.requests.get(userId, requestId))?.status).toBe('verified');

    const done = await chat.say('yes');
    expect(said(done)).toContain("Done. I've deleted your personal data");
    expect(await rb.rights.profiles.get(userId)).toBeUndefined();
  });

  it('back in the same chat the next day, "no" keeps everything and closes the request', async () => {
    const { userId, chat, requestId } = await leftAtTheLastQuestion();
    const back = await chat.say('no');
    expect(said(back)).toContain(`OK, nothing was deleted. Request ${requestId} is closed.`);
    expect((await rb.rights.profiles.get(userId))?.fields.name?.value).toBe('Rae Returning');
  });

  it.each([['hi', 'yes'], ['yes']])('in a new chat, %s then a bare "yes" deletes nothing: the request starts again with a new code', async (...messages: string[]) => {
    const { userId, chat, requestId } = await leftAtTheLastQuestion();
    const next = rb.bot.conversation({ channelId: 'webchat', userId: userId.split(':')[1] });
    let replies = await next.say(messages[0]);
    if (messages.length > 1) {
      expect(said(replies)).toContain(`Request ${requestId} (deletion of your data)`);
      replies = await next.say(messages[1]);
    }
    expect(said(replies)).toContain(`Request ${requestId} was waiting in your earlier chat, so I can't take a "yes" here as its answer, and nothing has been deleted.`);
    expect(said(replies)).toContain(`I've closed your earlier request ${requestId}, which wasn't finished: this one replaces it.`);
    expect(expectsIn(replies)).toBe('email');
    expect(replies.map((a) => data(a).request)).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'deletion', status: 'received' })]));
    expect((await rb.rights.profiles.get(userId))?.fields.name?.value).toBe('Rae Returning');
    // The old chat's question is closed with it: a yes there is too late.
    expect(said(await chat.say('yes'))).toContain(`Request ${requestId} was closed in the meantime`);
    expect((await rb.rights.profiles.get(userId))?.fields.name?.value).toBe('Rae Returning');
  });

  it('in a new chat, a "yes" two messages after the telling is not taken for it, even when the message between went to no one that reads it', async () => {
    const { userId, requestId } = await leftAtTheLastQuestion();
    const next = rb.bot.conversation({ channelId: 'webchat', userId: userId.split(':')[1] });
    expect(said(await next.say('hi'))).toContain(`Request ${requestId} (deletion of your data)`);
    // Only a code: answered by the redaction echo alone, no guard sees it.
    await next.say('639712');
    expect(said(await next.say('yes'))).not.toContain(`Request ${requestId} was waiting in your earlier chat`);
  });

  it('"delete this chat" left at its question: back the next day, "yes" gets the question again first', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: `chatdel${++n}` });
    await chat.say('hi');
    expect(said(await chat.say('delete this chat'))).toContain('delete just this chat, or all the data we hold about you?');
    expect(said(await chat.say('just this chat'))).toContain('Shall I delete this chat?');
    rb.bot.clock.advance(DAY);
    const back = await chat.say('yes');
    expect(said(back)).toContain('Welcome back. Before you left, you asked me to delete this chat; nothing has been deleted yet.');
    expect(said(await chat.say('yes'))).toContain("Done. I've deleted the transcript of this chat");
  });
});

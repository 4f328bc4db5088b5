import { isOpen } from '../../src/services/privacy/requests/request-record';
import { expectsIn, exportIn, quickReplies, receiptIn, said, useRightsBot } from './rights-harness';

// A user with no email on file, at the question for it (P9): told honestly what can't be done
// without it and how else to reach the privacy team; this chat can still be deleted (no code).
// Both got "That doesn't look like an email address" or "This one can't be skipped", with "cancel"
// the only way out.
const rb = useRightsBot();

const NO_PROOF = "Without the email address we have on file I can't check it's really you";

describe('no email on file at the verification question', () => {
  it('"i never gave you an email" at a deletion closes the request with its reason and offers to delete this chat, which a "yes" does', async () => {
    const userId = 'no-email-delete';
    const chat = rb.bot.conversation({ channelId: 'webchat', userId });
    const opened = await chat.say('pls delte all my data');
    expect(expectsIn(opened)).toBe('email');
    const whole = receiptIn(opened)?.id as string;
    expect(await rb.rights.transcripts.list(chat.conversationId)).not.toEqual([]);

    const offered = await chat.say('i never gave you an email');
    const text = said(offered);
    expect(text).not.toContain("doesn't look like an email address");
    expect(text).toContain(`${NO_PROOF}, so I can't delete all the data we hold about you here, and I've closed request ${whole}.`);
    expect(text).toContain('write to privacy@brightside.example');
    expect(text).toContain("What I can do right now, with no code, is delete this chat, since you wrote what's in it.");
    expect(text).toContain('Shall I delete this chat?');
    expect(quickReplies(offered)).toEqual(['Yes', 'No']);
    // The whole-account request is closed, with why, where the user reads it (their export, "where is my request").
    const closed = await rb.rights.requests.get(`webchat:${userId}`, whole);
    expect(closed?.status).toBe('denied');
    expect(closed?.audit.at(-1)?.note).toBe('no email address on file to verify it was you');

    const done = await chat.say('yes');
    expect(said(done)).toContain("Done. I've deleted the transcript of this chat.");
    // "say delete all my data" pointed to what this user had just been told needs an email on file.
    expect(said(done)).toContain('For anything else we hold about you, write to privacy@brightside.example.');
    expect(said(done)).not.toContain('delete all my data');
    expect(receiptIn(done)).toMatchObject({ type: 'deletion', status: 'completed' });
    expect(await rb.rights.transcripts.list(chat.conversationId)).toEqual([]);
    const requests = (await rb.rights.exporter.export([`webchat:${userId}`])).accounts[0].requests;
    expect(requests.map((r) => [r.id === whole ? 'whole' : r.details?.scope, r.status])).toEqual(
      expect.arrayContaining([
        ['whole', 'denied'],
        ['conversation', 'completed'],
      ]),
    );
  });

  it('a "no" to deleting this chat deletes nothing and leaves no request open', async () => {
    const userId = 'no-email-keep';
    const chat = rb.bot.conversation({ channelId: 'webchat', userId });
    await chat.say('delete my data');
    await chat.say('i dont have one');
    const kept = await chat.say('no');
    expect(said(kept)).toMatch(/^OK, nothing was deleted\. Request PR-\w+ is closed\.$/);
    expect(await rb.rights.transcripts.list(chat.conversationId)).not.toEqual([]);
    const requests = await rb.rights.requests.list(`webchat:${userId}`);
    expect(requests).toHaveLength(2);
    expect(requests.filter((r) => isOpen(r.status))).toEqual([]);
  });

  it.each(['i dont have an email', 'i never gave you my email', 'no email', 'i dont know which email', "i don't use email", 'i dont have one'])(
    '"%s" at a data access request is told what it would need, the request closed, and nothing shown',
    async (answer) => {
      const userId = `no-email-access-${answer.replace(/\W+/g, '-')}`;
      const chat = rb.bot.conversation({ channelId: 'webchat', userId });
      const opened = await chat.say('what do you have on me');
      expect(expectsIn(opened)).toBe('email');
      const replies = await chat.say(answer);
      const text = said(replies);
      expect(text).toContain(`${NO_PROOF}, so I can't show you the data we hold about you here, and I've closed request ${receiptIn(opened)?.id}.`);
      expect(text).toContain('Our privacy team can verify you another way: write to privacy@brightside.example.');
      expect(receiptIn(replies)).toMatchObject({ id: receiptIn(opened)?.id, status: 'denied' });
      expect(exportIn(replies)).toBeUndefined();
      // No chat-only export: nothing else is asked.
      expect(expectsIn(replies)).toBeUndefined();
    },
  );

  // It was read as a code typed wrong ("A code is 6 digits"), again and again.
  it('"i dont have an email on file, i just used the chat" at the code question, after a code that never came, closes the request the same way', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'no-email-at-code' });
    const opened = await chat.say('send me my data');
    expect(expectsIn(await chat.say('jo@example.com'))).toBe('otp');
    expect(expectsIn(await chat.say('i didnt get any code'))).toBe('otp');
    expect(expectsIn(await chat.say('still nothing'))).toBe('otp');
    const replies = await chat.say('i dont have an email on file, i just used the chat');
    expect(said(replies)).toContain(`${NO_PROOF}, so I can't show you the data we hold about you here, and I've closed request ${receiptIn(opened)?.id}.`);
    expect(said(replies)).toContain('write to privacy@brightside.example');
    expect(receiptIn(replies)).toMatchObject({ id: receiptIn(opened)?.id, status: 'denied' });
    expect(expectsIn(replies)).toBeUndefined();
  });
});

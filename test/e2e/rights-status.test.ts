import { ADA, seedPerson } from '../services/privacy/requests/seed-user';
import { data } from '../support/conversation';
import { expectsIn, receiptIn, said, useRightsBot, verifyByEmail } from './rights-harness';

// Where the user's own privacy requests stand, and whether this chat is recorded, through the real
// router, dialogs and storage (P8, P11).
const CODE_USER = { ...ADA, userId: 'webchat:status-code', email: 'jo.code@example.com' };
const rb = useRightsBot(async (rb) => {
  await seedPerson(rb.bot.app.store, rb.rights, ADA);
});

describe('a user asks after their privacy request', () => {
  it('"did you delete my data yet" in a new chat tells the deletion left at its code, opens no request, and the chat before says it first', async () => {
    const first = rb.bot.conversation({ channelId: 'webchat', userId: 'status-1' });
    const opened = receiptIn(await first.say('delete my data'));
    expect(expectsIn(await first.say('jo.status@example.com'))).toBe('otp');

    const back = rb.bot.conversation({ channelId: 'webchat', userId: 'status-1' });
    const hello = await back.say('hi');
    expect(said(hello)).toContain(`Before we start: you have a privacy request from an earlier chat.`);
    expect(said(hello)).toContain(`Request ${opened?.id} (deletion of your data), asked on 31 March 2026, is still open: it is waiting for you to confirm it's you`);
    expect(said(hello)).toContain('To carry on, say "delete my data"');
    expect(receiptIn(hello)).toMatchObject({ id: opened?.id, status: 'identity_pending', dueDate: '2026-04-30' });

    for (const question of ['did you delete my data yet', 'whats happening with my deletion', 'any news on my data request']) {
      const replies = await back.say(question);
      expect(said(replies)).toContain(`Request ${opened?.id} (deletion of your data), asked on 31 March 2026, is still open`);
      expect(said(replies)).not.toContain('Before we start');
      expect(receiptIn(replies)?.id).toBe(opened?.id);
    }
    // Asking after it opened nothing and closed nothing.
    expect((await rb.rights.requests.list('webchat:status-1')).map((r) => [r.id, r.status])).toEqual([[opened?.id, 'identity_pending']]);

    // Told once per chat; a status question as a chat's first message is not told twice.
    expect(said(await back.say('hi again'))).not.toContain('Before we start');
    const third = await rb.bot.conversation({ channelId: 'webchat', userId: 'status-1' }).say('did you delete my data yet');
    expect(said(third).match(new RegExp(opened?.id as string, 'g'))).toHaveLength(1);
  });

  it("yesterday's code typed in a new chat with words around it gets one reply, the echo's way on; the open request is told with the next message", async () => {
    await seedPerson(rb.bot.app.store, rb.rights, CODE_USER);
    const first = rb.bot.conversation({ channelId: 'webchat', userId: 'status-code' });
    const opened = receiptIn(await first.say('delete my data'));
    const before = rb.smtp.mails.length;
    expect(expectsIn(await first.say(CODE_USER.email))).toBe('otp');
    const mail = await rb.smtp.waitFor(CODE_USER.email, { after: before, latest: true });
    const code = /verification code is (\d{6})/.exec(mail.raw)?.[1] as string;

    const requestsBefore = await rb.rights.requests.list('webchat:status-code');
    const back = rb.bot.conversation({ channelId: 'webchat', userId: 'status-code' });
    for (const typed of [`${code} is my code`, `the code from the email is ${code}`, `verification code ${code}`]) {
      const replies = (await back.say(typed)).filter((r) => !data(r).notice);
      expect(replies).toHaveLength(1);
      expect(said(replies)).toMatch(/removed a one-time code.*ask again \(for example "delete my data"\) and I will send a new one/);
      expect(said(replies)).not.toContain(code);
    }
    // Nothing was opened or replaced by the code's words.
    expect(await rb.rights.requests.list('webchat:status-code')).toEqual(requestsBefore);
    expect(requestsBefore.find((r) => r.id === opened?.id)?.status).toBe('identity_pending');
    // The seeded user also has a ticket waiting from the earlier chat: a hello is told both, the request first.
    const hello = said(await back.say('hi'));
    expect(hello).toContain('Before we start: you have a privacy request from an earlier chat.');
    expect(hello.indexOf('Before we start')).toBeLessThan(hello.indexOf('Hello! I found your request from your earlier chat'));
  });

  it('a bare "yes" after being told of several open requests acts on none of them and asks which one, as the first message too', async () => {
    const userId = 'status-several';
    const deletionChat = rb.bot.conversation({ channelId: 'webchat', userId });
    const deletion = receiptIn(await deletionChat.say('delete my data'));
    expect(expectsIn(await deletionChat.say('jo.several@example.com'))).toBe('otp');
    const accessChat = rb.bot.conversation({ channelId: 'webchat', userId });
    const access = receiptIn(await accessChat.say('what do you have on me'));
    expect(expectsIn(await accessChat.say('jo.several@example.com'))).toBe('otp');
    const before = await rb.rights.requests.list(`webchat:${userId}`);

    const back = rb.bot.conversation({ channelId: 'webchat', userId });
    expect(said(await back.say('hi'))).toContain('Before we start');
    for (let i = 0; i < 2; i++) {
      const replies = await back.say('yes');
      expect(said(replies)).toContain(`so I can't tell which one your "yes" is for, and nothing has been done on either of them.`);
      expect(said(replies)).toContain(deletion?.id);
      expect(said(replies)).toContain(access?.id);
      expect(said(replies)).not.toContain("that's not something I can help with");
      expect(replies.at(-1)?.suggestedActions?.actions.map((a) => a.value).sort()).toEqual(['delete my data', 'download my data']);
    }
    // "yes" as a new chat's first message: told, then asked which.
    const first = await rb.bot.conversation({ channelId: 'webchat', userId }).say('yes');
    expect(said(first)).toContain('Before we start');
    expect(said(first)).toContain('so I can\'t tell which one your "yes" is for');
    expect(receiptIn(first)).toBeDefined();
    expect(await rb.rights.requests.list(`webchat:${userId}`)).toEqual(before);

    // The pick is the request's own words: that one starts again, replacing the earlier one.
    const picked = await back.say('download my data');
    expect(said(picked)).toContain('(access to your data)');
    expect((await rb.rights.requests.get(`webchat:${userId}`, deletion?.id as string))?.status).toBe('identity_pending');
  });

  it('"status of my export" with none says so and offers to start one; a new user is told of no request', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'status-2' });
    const replies = await chat.say('status of my export');
    expect(said(replies)).toContain("I can't find a request for access to your data from you. Would you like to start one?");
    expect(said(replies)).not.toContain('Before we start');
    expect(await rb.rights.requests.list('webchat:status-2')).toEqual([]);
  });

  it('a verified deletion left at its yes stays open past its due date (it does not expire): back later, the user is told it is overdue and where to write', async () => {
    const first = rb.bot.conversation({ channelId: 'webchat', userId: 'status-3' });
    const opened = receiptIn(await first.say('forget me'));
    expect(said(await verifyByEmail(rb, first, ADA.email))).toContain('Shall I delete your data?');

    rb.bot.clock.advance(35 * 86400_000);
    await rb.rights.requests.expireOverdue();
    expect((await rb.rights.requests.get('webchat:status-3', opened?.id as string))?.status).toBe('verified');
    expect((await rb.rights.requests.listOpen()).map((e) => e.id)).toContain(opened?.id);

    const back = await rb.bot.conversation({ channelId: 'webchat', userId: 'status-3' }).say('hello');
    expect(said(back)).toContain(`Request ${opened?.id} (deletion of your data), asked on 31 March 2026, is still open: you're verified`);
    expect(said(back)).toContain('It was due by 30 April 2026, so it is overdue');
    expect(said(back)).toContain(rb.bot.app.config.policy.company.contactEmail);
    rb.bot.clock.advance(-35 * 86400_000);
  });
});

describe('"is this chat recorded?"', () => {
  it('after "don\'t record this chat" the answer is no, not the overview that says chats are recorded', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'recorded-1' });
    expect(said(await chat.say('is this chat recorded'))).toMatch(/^Yes, this chat is recorded\. We keep a copy of this chat/m);
    await chat.say("don't record this chat");
    for (const question of ['is this chat recorded', 'are you recording this']) {
      const answer = said(await chat.say(question));
      expect(answer).toContain('No, this chat is not recorded: I keep no transcript of our chats');
      expect(answer).not.toContain('a masked copy of the chat');
    }
    // The user's choice holds in their next chat (the recording preference), and so does the answer.
    const next = rb.bot.conversation({ channelId: 'webchat', userId: 'recorded-1' });
    expect(said(await next.say('are you recording this'))).toContain('No, this chat is not recorded');
  });
});

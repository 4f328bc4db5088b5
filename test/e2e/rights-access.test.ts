import { createHash } from 'node:crypto';
import { addressHash } from '../../src/services/privacy/requests';
import { data } from '../support/conversation';
import { ADA, seedPerson, valuesOf } from '../services/privacy/requests/seed-user';
import { expectsIn, exportIn, receiptIn, said, useRightsBot, verifyByEmail } from './rights-harness';

// Access requests through the real router, dialogs, storage and an SMTP server (P9, P11).
const rb = useRightsBot(async (rb) => {
  await seedPerson(rb.bot.app.store, rb.rights, ADA);
});

const ADA_CHANNEL_ID = ADA.userId.split(':')[1];

describe('a data access request in the chat', () => {
  // It turned off marketing email (opt_out at 0.9), a change the user never asked for, and asked for an address for the do-not-market list.
  it('"i dont want to give my email" at its address question is told the code needs one, and nothing is turned off', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'no-email-access' });
    expect(expectsIn(await chat.say('what do you have on me'))).toBe('email');
    const declined = await chat.say('i dont want to give my email');
    expect(said(declined)).toContain("This one can't be skipped: I need your email address");
    expect(said(declined)).not.toContain("I've turned off");
    expect(expectsIn(declined)).toBe('email');
    expect(await rb.rights.consents.current('webchat:no-email-access')).toEqual({});
  });

  it('opens a request with a receipt, verifies by a code sent by mail, and then sends the JSON export', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'new-browser-1' });
    const opened = await chat.say('download my data');
    const receipt = receiptIn(opened);
    expect(receipt).toMatchObject({ type: 'access', status: 'received', dueDate: '2026-04-30', id: expect.stringMatching(/^PR-/) });
    expect(said(opened)).toContain(receipt?.id);
    expect(opened.some((a) => data(a).notice?.id === 'contact')).toBe(true);
    expect(expectsIn(opened)).toBe('email');

    const before = rb.smtp.mails.length;
    const offered = await chat.say(ADA.email);
    expect(said(offered)).toContain('If that address is on file, a 6-digit code is on its way');
    expect(expectsIn(offered)).toBe('otp');
    const mail = await rb.smtp.waitFor(ADA.email, { after: before, latest: true });
    const code = /verification code is (\d{6})/.exec(mail.raw)?.[1] as string;

    const answered = await chat.say(code);
    const exported = exportIn(answered);
    // Tickets for a technician or for our billing team: one word for both (the JSON field stays `handoffs`).
    expect(said(answered)).toContain('support cases with their steps, support tickets, chat transcripts');
    expect(said(answered)).not.toContain('technician tickets');
    expect(exported?.accounts[0]).toHaveProperty('handoffs');
    expect(exported?.accounts.map((a) => a.userId)).toEqual([ADA.userId]);
    expect(exported?.accounts[0].profile?.name?.value).toBe(ADA.name);
    expect(exported?.accounts[0].cases[0].stepsTried).toHaveLength(1);
    expect(answered.flatMap((a) => a.attachments ?? [])[0]).toMatchObject({ contentType: 'application/json', name: 'helpline-data-export.json' });
    expect(receiptIn(answered)).toMatchObject({ id: receipt?.id, type: 'access', status: 'completed' });

    const stored = await rb.rights.requests.get(`webchat:new-browser-1`, receipt?.id as string);
    expect(stored?.audit.map((e) => e.to)).toEqual(['received', 'identity_pending', 'verified', 'completed']);
    expect(stored).toMatchObject({ verifiedBy: 'email code', subjects: [ADA.userId] });
  });

  // It was "not something I can help with" (the address read as unknown words); once opened, the address was asked for again.
  it('"send me my data, my email is ..." offers that address back for the code, and "yes" sends the code there', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'typed-with-request' });
    const opened = await chat.say(`send me a copy of my data, my email is ${ADA.email}`);
    expect(receiptIn(opened)).toMatchObject({ type: 'access', status: 'received' });
    expect(said(opened)).toContain(`Shall I use ${ADA.email}? Please say yes or no.`);
    expect(said(opened)).not.toContain("What's the email address we have on file for you?");
    const exported = exportIn(await verifyByEmail(rb, chat, 'yes', ADA.email));
    expect(exported?.accounts.map((a) => a.userId)).toEqual([ADA.userId]);
  });

  it('"no" to the address typed with the request asks for the one on file', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'typed-wrong-with-request' });
    await chat.say('delete my account, my email is someone.else@example.com');
    const asked = await chat.say('no');
    expect(said(asked)).toContain("OK. What's the email address we have on file for you?");
    expect(expectsIn(asked)).toBe('email');
  });

  it('locks after three wrong codes and closes the request without showing anything', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'new-browser-2' });
    const opened = await chat.say('show me my data');
    await chat.say(ADA.email);
    const first = await chat.say('000001');
    expect(said(first)).toContain("That code isn't right. You have 2 more tries.");
    expect(expectsIn(first)).toBe('otp');
    expect(said(await chat.say('000002'))).toContain('You have 1 more try.');
    const locked = await chat.say('000003');
    expect(said(locked)).toMatch(/paused verification after too many wrong codes. Please try again in 15 minutes/);
    expect(receiptIn(locked)).toMatchObject({ id: receiptIn(opened)?.id, status: 'denied' });
    expect(exportIn(locked)).toBeUndefined();

    // No code prompt is open any more: asking for a new code is told what became of the request.
    const resend = await chat.say('send a new code');
    expect(said(resend)).toBe(
      `I closed request ${receiptIn(opened)?.id} (access to your data) after too many wrong codes, so there is no code to send for it. ` +
        "For your safety, codes are paused for about 15 minutes; after that, ask again and I'll open a new request and send a new code, or write to privacy@brightside.example.",
    );
    expect(receiptIn(resend)).toMatchObject({ id: receiptIn(opened)?.id, status: 'denied' });
    // A new request has its own code: the lockout of the old one no longer answers for it.
    expect(receiptIn(await chat.say('show me my data'))).toMatchObject({ type: 'access', status: 'received' });
    expect(said(await chat.say('send a new code'))).not.toContain('after too many wrong codes');
  });

  it('refuses a code that arrives after its 10 minutes', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'new-browser-3' });
    rb.bot.clock.advance(16 * 60_000); // past the cool-down the previous test triggered for Ada's address
    await chat.say('I want to see my data');
    const before = rb.smtp.mails.length;
    await chat.say(ADA.email);
    const mail = await rb.smtp.waitFor(ADA.email, { after: before, latest: true });
    rb.bot.clock.advance(11 * 60_000);
    const late = await chat.say(/verification code is (\d{6})/.exec(mail.raw)?.[1] as string);
    expect(said(late)).toContain('That code has expired');
    expect(exportIn(late)).toBeUndefined();
    rb.bot.clock.advance(60 * 60_000); // past the hourly code limits for the next tests
  });

  // Ten ways of asking, all from someone posing as Ada's own account, who knows her email but not the code.
  const PHRASINGS = [
    'what data do you have on me',
    'show me my data',
    'can I get a copy of everything you know about me',
    'send me my personal information',
    'I want to see my data',
    'download my data',
    'give me an export of my account data',
    'what do you store about me',
    "I'd like access to my personal data under GDPR",
    'what personal info have you got on file for me',
  ];

  it.each(PHRASINGS)('an unverified user asking "%s" gets nothing personal', async (phrasing) => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: ADA_CHANNEL_ID });
    const replies = [...(await chat.say(phrasing))];
    expect(receiptIn(replies)).toMatchObject({ type: 'access' });
    replies.push(...(await chat.say(ADA.email)), ...(await chat.say('999999')), ...(await chat.say('what is my address?')));
    const everything = JSON.stringify(replies);
    expect(valuesOf(ADA).filter((v) => everything.toLowerCase().includes(v.toLowerCase()))).toEqual([]);
    expect(everything).not.toContain(ADA.email.slice(1));
    expect(everything).not.toContain(addressHash(ADA.email));
    expect(replies.flatMap((a) => a.attachments ?? [])).toEqual([]);
  });

  it('never says whether an address is on file', async () => {
    rb.bot.clock.advance(61 * 60_000); // the ten requests above used up the hourly code limit for Ada's address
    const known = rb.bot.conversation({ channelId: 'webchat', userId: 'probe-1' });
    const unknown = rb.bot.conversation({ channelId: 'webchat', userId: 'probe-2' });
    await known.say('download my data');
    await unknown.say('download my data');
    const a = said(await known.say(ADA.email)).replace(/PR-\w+/g, '');
    const b = said(await unknown.say('someone.else@example.com')).replace(/PR-\w+/g, '');
    expect(a).toBe(b);
  });

  it('a signed-in Teams user is verified by the channel for their own record', async () => {
    const teams = rb.bot.conversation({ channelId: 'msteams', userId: '29:teams-user', aadObjectId: '6f1c0b6e-aaaa-bbbb-cccc-0123456789ab' });
    await rb.rights.profiles.setFields('aad:6f1c0b6e-aaaa-bbbb-cccc-0123456789ab', { name: 'Tess Teams' }, 'contact dialog');
    const replies = await teams.say('what data do you have on me');
    expect(expectsIn(replies)).toBeUndefined();
    const exported = exportIn(replies);
    expect(exported?.accounts.map((x) => x.userId)).toEqual(['aad:6f1c0b6e-aaaa-bbbb-cccc-0123456789ab']);
    expect(exported?.accounts[0].profile?.name?.value).toBe('Tess Teams');
    expect(receiptIn(replies)).toMatchObject({ type: 'access', status: 'completed' });
    // The export lists this request as the chat reports it: complete, not "verified".
    const listed = exported?.accounts[0].requests.find((r) => r.id === receiptIn(replies)?.id);
    expect(listed?.status).toBe('completed');
    expect(listed?.audit.map((e) => e.to).at(-1)).toBe('completed');
  });

  it('"cancel" while the code is awaited closes the request instead of leaving it open', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'canceller' });
    const receipt = receiptIn(await chat.say('download my data'));
    await chat.say('somebody@example.com');
    expect(said(await chat.say('cancel'))).toContain("I've stopped that");
    const stored = await rb.rights.requests.get('webchat:canceller', receipt?.id as string);
    expect(stored?.status).toBe('withdrawn');
    expect(stored?.audit.at(-1)).toMatchObject({ to: 'withdrawn', actor: 'user', note: 'stopped by the user' });
  });

  it('"delete my data" while the code for an access request is awaited closes that request with a receipt and opens a deletion request', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'changes-mind' });
    const access = receiptIn(await chat.say('what do you have on me')) as { id: string };
    expect(expectsIn(await chat.say('somebody@example.com'))).toBe('otp');

    const switched = await chat.say('actually just delete my data');
    const receipts = switched.map((a) => data(a).request).filter(Boolean);
    expect(receipts).toEqual([
      expect.objectContaining({ id: access.id, type: 'access', status: 'withdrawn' }),
      expect.objectContaining({ type: 'deletion', status: 'received', id: expect.not.stringMatching(access.id) }),
    ]);
    expect(said(switched)).toContain(`I've closed request ${access.id} (access to your data).`);
    expect(said(switched)).not.toContain("isn't right");
    // The deletion request verifies afresh: a code sent for the access request does not carry over.
    expect(expectsIn(switched)).toBe('email');
    const stored = await rb.rights.requests.get('webchat:changes-mind', access.id);
    expect(stored?.audit.at(-1)).toMatchObject({ to: 'withdrawn', actor: 'user', note: 'replaced by another request of the user' });
    // The old code prompt ended with its request: a code pasted at the address question is removed, not kept.
    expect(said(await chat.say('483920'))).toContain('I removed a one-time code from your message');
  });

  it('when the code never comes, says after the second resend that the address may not be on file, and "another address" asks again', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'wrong-address' });
    const receipt = receiptIn(await chat.say('download my data')) as { id: string };
    await chat.say('ada.old.address@example.com');
    expect(said(await chat.say("i didn't get a code"))).not.toContain('another address');
    const second = await chat.say('send a new code');
    expect(said(second)).toContain('If nothing arrives, the address you gave may not be the one we have on file: say "another address" to try a different one, or write to');
    const asked = await chat.say('let me try another address');
    expect(expectsIn(asked)).toBe('email');
    expect(said(asked)).not.toContain('First I need to make sure');
    const exported = exportIn(await verifyByEmail(rb, chat, ADA.email));
    expect(exported?.accounts.map((a) => a.userId)).toEqual([ADA.userId]);
    expect((await rb.rights.requests.get('webchat:wrong-address', receipt.id))?.status).toBe('completed');
  });

  it.each(['oops wrong email', 'i typed the wrong email', 'wrong address'])('"%s" at the code question asks for the address again, not whether to correct my details', async (typo) => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: `typo-${typo.length}` });
    await chat.say('download my data');
    await chat.say('ada.lovelace@exmaple.com');
    const asked = await chat.say(typo);
    expect(said(asked)).not.toContain('Just to be sure');
    expect(expectsIn(asked)).toBe('email');
    // Another address not on file: ADA's own is left to the tests below, within its hourly limit of codes.
    expect(said(await chat.say(`typo${typo.length}@example.com`))).toContain('If that address is on file, a 6-digit code is on its way to it.');
  });

  // "what will you do with it?" there was "I can't answer questions in the middle of this one".
  it('a question at the address question about what the address is for is answered from the contact notice, and the question asked again; any other question must wait', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'asks-at-address' });
    expect(expectsIn(await chat.say('download my data'))).toBe('email');
    for (const question of ['what will you do with it?', 'what is my email used for', 'wat do u need it for']) {
      const answered = await chat.say(question);
      expect([question, said(answered)]).toEqual([question, expect.stringMatching(/We use your contact details only to reach you about this request[\s\S]*I'm asking for your email address to send you a one-time code that proves it is you\.\s+What's the email address we have on file for you\?$/)]);
      expect(expectsIn(answered)).toBe('email');
    }
    expect(said(await chat.say('can i do this later?'))).toContain("I can't answer questions in the middle of this one, sorry. What's the email address we have on file for you?");
    expect(expectsIn(await chat.say('asks.at.address@example.com'))).toBe('otp');
  });

  it('a question at the code question is answered (why a code, how long it lasts, where it is, or that it must wait), and an address typed there is told a code is wanted; then the code is asked for again', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'asks-at-code' });
    await chat.say('download my data');
    expect(expectsIn(await chat.say('asks.at.code@example.com'))).toBe('otp');
    const why = await chat.say('why do you need this?');
    expect(said(why)).toContain("it's really you");
    expect(expectsIn(why)).toBe('otp');
    expect(said(await chat.say('hmm how long is the code valid?'))).toContain('valid for 10 minutes after it was sent');
    expect(said(await chat.say("where's the code?"))).toContain('check your spam folder');
    const other = await chat.say('can i do this later?');
    expect(said(other)).toContain("I can't answer questions in the middle of this one, sorry: say \"cancel\" to stop, and ask me then.");
    const address = await chat.say('asks.at.code@example.com');
    expect(said(address)).toContain('That looks like an email address: here I need the 6-digit code from the email we sent. To use a different address, say "another address".');
    for (const replies of [why, other, address]) expect(said(replies)).not.toContain('A code is 6 digits');
  });

  // It was told "I can't answer questions in the middle of this one".
  it.each(['what will you do with it?', 'what happens to my email?'])('"%s" at the code question is told what the address is for (the contact notice) and what the code is for, then asked for the code again', async (question) => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: `what-for-${question.length}` });
    await chat.say('download my data');
    expect(expectsIn(await chat.say('what.for@example.com'))).toBe('otp');
    const answered = await chat.say(question);
    expect(said(answered)).toContain('We use your contact details only to reach you about this request');
    expect(said(answered)).toContain("The code is how I check it's really you");
    expect(said(answered)).toMatch(/Please type the 6-digit code from the email, or say "send a new code"\.$/);
    expect(said(answered)).not.toContain("I can't answer");
    expect(expectsIn(answered)).toBe('otp');
  });

  // "its not in spam either" got "A code is 6 digits, like 123456".
  it.each(['its not in spam either', 'still nothing', 'it never came'])('"%s" at the code question is offered a new code, the address on file and the privacy team', async (text) => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: `no-code-${text.length}` });
    await chat.say('download my data');
    expect(expectsIn(await chat.say('no.code@example.com'))).toBe('otp');
    const answered = await chat.say(text);
    expect(said(answered)).toContain('Sorry it hasn\'t come. Say "send a new code" and I\'ll send another.');
    expect(said(answered)).toContain('say "another address"');
    expect(said(answered)).toContain('write to privacy@brightside.example');
    expect(said(answered)).not.toContain('A code is 6 digits');
    expect(expectsIn(answered)).toBe('otp');
  });

  // It started a handoff to the technicians, whose reply was an old ticket's status.
  it('"can i talk to a person about this" at the code question is told the privacy team helps with data requests, and the code is asked for again', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'person-at-code' });
    await chat.say('download my data');
    expect(expectsIn(await chat.say('person.at.code@example.com'))).toBe('otp');
    const answered = await chat.say('can i talk to a person about this');
    expect(said(answered)).toContain("Our technicians don't handle data requests, but our privacy team does: write to privacy@brightside.example");
    expect(said(answered)).not.toMatch(/technician (?:will|to call)|ticket/i);
    expect(expectsIn(answered)).toBe('otp');
  });

  it('a greeting after a wrong code asks for the code plainly, not with the wrong code\'s message again', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'hi-at-code' });
    await chat.say('download my data');
    expect(expectsIn(await chat.say('hi.at.code@example.com'))).toBe('otp');
    expect(said(await chat.say('000001'))).toContain("That code isn't right.");
    const greeted = await chat.say('hi');
    expect(said(greeted)).toContain('Please type the 6-digit code from the email.');
    expect(said(greeted)).not.toContain("isn't right");
    expect(expectsIn(greeted)).toBe('otp');
  });

  it('"i dont remember which email" at the code question, once told the address may not be on file, says what to do and asks for the address again', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'forgot-address' });
    const receipt = receiptIn(await chat.say('download my data')) as { id: string };
    await chat.say('ada.older.address@example.com');
    await chat.say('send a new code');
    const asked = await chat.say('i dont remember which email');
    expect(said(asked)).toContain('No problem: try another address you use, and if no code arrives, write to');
    expect(said(asked)).not.toContain('A code is 6 digits');
    expect(expectsIn(asked)).toBe('email');
    const exported = exportIn(await verifyByEmail(rb, chat, ADA.email));
    expect(exported?.accounts.map((a) => a.userId)).toEqual([ADA.userId]);
    expect((await rb.rights.requests.get('webchat:forgot-address', receipt.id))?.status).toBe('completed');
  });

  it('back in the same chat the next day, "send a new code" asks for the address again instead of pretending to send one', async () => {
    const account = 'webchat:next-day';
    await rb.rights.profiles.setFields(account, { email: 'next.day@example.com' }, 'contact dialog');
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'next-day' });
    const receipt = receiptIn(await chat.say('download my data')) as { id: string };
    await chat.say('next.day@example.com');
    await rb.smtp.waitFor('next.day@example.com');
    rb.bot.clock.advance(20 * 3600_000);
    const asked = await chat.say('send a new code');
    expect(said(asked)).toContain('That code ran out a while ago, so I need the address again to send a new one.');
    expect(said(asked)).not.toContain('A new code is on its way');
    expect(expectsIn(asked)).toBe('email');
    const exported = exportIn(await verifyByEmail(rb, chat, 'next.day@example.com'));
    expect(exported?.accounts.map((a) => a.userId)).toEqual([account]);
    expect((await rb.rights.requests.get(account, receipt.id))?.status).toBe('completed');
  });

  it('an address typed at the code question by mistake ("jo.new@example.com") sends no new code, and the code already mailed still works', async () => {
    const account = 'webchat:jo-new';
    await rb.rights.profiles.setFields(account, { email: 'jo.old@example.com' }, 'contact dialog');
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'jo-new' });
    await chat.say('download my data');
    await chat.say('jo.old@example.com');
    const mail = await rb.smtp.waitFor('jo.old@example.com');
    const sent = rb.smtp.mails.length;
    const typed = await chat.say('jo.new@example.com');
    expect(said(typed)).not.toContain('A new code is on its way');
    expect(said(typed)).toContain('That looks like an email address: here I need the 6-digit code from the email we sent.');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(rb.smtp.mails.length).toBe(sent);
    const exported = exportIn(await chat.say(/verification code is (\d{6})/.exec(mail.raw)?.[1] as string));
    expect(exported?.accounts.map((a) => a.userId)).toEqual([account]);
  });

  it('a request left waiting for its code expires after its due date; back in the same chat, the user is told it was closed and nothing is shown', async () => {
    const account = 'webchat:away-1';
    await rb.rights.profiles.setFields(account, { email: 'away.one@example.com' }, 'contact dialog');
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'away-1' });
    const receipt = receiptIn(await chat.say('download my data')) as { id: string };
    await chat.say('away.one@example.com');
    // Back two days later with a code that has long run out, then away again: the chat itself is
    // kept 30 days from then (botState), longer than the request's due date.
    rb.bot.clock.advance(2 * 86400_000);
    expect(said(await chat.say('123456'))).toContain('That code has expired');
    rb.bot.clock.advance(29 * 86400_000 + 12 * 3600_000);
    // What the hourly expiry job does.
    expect((await rb.rights.requests.expireOverdue()).map((r) => r.id)).toContain(receipt.id);

    await chat.say('send a new code');
    const back = await verifyByEmail(rb, chat, 'away.one@example.com');
    expect(said(back)).toContain(`Request ${receipt.id} was closed in the meantime (expired), so I can't go on with it. Please ask again`);
    expect(exportIn(back)).toBeUndefined();
    expect((await rb.rights.requests.get(account, receipt.id))?.status).toBe('expired');
  });

  it('another problem typed at its questions ("my printer is jammed too" at the email, at the code) waits until the request is done, and is offered then', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'two-problems-access' });
    const opened = receiptIn(await chat.say('download my data'));
    const atEmail = await chat.say('my printer is jammed too');
    expect(said(atEmail)).toBe("Let's finish this first. Then we'll look at the other problem.\nWhat's the email address we have on file for you?");
    expect(expectsIn(atEmail)).toBe('email');

    const before = rb.smtp.mails.length;
    expect(expectsIn(await chat.say(ADA.email))).toBe('otp');
    const mail = await rb.smtp.waitFor(ADA.email, { after: before, latest: true });
    const code = /verification code is (\d{6})/.exec(mail.raw)?.[1] as string;

    // At the code question too: not the answer, and not "type the code" as if it were a wrong code.
    const atCode = await chat.say('my printer is jammed too');
    expect(said(atCode)).toBe("Let's finish this first. Then we'll look at the other problem.\nPlease type the 6-digit code from the email.");
    expect(expectsIn(atCode)).toBe('otp');

    const done = await chat.say(code);
    expect(receiptIn(done)).toMatchObject({ id: opened?.id, status: 'completed' });
    // After the request's last reply, the problem the user mentioned, named by its guide.
    expect(done.at(-1)?.text).toBe('You also mentioned "Printer paper jam". Shall we look at that now?');
    expect(expectsIn(done)).toBe('confirm');
    const started = await chat.say('yes');
    expect(said(started)).toContain('Let\'s work through "Printer paper jam" step by step.');
    expect(started.some((a) => data(a).step)).toBe(true);
  });

  // "my wifi is down, also please delete my data" was asked "is this what you want? Delete my data /
  // Something else", and the problem dropped either way.
  it('a data request beside a device problem in one message is taken up first, then the problem offered', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'request-beside-problem' });
    const first = await chat.say('my printer is jammed, also please download my data');
    expect(said(first)).toContain('You asked for two things: first I take up your request about your data, then we\'ll look at "Printer paper jam".');
    const opened = receiptIn(first);
    expect(expectsIn(first)).toBe('email');
    const before = rb.smtp.mails.length;
    expect(expectsIn(await chat.say(ADA.email))).toBe('otp');
    const mail = await rb.smtp.waitFor(ADA.email, { after: before, latest: true });
    const code = /verification code is (\d{6})/.exec(mail.raw)?.[1] as string;
    const done = await chat.say(code);
    expect(receiptIn(done)).toMatchObject({ id: opened?.id, status: 'completed' });
    expect(done.at(-1)?.text).toBe('You also mentioned "Printer paper jam". Shall we look at that now?');
  });

  it('"status of my export" at the code question is told where this request stands, then asked for the code again, which still works', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'asks-status-at-code' });
    const opened = receiptIn(await chat.say('download my data'));
    const before = rb.smtp.mails.length;
    expect(expectsIn(await chat.say(ADA.email))).toBe('otp');
    const mail = await rb.smtp.waitFor(ADA.email, { after: before, latest: true });
    const code = /verification code is (\d{6})/.exec(mail.raw)?.[1] as string;

    const status = await chat.say('status of my export');
    expect(said(status)).toContain(`Request ${opened?.id} (access to your data)`);
    // The request is under way right here: asking afresh is not how to carry it on.
    expect(said(status)).toContain("it is waiting for you to confirm it's you with the code we email, here in this chat.");
    expect(said(status)).not.toContain('the new request replaces this one');
    expect(said(status)).toMatch(/Please type the 6-digit code from the email\.$/);
    expect(expectsIn(status)).toBe('otp');
    expect(receiptIn(await chat.say(code))).toMatchObject({ id: opened?.id, status: 'completed' });
  });

  it('asking for the same kind of request again while one is open does not open a second', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'asks-twice' });
    const first = receiptIn(await chat.say('download my data')) as { id: string };
    const again = await chat.say('i want a copy of all my data');
    expect(again.map((a) => data(a).request).filter(Boolean)).toEqual([]);
    expect(expectsIn(again)).toBe('email');
    expect((await rb.rights.requests.list('webchat:asks-twice')).map((r) => r.id)).toEqual([first.id]);
  });

  it('counts code requests from the browser behind the local Direct Line against its network address', async () => {
    const post = async (url: string, body: unknown, token?: string) => {
      const response = await fetch(`${rb.bot.url}/v3/directline${url}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.7', ...(token ? { authorization: `Bearer ${token}` } : {}) },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`${url}: ${response.status} ${await response.text()}`);
      return (await response.json()) as { token: string; conversationId: string };
    };
    const { token, conversationId } = await post('/tokens/generate', { user: { id: 'browser-user' } });
    await post('/conversations', {}, token);
    await post(`/conversations/${conversationId}/activities`, { type: 'message', from: { id: 'browser-user' }, text: 'download my data' }, token);
    await post(`/conversations/${conversationId}/activities`, { type: 'message', from: { id: 'browser-user' }, text: 'someone@example.com' }, token);
    const limits = await rb.bot.app.store.query('ledger', 'verification-limits', { keyPrefix: 'window/client/' });
    expect(limits.map((r) => r.key)).toContain(`window/client/${createHash('sha256').update('198.51.100.7').digest('hex')}`);
  });

  it('lets the same person verify again later from yet another browser', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'new-browser-4' });
    await chat.say('download my data');
    expect(exportIn(await verifyByEmail(rb, chat, ADA.email))?.accounts[0].userId).toBe(ADA.userId);
  });
});

import fs from 'node:fs';
import path from 'node:path';
import { data } from '../support/conversation';
import { ADA, BOB, seedPerson, valuesOf } from '../services/privacy/requests/seed-user';
import { expectsIn, receiptIn, said, useRightsBot, verifyByEmail } from './rights-harness';

// Erasure and correction through the real app, on the embedded SQLite store (P9, P11).
const rb = useRightsBot(async (rb) => {
  await seedPerson(rb.bot.app.store, rb.rights, ADA);
  await seedPerson(rb.bot.app.store, rb.rights, BOB);
});

/** The store's files as bytes: the database, its write-ahead log and shared-memory index. */
function storeFiles(): { names: string[]; text: string } {
  const names = fs.readdirSync(rb.bot.dataDir).filter((f) => f.startsWith('helpline.db'));
  return { names, text: names.map((f) => fs.readFileSync(path.join(rb.bot.dataDir, f)).toString('latin1')).join('\n').toLowerCase() };
}

describe('deleting my data in the chat', () => {
  it('verifies, erases everything personal from the store files, says what was kept and why, and starts afresh', async () => {
    expect(valuesOf(ADA).some((v) => storeFiles().text.includes(v.toLowerCase()))).toBe(true);
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: ADA.userId.split(':')[1] });
    await chat.say('my printer is offline');
    const opened = await chat.say('please delete all my data');
    expect(receiptIn(opened)).toMatchObject({ type: 'deletion', status: 'received' });
    const confirm = await verifyByEmail(rb, chat, ADA.email);
    expect(said(confirm)).toContain('remove your details from support tickets. This cannot be undone');
    expect(expectsIn(confirm)).toBe('choice');

    const done = await chat.say('yes');
    const text = said(done);
    expect(text).toContain("Done. I've deleted your personal data");
    expect(text).toContain('and your details on support tickets.');
    expect(text).not.toContain('technician tickets');
    expect(text).toContain('What we had to keep, and why:');
    expect(text).toContain('billing records (invoices and payments), if you have any; they are held by our billing system, not by this chat service: tax and accounting law requires us to keep them (kept for 2555 days).');
    expect(text).toContain('the record of your privacy requests (request number, type, dates and status history), with no other details: we must be able to show that we handled your request');
    expect(text).toContain('do-not-market list; the address itself is deleted: so that we never send you marketing again.');
    expect(receiptIn(done)).toMatchObject({ id: receiptIn(opened)?.id, type: 'deletion', status: 'completed' });

    const files = storeFiles();
    expect(files.names).toContain('helpline.db');
    expect(valuesOf(ADA).filter((v) => files.text.includes(v.toLowerCase()))).toEqual([]);
    expect(files.text).toContain(BOB.name.toLowerCase());

    // This conversation's bot state is gone and nothing stale was written back.
    expect(await rb.bot.app.store.get('botstate', `webchat/conversations/${chat.conversationId}`, `webchat/conversations/${chat.conversationId}`)).toBeUndefined();
    const after = (await rb.rights.exporter.export([ADA.userId])).accounts[0];
    expect(after).toMatchObject({ profile: null, devices: [], cases: [], handoffs: [], transcripts: [] });
    const kept = after.requests.find((r) => r.id === receiptIn(opened)?.id);
    expect(kept?.audit.map((e) => e.to)).toEqual(['received', 'identity_pending', 'verified', 'completed']);

    const fresh = await chat.say('hello');
    expect(said(fresh)).toMatch(/Hi!|What can I help/);
    expect(expectsIn(fresh)).toBeUndefined();
  });

  it("a user who can't remember the address on file is told how to be verified another way", async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'forgetful' });
    expect(expectsIn(await chat.say('delete my data'))).toBe('email');
    const replies = await chat.say('i dont remember what email i used');
    expect(said(replies)).toMatch(/^No problem: try an address you use, and if no code arrives, write to privacy@brightside\.example and our privacy team will verify you another way\. What's the email address we have on file for you\?$/m);
    expect(expectsIn(replies)).toBe('email');
  });

  it('another problem typed at the email question ("my printer is jammed too") is not offered instead: the request stays open and goes on, the problem comes after', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'two-problems' });
    const opened = receiptIn(await chat.say('delete my data'));
    const replies = await chat.say('my printer is jammed too');
    expect(said(replies)).toBe("Let's finish this first. Then we'll look at the other problem.\nWhat's the email address we have on file for you?");
    expect(expectsIn(replies)).toBe('email');
    expect(receiptIn(replies)).toBeUndefined();
    expect(replies.some((a) => data(a).step)).toBe(false);
    expect(expectsIn(await chat.say('jo@example.com'))).toBe('otp');
    const [account] = (await rb.rights.exporter.export(['webchat:two-problems'])).accounts;
    expect(account.requests.find((r) => r.id === opened?.id)?.status).toBe('identity_pending');
    // "cancel" stops everything under way: the problem is not offered after it.
    const stopped = await chat.say('cancel');
    expect(receiptIn(stopped)).toMatchObject({ id: opened?.id, status: 'withdrawn' });
    expect(said(stopped)).not.toContain('You also mentioned');
    expect(expectsIn(stopped)).toBeUndefined();
  });

  // "cancel my request" reads as cancel only at 0.40, close to an access request: its word for stopping stops it all the same.
  it.each(['cancel', 'cancel my request'])('a request stopped with "%s" at its email question is closed with a receipt the user sees', async (stop) => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: `stopper ${stop}` });
    const asked = await chat.say('delete my data');
    expect(expectsIn(asked)).toBe('email');
    const opened = receiptIn(asked);
    const stopped = await chat.say(stop);
    expect(said(stopped)).not.toContain("doesn't look like an email address");
    expect(said(stopped)).toContain(`OK, I've closed request ${opened?.id} (deletion of your data).`);
    expect(receiptIn(stopped)).toMatchObject({ id: opened?.id, status: 'withdrawn' });
  });

  it.each(['wait no dont delete anything', "actually i've changed my mind", "i don't want to delete it anymore"])('"%s" at the code question closes the request and says nothing was done', async (text) => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: `mind-${text.length}` });
    const opened = receiptIn(await chat.say('delete my data')) as { id: string };
    await chat.say('someone.else@example.com');
    const stopped = await chat.say(text);
    expect(said(stopped)).toContain(`I've closed request ${opened.id} (deletion of your data), and nothing was done.`);
    expect(said(stopped)).not.toContain('A code is 6 digits');
    expect(receiptIn(stopped)).toMatchObject({ id: opened.id, status: 'withdrawn' });
  });

  // Each was "That doesn't look like an email address", and the question asked again.
  it.each(['wait no dont delete anything', 'i changed my mind', 'actualy no dont'])('"%s" at the address question, before any code, closes the request and says nothing was done', async (text) => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: `mind-early-${text.length}` });
    const opened = receiptIn(await chat.say('delete my data')) as { id: string };
    const stopped = await chat.say(text);
    expect(said(stopped)).toContain(`I've closed request ${opened.id} (deletion of your data), and nothing was done.`);
    expect(said(stopped)).not.toContain("doesn't look like an email address");
    expect(receiptIn(stopped)).toMatchObject({ id: opened.id, status: 'withdrawn' });
    expect(expectsIn(stopped)).toBeUndefined();
  });

  it('changes nothing when the user says no at the last step', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'bob-elsewhere' });
    await chat.say('forget everything you know about me');
    const confirm = await verifyByEmail(rb, chat, BOB.email);
    expect(expectsIn(confirm)).toBe('choice');
    // Erasure cannot be undone: only a whole yes erases. Doubts, questions and a "do not" inside
    // a sentence are answered, and the question is asked again.
    for (const [doubt, answer] of [
      ['hold on, do not delete it', /^Nothing is deleted until you say yes\. Shall I delete your data\?/],
      ['ok wait, will it cancel my subscription?', /^I can't answer that here, but nothing is deleted until you say yes\./],
      ["i'm not sure, is it ok if you delete it later", /^Nothing is deleted until you say yes\./],
      ['what will you keep?', /^Only what the law requires stays: the record of your privacy requests/],
      // After an explanation, "ok" acknowledges it as often as it agrees.
      ['ok', /^Nothing is deleted until you say yes\./],
      ['yeah', /^Nothing is deleted until you say yes\./],
    ] as const) {
      const replies = await chat.say(doubt);
      expect([doubt, said(replies)]).toEqual([doubt, expect.stringMatching(answer)]);
      expect(expectsIn(replies)).toBe('choice');
    }
    expect((await rb.rights.profiles.get(BOB.userId))?.fields.name?.value).toBe(BOB.name);
    const kept = await chat.say("no, don't delete it");
    expect(said(kept)).toContain('OK, nothing was deleted.');
    expect(receiptIn(kept)).toMatchObject({ type: 'deletion', status: 'withdrawn' });
    expect((await rb.rights.profiles.get(BOB.userId))?.fields.name?.value).toBe(BOB.name);
  });

  it('a change of mind to another data request at the last step closes the erasure and starts that one', async () => {
    for (const [i, changed] of ['actually no, just show me my data', 'no wait, I want a copy of my data first'].entries()) {
      rb.bot.clock.advance(61 * 60_000); // past the hourly code limits for Bob's address
      const chat = rb.bot.conversation({ channelId: 'webchat', userId: `bob-changes-mind-${i}` });
      const opened = receiptIn(await chat.say('delete my data'));
      expect(expectsIn(await verifyByEmail(rb, chat, BOB.email))).toBe('choice');
      const replies = await chat.say(changed);
      expect(said(replies)).toContain(`OK, I've closed request ${opened?.id} (deletion of your data).`);
      expect(replies.map((a) => data(a).request)).toEqual(
        expect.arrayContaining([expect.objectContaining({ id: opened?.id, type: 'deletion', status: 'withdrawn' }), expect.objectContaining({ type: 'access', status: 'received' })]),
      );
      expect(expectsIn(replies)).toBe('email');
      expect((await rb.rights.profiles.get(BOB.userId))?.fields.name?.value).toBe(BOB.name);
    }
  });

  it('left at the last step and asked again the next day in a new chat: the earlier request is closed as replaced, and a yes in the old chat erases nothing', async () => {
    await rb.rights.profiles.setFields('webchat:cal', { name: 'Cal Returning', email: 'cal.returns@example.com' }, 'contact dialog');
    const first = rb.bot.conversation({ channelId: 'webchat', userId: 'cal' });
    const earlier = receiptIn(await first.say('delete my data'));
    expect(expectsIn(await verifyByEmail(rb, first, 'cal.returns@example.com'))).toBe('choice');
    rb.bot.clock.advance(86_400_000);

    const next = rb.bot.conversation({ channelId: 'webchat', userId: 'cal' });
    const opened = await next.say('forget me');
    expect(said(opened)).toContain(`I've closed your earlier request ${earlier?.id}, which wasn't finished: this one replaces it.`);
    expect(opened.map((a) => data(a).request)).toEqual(
      expect.arrayContaining([expect.objectContaining({ type: 'deletion', status: 'received' }), expect.objectContaining({ id: earlier?.id, status: 'withdrawn' })]),
    );
    const open = (await rb.rights.requests.listOpen()).filter((e) => e.userId === 'webchat:cal');
    const replacing = opened.map((a) => data(a).request).find((r) => r?.status === 'received');
    expect(open.map((e) => e.id)).toEqual([replacing?.id]);

    // The first chat was left open at its question: a yes there is too late.
    const late = await first.say('yes');
    expect(said(late)).toContain(`Request ${earlier?.id} was closed in the meantime (withdrawn)`);
    expect((await rb.rights.profiles.get('webchat:cal'))?.fields.name?.value).toBe('Cal Returning');
    const audit = (await rb.rights.requests.get('webchat:cal', earlier!.id))?.audit.at(-1);
    expect(audit).toMatchObject({ to: 'withdrawn', note: expect.stringContaining('replaced by') });
  });

  it('a question about billing records at the last step is answered with what the law keeps, and the question asked again', async () => {
    rb.bot.clock.advance(61 * 60_000);
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'bob-asks-billing' });
    const opened = receiptIn(await chat.say('delete my data'));
    await verifyByEmail(rb, chat, BOB.email);
    const replies = await chat.say('what about my billing records?');
    expect(said(replies)).toBe(
      'Your billing records are not deleted here: billing records (invoices and payments), if you have any; they are held by our billing system, not by this chat service: ' +
        'tax and accounting law requires us to keep them (kept for 2555 days). Nothing is deleted until you say yes. Shall I delete your data? Please answer yes or no.',
    );
    expect(expectsIn(replies)).toBe('choice');
    const kept = await chat.say('no');
    expect(receiptIn(kept)).toMatchObject({ id: opened?.id, status: 'withdrawn' });
  });

  it('cancels the callback the user was still waiting for, and says so', async () => {
    const userId = 'carol-5d1e';
    const first = rb.bot.conversation({ channelId: 'webchat', userId });
    await first.say('my printer is offline');
    await first.say('talk to a technician');
    await first.say('call me');
    const queued = await first.say('(415) 555-0199');
    const ticketId = queued.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    const repo = rb.rights.data.deps.handoffs;
    expect((await repo.getActive(ticketId))?.value).toMatchObject({ kind: 'callback', status: 'waiting' });
    // An address on file to verify with, as if given in an earlier chat.
    await rb.rights.profiles.setFields(`webchat:${userId}`, { email: 'carol.5d1e@example.com' }, 'contact dialog', { conversationId: first.conversationId });

    const chat = rb.bot.conversation({ channelId: 'webchat', userId });
    await chat.say('delete my data');
    await verifyByEmail(rb, chat, 'carol.5d1e@example.com');
    const done = await chat.say('yes');
    expect(said(done)).toContain("I've also cancelled the call back you asked for, so no technician will contact you about it.");
    expect(await repo.getActive(ticketId)).toBeUndefined();
    expect((await repo.getEnded(ticketId))?.value).toMatchObject({ status: 'ended', outcome: 'cancelled', userId: 'erased', contactFields: [] });
  });
});

describe('correcting my details in the chat', () => {
  it('an email address typed at "Which detail should I correct?" picks the email address, and its question comes next', async () => {
    const aadObjectId = '6f1c0b6e-0000-4000-8000-0000000c0fix';
    await rb.rights.profiles.setFields(`aad:${aadObjectId}`, { email: 'tess.teams@example.com' }, 'contact dialog');
    const chat = rb.bot.conversation({ channelId: 'msteams', userId: '29:tess', aadObjectId });
    expect(said(await chat.say('update my details'))).toContain('Which detail should I correct?');
    const asked = await chat.say('tess.new@example.com');
    expect(said(asked)).not.toContain('Please pick the detail to correct.');
    expect(said(asked)).toContain("What's your new email address");
    expect(expectsIn(asked)).toBe('email');
  });

  it('a new email becomes the address on file only after the code sent to it is typed', async () => {
    rb.bot.clock.advance(61 * 60_000);
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: BOB.userId.split(':')[1] });
    const opened = await chat.say('my email changed');
    expect(receiptIn(opened)).toMatchObject({ type: 'correction', status: 'received' });
    const asked = await verifyByEmail(rb, chat, BOB.email);
    // The contact notice came with the code's email question: the new one says what it is for.
    expect(said(asked)).toContain("What's your new email address, to update the details we hold about you?");
    expect(expectsIn(asked)).toBe('email');

    const before = rb.smtp.mails.length;
    const sent = await chat.say('bart.new@example.com');
    expect(said(sent)).toContain("I've sent a code to b***@example.com. It becomes your address on file once you type that code here");
    expect(expectsIn(sent)).toBe('otp');
    expect((await rb.rights.profiles.get(BOB.userId))?.fields.email?.value).toBe(BOB.email);

    const mail = await rb.smtp.waitFor('bart.new@example.com', { after: before, latest: true });
    const done = await chat.say(/verification code is (\d{6})/.exec(mail.raw)?.[1] as string);
    expect(said(done)).toContain('Done: your email address is now b***@example.com.');
    expect(receiptIn(done)).toMatchObject({ type: 'correction', status: 'completed' });
    expect((await rb.rights.profiles.get(BOB.userId))?.fields.email).toMatchObject({ value: 'bart.new@example.com', source: 'data correction' });
    expect(await rb.rights.emails.lookup('bart.new@example.com')).toEqual([BOB.userId]);
    expect(await rb.rights.emails.lookup(BOB.email)).toEqual([]);
  });

  it('"delete my address" deletes just the address after verification (a correction, not the whole erasure); the email on file is not deleted alone', async () => {
    await rb.rights.profiles.setFields('webchat:dee', { name: 'Dee Detail', email: 'dee.detail@example.com', address: { street: '1 Main St', city: 'Springfield', region: 'IL', postcode: '62701', country: 'US' } }, 'contact dialog');
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'dee' });
    const opened = await chat.say('delete my address');
    expect(receiptIn(opened)).toMatchObject({ type: 'correction', status: 'received' });
    const done = await verifyByEmail(rb, chat, 'dee.detail@example.com');
    expect(said(done)).toContain("Done: I've deleted your postal address from our records.");
    expect(said(done)).not.toContain('Shall I delete your data?');
    expect(receiptIn(done)).toMatchObject({ type: 'correction', status: 'completed' });
    expect((await rb.rights.profiles.get('webchat:dee'))?.fields).toEqual({ name: expect.anything(), email: expect.anything() });
    const request = (await rb.rights.requests.list('webchat:dee')).find((r) => r.id === receiptIn(done)?.id);
    expect(request?.details).toMatchObject({ removed: ['address'] });

    rb.bot.clock.advance(61 * 60_000);
    await chat.say('remove my email');
    const refused = await verifyByEmail(rb, chat, 'dee.detail@example.com');
    expect(said(refused)).toContain("I can't delete only your email address");
    expect(receiptIn(refused)).toMatchObject({ type: 'correction', status: 'denied' });
    expect((await rb.rights.profiles.get('webchat:dee'))?.fields.email?.value).toBe('dee.detail@example.com');
  });

  it('a phone number is corrected right after verification', async () => {
    rb.bot.clock.advance(61 * 60_000);
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'bob-tablet' });
    await chat.say('please update my phone number');
    const asked = await verifyByEmail(rb, chat, 'bart.new@example.com');
    expect(asked.some((a) => data(a).expects === 'phone')).toBe(true);
    const done = await chat.say('(415) 555-0142');
    expect(said(done)).toContain('Done: your phone number is now ********0142.');
    expect((await rb.rights.profiles.get(BOB.userId))?.fields.phone?.value).toBe('+14155550142');
  });
});

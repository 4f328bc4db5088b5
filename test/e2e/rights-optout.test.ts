import { suppressionList } from '../../src/cli/privacy';
import { Router } from '../../src/services/nlu/router';
import { fromRoot } from '../../src/paths';
import { data } from '../support/conversation';
import { expectsIn, receiptIn, said, useRightsBot, verifyByEmail } from './rights-harness';

// Opt-outs, objections and the GPC signal through the real app (P7, P8, P11, P17).
const rb = useRightsBot();

const cli = () => ({ store: rb.bot.app.store, policy: rb.bot.app.config.policy, now: rb.bot.clock.now });

describe('opting out in the chat', () => {
  it('"stop sending me offers" works in one turn, tied to the email and phone on file, with a receipt', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'olive' });
    await rb.rights.profiles.setFields('webchat:olive', { email: 'olive.optout@example.com', phone: '+14155550188' }, 'contact dialog');
    const replies = await chat.say('stop sending me offers');
    const text = said(replies);
    expect(text).toContain("Done, effective now. I've turned off:");
    expect(text).toContain('• marketing emails (o***@example.com is on our do-not-market list)');
    expect(text).toContain('• marketing calls and texts (********0188 is on our do-not-market list)');
    expect(receiptIn(replies)).toMatchObject({ type: 'opt_out', status: 'completed', dueDate: '2026-04-30' });
    expect(expectsIn(replies)).toBeUndefined(); // no question asked

    const current = await rb.rights.consents.current('webchat:olive');
    expect([current.marketing_email?.granted, current.marketing_phone?.granted]).toEqual([false, false]);
    const exported = (await rb.rights.exporter.export(['webchat:olive'])).accounts[0];
    expect(exported.optOuts.map((o) => o.purpose)).toEqual(['marketing_email', 'marketing_phone']);
    expect(exported.suppression.map((s) => s.address)).toEqual(['olive.optout@example.com', '+14155550188']);
    expect(exported.requests.map((r) => [r.type, r.status])).toEqual([['opt_out', 'completed']]);

    const csv = await suppressionList(cli(), 'csv');
    expect(csv.split('\n')).toEqual(expect.arrayContaining(['olive.optout@example.com,email,2026-03-31T12:00:00.000Z', '+14155550188,phone,2026-03-31T12:00:00.000Z']));
  });

  it('with no address on file, applies the opt-out first, then asks for one (with the contact notice) and ties it to the same request', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'una' });
    const asked = await chat.say('unsubscribe');
    const receipt = receiptIn(asked);
    expect(receipt).toMatchObject({ type: 'opt_out', status: 'completed' });
    expect(said(asked)).toContain("Done, effective now. I've turned off:\n• marketing emails");
    expect(asked.some((a) => data(a).notice?.id === 'contact')).toBe(true);
    expect(expectsIn(asked)).toBe('email');
    const done = await chat.say('una.unsub@example.com');
    expect(said(done)).toContain(`u***@example.com is now on our do-not-market list too (request ${receipt?.id})`);
    const exported = (await rb.rights.exporter.export(['webchat:una'])).accounts[0];
    expect(exported.requests.map((r) => [r.id, r.type])).toEqual([[receipt?.id, 'opt_out']]);
    expect(exported.requests[0].details.suppressed).toEqual([expect.objectContaining({ channel: 'email', address: 'una.unsub@example.com', added: true })]);
    const lines = (await suppressionList(cli(), 'jsonl')).split('\n').map((l) => JSON.parse(l));
    expect(lines).toContainEqual({ address: 'una.unsub@example.com', channel: 'email', since: '2026-03-31T12:00:00.000Z' });
  });

  // It was "not something I can help with" (the address read as unknown words), or the opt-out done and the address asked for again.
  it('"stop emailing me, my email is ..." offers that address back for the do-not-market list instead of asking for it', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'pat' });
    const asked = await chat.say('stop emailing me, my email is pat.k@example.com');
    const receipt = receiptIn(asked);
    expect(receipt).toMatchObject({ type: 'opt_out', status: 'completed' });
    expect(said(asked)).toContain('Shall I use pat.k@example.com? Please say yes or no.');
    expect(said(asked)).not.toContain("What's your email address?");
    const done = await chat.say('yes');
    expect(said(done)).toContain(`p***@example.com is now on our do-not-market list too (request ${receipt?.id})`);
    const lines = (await suppressionList(cli(), 'jsonl')).split('\n').map((l) => JSON.parse(l));
    expect(lines).toContainEqual(expect.objectContaining({ address: 'pat.k@example.com', channel: 'email' }));
  });

  it('at the optional address question, answers a privacy question from the notice, and takes "thanks bye" as a skip: the opt-out still completes', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'paul' });
    const asked = await chat.say('stop calling me');
    expect(receiptIn(asked)).toMatchObject({ type: 'opt_out', status: 'completed' });
    expect(expectsIn(asked)).toBe('phone');
    const why = await chat.say('what is my data used for');
    expect(said(why)).toMatch(/^We use your contact details only to reach you about this request/);
    expect(said(why)).not.toContain("couldn't find a phone number");
    expect(expectsIn(why)).toBe('phone');
    const bye = await chat.say('thanks bye');
    expect(said(bye)).toContain('Your opt-out stays recorded on your account');
    expect(await rb.rights.consents.isGranted('webchat:paul', 'marketing_phone')).toBe(false);
    expect((await rb.rights.profiles.get('webchat:paul'))?.fields.phone).toBeUndefined();
  });

  it('leaves an optional address out after three answers that are not one, and completes the opt-out', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'quinn' });
    expect(receiptIn(await chat.say('stop calling me'))).toMatchObject({ type: 'opt_out', status: 'completed' });
    expect(said(await chat.say('my phone'))).toContain("couldn't find a phone number");
    expect(said(await chat.say('the one on my account'))).toContain("couldn't find a phone number");
    const third = await chat.say('you know it');
    expect(said(third)).toContain("No problem, I'll leave out your phone number.");
    expect(said(third)).toContain('Your opt-out stays recorded on your account');
  });

  it('at the optional address question, a question answered or of the user\'s own is no try: only the third answer that is not one leaves it out', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'quentin' });
    expect(receiptIn(await chat.say('stop calling me'))).toMatchObject({ type: 'opt_out', status: 'completed' });
    expect(said(await chat.say('what is my data used for'))).toMatch(/^We use your contact details only to reach you about this request/);
    expect(said(await chat.say('my phone'))).toContain("couldn't find a phone number");
    const question = await chat.say('how long will this take?');
    expect(said(question)).toContain("I can't answer questions in the middle of this one, sorry.");
    expect(said(question)).not.toContain('leave out');
    expect(expectsIn(question)).toBe('phone');
    expect(said(await chat.say('the one on my account'))).toContain("couldn't find a phone number");
    expect(said(await chat.say('you know it'))).toContain("No problem, I'll leave out your phone number.");
  });

  it('asks one clarifying question with choices when it cannot tell what to stop', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'clara' });
    const question = await chat.say('opt out');
    expect(expectsIn(question)).toBe('choice');
    expect(question.at(-1)?.suggestedActions?.actions.map((a) => a.title)).toEqual([
      'Marketing emails',
      'Marketing calls and texts',
      'Sharing with third parties',
      'Recording my chats',
      'All of these',
    ]);
    const done = await chat.say('Sharing with third parties');
    expect(said(done)).toContain('• sharing your information with third parties');
    expect(await rb.rights.consents.isGranted('webchat:clara', 'third_party_sharing')).toBe(false);
  });

  it('says so when the opt-out was already in place, instead of pretending to change something', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'dora' });
    await chat.say("don't share my data");
    const again = await chat.say("please don't share my information with partners");
    expect(said(again)).toContain('Nothing needed changing; these were already off:');
    expect(said(again)).toContain('sharing your information with third parties (since 31 March 2026)');
  });

  it('"don\'t record this chat" stops transcript persistence from that message on', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'rex' });
    await chat.say('my printer is offline');
    const before = await rb.rights.transcripts.list(chat.conversationId);
    expect(before.length).toBeGreaterThan(0);
    const replies = await chat.say("please don't record this chat");
    // It covers the user's next chats too (P8: "their conversations"), and says so, and how to undo it.
    expect(said(replies)).toContain('From this message on I keep no transcript of this chat or of your future chats with us');
    expect(said(replies)).toContain('To turn recording back on, say "start recording my chats again".');
    expect(receiptIn(replies)).toMatchObject({ type: 'opt_out', status: 'completed' });
    await chat.say('it still says offline after a restart');
    const after = await rb.rights.transcripts.list(chat.conversationId);
    expect(after).toEqual(before);
    expect(JSON.stringify(after)).not.toContain("please don't record this chat");
    expect(await rb.rights.transcripts.isRecordingOff(chat.conversationId)).toBe(true);
    expect(await rb.rights.consents.isGranted('webchat:rex', 'transcript_recording')).toBe(false);
  });

  it.each(['please email me deals', 'i want your emails'])('"%s" offers the opt-in and turns nothing off', async (text) => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: `wants-mail-${text.length}` });
    const replies = said(await chat.say(text));
    expect(replies).toContain('Before I switch anything back on');
    expect(replies).not.toContain("I've turned off");
    expect(await rb.rights.consents.current(`webchat:wants-mail-${text.length}`)).toEqual({});
  });

  // Read as cancel, nothing understood, a pick of data access or cancel, and the retention table: the chat went on being recorded.
  it.each(['pls dont save this convo', 'i dont want this conversation saved', 'dont keep a copy of this chat', 'can u not store my messages'])(
    '"%s" stops recording as "don\'t record this chat" does',
    async (text) => {
      const userId = `unsaved-${text.replace(/\W+/g, '-')}`;
      const chat = rb.bot.conversation({ channelId: 'webchat', userId });
      await chat.say('my printer is offline');
      const before = await rb.rights.transcripts.list(chat.conversationId);
      const replies = await chat.say(text);
      expect(said(replies)).toContain("I've turned off:\n• recording of your chats");
      await chat.say('it still says offline after a restart');
      expect(await rb.rights.transcripts.list(chat.conversationId)).toEqual(before);
      expect(await rb.rights.consents.isGranted(`webchat:${userId}`, 'transcript_recording')).toBe(false);
    },
  );

  it('the words the recording confirmation gives to turn it back on do that', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'rhea' });
    const off = said(await chat.say("don't record this chat"));
    const words = /To turn recording back on, say "([^"]+)"/.exec(off)?.[1] as string;
    expect(said(await chat.say(words))).toContain('• recording of your chats: I keep a transcript of our chats');
  });

  it('a user who turned recording off is not recorded (nor told they are) in their next chat either', async () => {
    const next = rb.bot.conversation({ channelId: 'webchat', userId: 'rex' });
    const replies = await next.say('my printer is offline');
    expect(replies.some((a) => data(a).notice?.id === 'recording')).toBe(false);
    await next.say('still offline');
    expect(await rb.rights.transcripts.list(next.conversationId)).toEqual([]);
    // Someone who never said no is recorded as usual.
    const other = rb.bot.conversation({ channelId: 'webchat', userId: 'rita' });
    expect((await other.say('my printer is offline')).some((a) => data(a).notice?.id === 'recording')).toBe(true);
    expect((await rb.rights.transcripts.list(other.conversationId)).length).toBeGreaterThan(0);
  });

  it('objections and consent withdrawals are as easy: one message, whatever the router made of it', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'otto' });
    const objection = await chat.say('I object to you using my diagnostics');
    expect(said(objection)).toContain('Your objection is recorded, effective now');
    expect(receiptIn(objection)).toMatchObject({ type: 'objection', status: 'completed' });
    const withdrawal = await chat.say('I withdraw my consent for recording');
    expect(said(withdrawal)).toContain('Your consent is withdrawn, effective now');
    expect(receiptIn(withdrawal)).toMatchObject({ type: 'withdraw_consent', status: 'completed' });
    const current = await rb.rights.consents.current('webchat:otto');
    expect([current.diagnostics?.granted, current.transcript_recording?.granted]).toEqual([false, false]);
  });

  it('"i keep getting texts from you stop it" is an opt-out from marketing calls and texts, though the router reads a device problem', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'tess' });
    const router = await Router.load(fromRoot('content/nlu'));
    expect(router.classify('i keep getting texts from you stop it').intent).not.toBe('opt_out');
    const asked = await chat.say('i keep getting texts from you stop it');
    expect(said(asked)).not.toContain('guides');
    expect(said(asked)).toContain('• marketing calls and texts');
    expect(receiptIn(asked)).toMatchObject({ type: 'opt_out', status: 'completed' });
    expect(expectsIn(asked)).toBe('phone'); // the number to put on the do-not-market list, optional
    // Asked of someone who wants no more calls: what the number is for, never "to reach you".
    expect(said(asked)).toContain("I'll ask for your phone number, for our do-not-market list, so our marketing system never contacts you there. It's optional.");
    expect(said(asked)).toContain(`What's your phone number? (Optional: say "skip" if you'd rather not.)`);
    expect(said(asked)).not.toMatch(/number to reach you|that address/);
    expect(said(await chat.say('skip'))).toContain('Your opt-out stays recorded on your account');
  });

  // The company by the first word of its configured name (Brightside Tech Support): it got the phone's guide.
  it('"i keep getting texts from brightside" is an opt-out from marketing calls and texts, as "texts from you" is', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'tori' });
    const asked = await chat.say('i keep getting texts from brightside');
    expect(said(asked)).not.toContain('Airplane mode');
    expect(said(asked)).toContain('• marketing calls and texts');
    expect(receiptIn(asked)).toMatchObject({ type: 'opt_out', status: 'completed' });
  });

  it('"STOP SPAMMING ME YOU IDIOTS" stops marketing emails at once: spam is our marketing email, no list of what to stop', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'spencer' });
    const replies = await chat.say('STOP SPAMMING ME YOU IDIOTS');
    expect(said(replies)).not.toContain('What would you like me to stop?');
    expect(said(replies)).toContain("Done, effective now. I've turned off:\n• marketing emails");
    expect(said(replies)).not.toContain('marketing calls and texts');
    expect(receiptIn(replies)).toMatchObject({ type: 'opt_out', status: 'completed' });
    expect(await rb.rights.consents.isGranted('webchat:spencer', 'marketing_email')).toBe(false);
  });

  it('"dont shar my data" is read as "share": the sharing opt-out, not a list of what to stop', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'sharon' });
    const replies = await chat.say('dont shar my data');
    expect(said(replies)).not.toContain('What would you like me to stop?');
    expect(said(replies)).toContain('• sharing your information with third parties');
    expect(await rb.rights.consents.isGranted('webchat:sharon', 'third_party_sharing')).toBe(false);
  });

  it('"why do you keep emailing me?? i unsubscribed already" applies the email opt-out again with an apology, not a pick between opt-out and privacy questions', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'ursula' });
    await rb.rights.profiles.setFields('webchat:ursula', { email: 'ursula.optout@example.com' }, 'contact dialog');
    const first = await chat.say('why do you keep emailing me?? i unsubscribed already');
    expect(said(first)).not.toContain('which of these do you mean?');
    expect(said(first)).toContain("I'm sorry you're still hearing from us after you asked us to stop.");
    expect(said(first)).toContain("Done, effective now. I've turned off:\n• marketing emails (u***@example.com is on our do-not-market list)");
    expect(receiptIn(first)).toMatchObject({ type: 'opt_out', status: 'completed' });
    // Back another day, still getting them: told it is off, with the apology again, and nothing recorded twice.
    const again = await rb.bot.conversation({ channelId: 'webchat', userId: 'ursula' }).say('why do you keep emailing me?? i unsubscribed already');
    expect(said(again)).toContain("I'm sorry you're still hearing from us after you asked us to stop.");
    expect(said(again)).toContain('Nothing needed changing; these were already off:\n• marketing emails (since 31 March 2026)');
    expect((await rb.rights.consents.history('webchat:ursula')).filter((r) => r.purpose === 'marketing_email')).toHaveLength(1);
  });

  it('an opt-out whose address question is never answered still stands: the user left, or asked for something else there', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'leah' });
    expect(expectsIn(await chat.say('stop emailing me'))).toBe('email');
    // Gone for good: the next chat is a new conversation.
    await rb.bot.conversation({ channelId: 'webchat', userId: 'leah' }).say('my printer is offline');
    expect(await rb.rights.consents.isGranted('webchat:leah', 'marketing_email')).toBe(false);
    const exported = (await rb.rights.exporter.export(['webchat:leah'])).accounts[0];
    expect(exported.optOuts.map((o) => o.purpose)).toEqual(['marketing_email']);
    expect(exported.requests.map((r) => [r.type, r.status])).toEqual([['opt_out', 'completed']]);
  });

  it('"stop texting me" and "dont record this" at the optional address question are carried out, not read as a wrong address', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'milo' });
    expect(expectsIn(await chat.say('stop emailing me'))).toBe('email');
    const texts = await chat.say('stop texting me');
    expect(said(texts)).not.toContain("doesn't look like an email address");
    expect(said(texts)).toContain('• marketing calls and texts');
    expect(receiptIn(texts)).toMatchObject({ type: 'opt_out', status: 'completed' });
    const recording = await chat.say('dont record this');
    expect(said(recording)).toContain('From this message on I keep no transcript of this chat or of your future chats with us');
    expect(await rb.rights.transcripts.isRecordingOff(chat.conversationId)).toBe(true);
    const current = await rb.rights.consents.current('webchat:milo');
    expect([current.marketing_email?.granted, current.marketing_phone?.granted, current.transcript_recording?.granted]).toEqual([false, false, false]);
  });

  // Both were "That doesn't look like an email address": the router's reading (0.7) was not enough at an address question.
  it.each(['no more texts either', 'and texts too'])('%j at the optional address question turns off marketing calls and texts too', async (text) => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: `more-${text.length}` });
    expect(expectsIn(await chat.say('stop emailing me'))).toBe('email');
    const replies = await chat.say(text);
    expect(said(replies)).not.toContain("doesn't look like an email address");
    expect(said(replies)).toContain('• marketing calls and texts');
    const current = await rb.rights.consents.current(`webchat:more-${text.length}`);
    expect([current.marketing_email?.granted, current.marketing_phone?.granted]).toEqual([false, false]);
  });

  // It was opened as another opt-out ("Nothing needed changing", a second receipt) and the question asked again.
  it('"i dont want to give my email" at the optional address question skips it, with no second opt-out', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'ivo' });
    expect(expectsIn(await chat.say('stop emailing me'))).toBe('email');
    const skipped = await chat.say('i dont want to give my email');
    expect(said(skipped)).toContain('Your opt-out stays recorded on your account');
    expect(said(skipped)).not.toContain('Nothing needed changing');
    expect(expectsIn(skipped)).toBeUndefined();
    const exported = (await rb.rights.exporter.export(['webchat:ivo'])).accounts[0];
    expect(exported.requests.map((r) => r.type)).toEqual(['opt_out']);
  });

  it.each([
    ['delete my data and stop emailing me', 'deletion'],
    ['stop emailing me and delete my data', 'deletion'],
    ['stop emailing me. also what data do you have on me', 'access'],
  ])('"%s" does both: the opt-out at once, then the %s request, neither dropped for the other', async (text, type) => {
    const userId = `both-${text.replace(/\W+/g, '-')}`;
    await rb.rights.profiles.setFields(`webchat:${userId}`, { email: `${userId}@example.com` }, 'contact dialog');
    const chat = rb.bot.conversation({ channelId: 'webchat', userId });
    const replies = await chat.say(text);
    expect(said(replies)).toContain('You asked for two things');
    const receipts = replies.map((a) => data(a).request).filter(Boolean);
    expect(receipts).toEqual([expect.objectContaining({ type: 'opt_out', status: 'completed' }), expect.objectContaining({ type, status: 'received' })]);
    expect(said(replies)).toContain("I've turned off:\n• marketing emails");
    expect(expectsIn(replies)).toBe('email');
  });

  it('works in the middle of another conversation and the bot picks up where it was', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'mid' });
    await rb.rights.profiles.setFields('webchat:mid', { email: 'mid.flow@example.com' }, 'contact dialog');
    const question = (await chat.say('I want a refund')).at(-1);
    expect(data(question ?? {}).expects).toBe('choice');
    const replies = await chat.say('stop sending me promotional emails');
    expect(said(replies)).toContain('• marketing emails (m***@example.com is on our do-not-market list)');
    expect(receiptIn(replies)).toMatchObject({ type: 'opt_out', status: 'completed' });
    expect(replies.at(-1)?.text).toBe(question?.text);
    expect(expectsIn(replies)).toBe('choice');
  });
});

describe('asking where the choices stand', () => {
  it('in a new chat, "what have i opted out of" and "am i still subscribed to your newsletter" get what is off since when and how to change it, with no request and no address', async () => {
    await rb.rights.profiles.setFields('webchat:stella', { email: 'stella.status@example.com', phone: '+14155550166' }, 'contact dialog');
    expect(receiptIn(await rb.bot.conversation({ channelId: 'webchat', userId: 'stella' }).say('stop all marketing'))).toMatchObject({ type: 'opt_out' });
    const later = rb.bot.conversation({ channelId: 'webchat', userId: 'stella' });
    for (const question of ['what have i opted out of', 'am i still subscribed to your newsletter']) {
      const replies = await later.say(question);
      const text = said(replies);
      expect(text).toContain('Off:\n• marketing emails (since 31 March 2026)\n• marketing calls and texts (since 31 March 2026)\n• sharing your information with third parties (since 31 March 2026)');
      expect(text).toContain('On:\n• recording of your chats (this chat is recorded)');
      expect(text).toContain('"start sending me offers again"');
      expect(text).not.toMatch(/Nothing needed changing|Just to be sure|stella|0166|\*\*\*/);
      expect(receiptIn(replies)).toBeUndefined();
      expect(expectsIn(replies)).toBeUndefined();
    }
    expect((await rb.rights.requests.list('webchat:stella')).map((r) => r.type)).toEqual(['opt_out']);
  });

  it('at the do-not-market address question, "what did i just opt out of" and "what are my privacy settings" get the choices and the question again; "why do you need my email" still gets the notice', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'sidney' });
    expect(expectsIn(await chat.say('stop all marketing'))).toBe('email');
    for (const question of ['what did i just opt out of', 'what are my privacy settings']) {
      const replies = await chat.say(question);
      expect(said(replies)).toMatch(/^Here is where your privacy choices stand now:\nOff:\n• marketing emails/);
      expect(said(replies)).not.toContain('We use your contact details only');
      expect(said(replies)).not.toContain('What would you like me to stop?');
      expect(expectsIn(replies)).toBe('email');
      expect(said(replies)).toMatch(/What's your email address\? \(Optional: say "skip" if you'd rather not\.\)$/);
    }
    expect(said(await chat.say('why do you need my email'))).toMatch(/^We use your contact details only/);
    expect((await rb.rights.requests.list('webchat:sidney')).map((r) => r.type)).toEqual(['opt_out']);
  });

  it('at the address question the notice answers only questions about that data: "do you sell my data" gets it, "do you use cookies" not', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'sorcha' });
    expect(expectsIn(await chat.say('stop calling me'))).toBe('phone');
    expect(said(await chat.say('do you sell my data'))).toMatch(/^We use your contact details only/);
    const cookies = await chat.say('do you use cookies');
    expect(said(cookies)).not.toContain('We use your contact details only');
    expect(said(cookies)).toContain("I can't answer questions in the middle of this one");
    expect(expectsIn(cookies)).toBe('phone');
    const other = rb.bot.conversation({ channelId: 'webchat', userId: 'sorcha' });
    expect(expectsIn(await other.say('stop calling me'))).toBe('phone');
    expect(said(await other.say('is my email safe with you'))).toMatch(/^We use your contact details only/);
  });

  it('the words the choices give to change them do that', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'selma' });
    await rb.rights.profiles.setFields('webchat:selma', { email: 'selma.words@example.com' }, 'contact dialog');
    await chat.say("don't share my data");
    const text = said(await chat.say('what are my privacy settings'));
    const words = /e\.g\. (.+)\.$/m.exec(text)?.[1].split(' or ').map((w) => w.replace(/"/g, '')) ?? [];
    expect(words).toEqual(['you can share my data again', 'stop marketing emails', 'stop calling me', "don't record this chat"]);
    expect(said(await rb.bot.conversation({ channelId: 'webchat', userId: 'selma' }).say(words[0]))).toContain('• sharing your information with third parties: we may share');
    expect(said(await chat.say(words[1]))).toContain("I've turned off:\n• marketing emails (s***@example.com is on our do-not-market list)\nYour receipt");
  });
});

describe("an opt-out's words that ask for no opt-out", () => {
  // With an email and a phone on file, a real opt-out would complete in this one turn.
  async function withAddresses(text: string) {
    const userId = `words-${text.replace(/\W+/g, '-')}`;
    await rb.rights.profiles.setFields(`webchat:${userId}`, { email: `${userId}@example.com`, phone: '+14155550190' }, 'contact dialog');
    return { userId: `webchat:${userId}`, chat: rb.bot.conversation({ channelId: 'webchat', userId }) };
  }

  it.each([
    ['how do I unsubscribe from apple emails', /guides that could fit/],
    ["I can't unsubscribe from a newsletter in outlook", /guides that could fit/],
    ["don't share my password with anyone", /secrets are removed from your messages before anything is stored, and we never ask for them/],
    ["don't email me the report", /not something I can help with/],
  ])('"%s" turns nothing off and opens no request; it gets %s', async (text, reply) => {
    const { userId, chat } = await withAddresses(text);
    const replies = await chat.say(text);
    expect(said(replies)).toMatch(reply);
    expect(said(replies)).not.toContain("I've turned off");
    expect(receiptIn(replies)).toBeUndefined();
    expect(await rb.rights.consents.current(userId)).toEqual({});
    expect((await rb.rights.exporter.export([userId])).accounts[0].requests).toEqual([]);
  });

  it.each([
    ['stop emailing me', 'marketing emails'],
    ['stop sending me marketing emails', 'marketing emails'],
    ['unsubscribe me', 'marketing emails'],
    ['please unsubscribe me from your promotional emails', 'marketing emails'],
    ["don't share my data with partners", 'sharing your information with third parties'],
    ['stop sending me offers by email', 'marketing emails'],
    ['unsubscibe me', 'marketing emails'],
    ['stop emialing me', 'marketing emails'],
    ['unsubscribe', 'marketing emails'],
    // The policy's company is Brightside Tech Support: its mail is ours, not someone else's.
    ['how do I unsubscribe from brightside emails', 'marketing emails'],
  ])('"%s" still turns off %s at once, with a receipt', async (text, purpose) => {
    const { chat } = await withAddresses(text);
    const replies = await chat.say(text);
    expect(said(replies)).toContain(`Done, effective now. I've turned off:\n• ${purpose}`);
    expect(receiptIn(replies)).toMatchObject({ type: 'opt_out', status: 'completed' });
  });
});

describe('opting back in', () => {
  it('"actually no keep sending them" right after "unsubscribe" offers to switch marketing emails back on, not a pick between cancel and a device problem', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'chandra' });
    await rb.rights.profiles.setFields('webchat:chandra', { email: 'chandra.optin@example.com' }, 'contact dialog');
    expect(said(await chat.say('unsubscribe'))).toContain('• marketing emails');
    const offered = await chat.say('actually no keep sending them');
    expect(said(offered)).not.toContain('which of these do you mean?');
    expect(said(offered)).toContain('No problem. Your opt-out has already been applied, but I can switch it back on for you.');
    expect(said(offered)).toContain('• marketing emails: offers and news by email, to the address on file');
    expect(said(offered)).toContain('Shall I switch it back on? Please answer yes or no.');
    expect(expectsIn(offered)).toBe('choice');
    // Nothing goes back on without the yes (and the code): a no leaves the opt-out as it is.
    expect(said(await chat.say('no'))).toContain("OK, I haven't switched anything back on: what you turned off stays off.");
    expect(await rb.rights.consents.isGranted('webchat:chandra', 'marketing_email')).toBe(false);
  });

  it('with no address on file the explanation says so instead of promising mail "to the address on file"', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'nadia' });
    expect(expectsIn(await chat.say('unsubscribe'))).toBe('email');
    await chat.say('skip');
    const offered = said(await chat.say('actually no keep sending them'));
    expect(offered).toContain("• marketing emails: offers and news by email; I have no email address on file for you in this account, so I'll ask for the address they should go to and send a code there to check it's yours");
    expect(offered).not.toContain('on file;');

    const texts = rb.bot.conversation({ channelId: 'webchat', userId: 'nadia' });
    expect(expectsIn(await texts.say('stop texting me'))).toBe('phone');
    const phone = said(await texts.say('i changed my mind'));
    expect(phone).toContain('we have no phone number on file for you, so none will come until you give us one');
    expect(phone).not.toContain('to the number on file');
  });

  it('"i changed my mind" at the optional address question after an opt-out offers the opt-in instead of reading it as a wrong address', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'mindy' });
    expect(expectsIn(await chat.say('stop texting me'))).toBe('phone');
    const offered = await chat.say('i changed my mind');
    expect(said(offered)).not.toContain("doesn't look like");
    expect(said(offered)).toContain('• marketing calls and texts: offers by phone call and text message');
    expect(expectsIn(offered)).toBe('choice');
  });

  it.each(['actually please email me offers again', 'no wait, I want your newsletter'])('"%s" at the optional address question after "stop emailing me" offers the opt-in instead of reading it as a wrong address', async (text) => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: `ivo-${text.length}` });
    expect(expectsIn(await chat.say('stop emailing me'))).toBe('email');
    const offered = await chat.say(text);
    expect(said(offered)).not.toContain("doesn't look like");
    expect(said(offered)).toContain('• marketing emails: offers and news by email');
    expect(said(offered)).toContain('Shall I switch it back on? Please answer yes or no.');
    expect(expectsIn(offered)).toBe('choice');
  });

  it('an opt-in of something other than what was just turned off is no take-back: "email me offers" after "stop texting me" offers the emails, not the texts', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'tex' });
    expect(expectsIn(await chat.say('stop texting me'))).toBe('phone');
    await chat.say('skip');
    const offered = said(await chat.say('actually please email me offers'));
    expect(offered).not.toContain('Your opt-out has already been applied');
    expect(offered).toContain('• marketing emails');
    expect(offered).not.toContain('• marketing calls and texts');
  });

  it('a change of mind is read only just after the opt-out in the same chat: a message later it still is; in a new chat, or over ten minutes later, "actually no keep sending them" offers nothing back', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'otis' });
    await rb.rights.profiles.setFields('webchat:otis', { email: 'otis.optout@example.com' }, 'contact dialog');
    await chat.say('unsubscribe');
    await chat.say('what can you do?');
    expect(said(await chat.say('actually no keep sending them'))).toContain('switch it back on');
    await chat.say('no');
    expect(said(await rb.bot.conversation({ channelId: 'webchat', userId: 'otis' }).say('actually no keep sending them'))).not.toContain('switch it back on');
    rb.bot.clock.advance(11 * 60_000);
    expect(said(await chat.say('actually no keep sending them'))).not.toContain('switch it back on');
  });

  it('"opt me back in to your newsletter": explains, takes a yes, verifies the address, records the consent and takes the address off the list, with a receipt in the export', async () => {
    const userId = 'webchat:nora';
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'nora' });
    await rb.rights.profiles.setFields(userId, { email: 'nora.optin@example.com' }, 'contact dialog');
    expect(expectsIn(await chat.say('stop sending me offers'))).toBe('phone'); // none on file: optional
    await chat.say('skip');
    expect(await rb.rights.suppression.get('email', 'nora.optin@example.com')).toBeDefined();
    rb.bot.clock.advance(60_000); // the export lists requests by time

    const asked = await chat.say('opt me back in to your newsletter');
    expect(said(asked)).toContain('• marketing emails: offers and news by email');
    expect(said(asked)).toContain('You can stop it again at any time, in any chat: just say "stop sending me offers"');
    expect(receiptIn(asked)).toBeUndefined(); // nothing opened before the yes
    // Only a whole yes: "ok but only the newsletter?" is answered and changes nothing.
    const unsure = await chat.say('ok but only the newsletter?');
    expect(said(unsure)).toContain('Nothing is switched on until you say yes');
    const opened = await chat.say('yes');
    expect(receiptIn(opened)).toMatchObject({ type: 'opt_in', status: 'received' });
    expect(expectsIn(opened)).toBe('email');
    const done = await verifyByEmail(rb, chat, 'nora.optin@example.com');
    expect(said(done)).toContain("Done. I've switched back on:\n• marketing emails");
    expect(said(done)).toContain('n***@example.com is off our do-not-market list.');
    expect(receiptIn(done)).toMatchObject({ type: 'opt_in', status: 'completed' });

    expect(await rb.rights.consents.isGranted(userId, 'marketing_email')).toBe(true);
    expect(await rb.rights.suppression.get('email', 'nora.optin@example.com')).toBeUndefined();
    const csv = await suppressionList(cli(), 'csv');
    expect(csv).not.toContain('nora.optin@example.com');
    const exported = (await rb.rights.exporter.export([userId])).accounts[0];
    expect(exported.requests.map((r) => [r.type, r.status])).toEqual([
      ['opt_out', 'completed'],
      ['opt_in', 'completed'],
    ]);
    expect(exported.requests[1].verifiedBy).toBe('email code');
    expect(exported.consents.current.marketing_email).toMatchObject({ granted: true });
    expect(exported.suppression).toEqual([]);
    // Marketing calls were not asked about: they stay off, and the number-less opt-out stays on record.
    expect(await rb.rights.consents.isGranted(userId, 'marketing_phone')).toBe(false);
  });

  it("someone with no address on file who types another person's address can't opt it in: the code goes to that address, a guess fails, and it stays on the do-not-market list", async () => {
    await rb.rights.profiles.setFields('webchat:victim', { email: 'victim.optin@example.com' }, 'contact dialog');
    await rb.bot.conversation({ channelId: 'webchat', userId: 'victim' }).say('unsubscribe');
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'mallory' });
    await chat.say('opt me back in to your newsletter');
    await chat.say('yes');
    const before = rb.smtp.mails.length;
    const sent = await chat.say('victim.optin@example.com');
    // With nothing on file the address typed is proven by a code sent to it: only its owner can type it back.
    expect(said(sent)).toContain("I've sent a code to v***@example.com");
    await rb.smtp.waitFor('victim.optin@example.com', { after: before });
    const guessed = await chat.say('123456');
    expect(said(guessed)).toMatch(/isn't right|has expired/);
    expect(await rb.rights.suppression.get('email', 'victim.optin@example.com')).toBeDefined();
    expect(await rb.rights.consents.current('webchat:mallory')).toEqual({});
    expect((await rb.rights.profiles.get('webchat:mallory'))?.fields.email).toBeUndefined();
    const cancelled = await chat.say('cancel');
    expect(receiptIn(cancelled)).toMatchObject({ type: 'opt_in', status: 'withdrawn' });
  });

  it('"start recording my chats again" is an opt-in though the router reads a privacy question, and a "no" changes nothing', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'rona' });
    await chat.say("please don't record this chat");
    const router = await Router.load(fromRoot('content/nlu'));
    expect(router.classify('start recording my chats again').intent).not.toBe('opt_out');
    const asked = await chat.say('start recording my chats again');
    expect(said(asked)).toContain('• recording of your chats: I keep a transcript of our chats');
    const no = await chat.say('no');
    expect(said(no)).toContain("OK, I haven't switched anything back on");
    expect(receiptIn(no)).toBeUndefined();
    expect(await rb.rights.consents.isGranted('webchat:rona', 'transcript_recording')).toBe(false);
    expect(await rb.rights.transcripts.isRecordingOff(chat.conversationId)).toBe(true);
  });

  it('"record again please" turns recording back on (the opt-in), not another opt-out and a data request', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'rudi' });
    await chat.say("please don't record this chat");
    const asked = await chat.say('record again please');
    expect(said(asked)).toContain('• recording of your chats: I keep a transcript of our chats');
    expect(said(asked)).not.toMatch(/already off|access to your data/);
  });

  it('a user with their number on file gets calls and texts again only for a number their own opt-out put on the list', async () => {
    const userId = 'webchat:pia';
    await rb.rights.profiles.setFields(userId, { email: 'pia.optin@example.com', phone: '+14155550142' }, 'contact dialog');
    // Someone else's opt-out put the number there first.
    await rb.rights.suppression.add('phone', '+14155550142');
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'pia' });
    rb.bot.clock.advance(60_000);
    await chat.say('stop calling me');
    await chat.say('you can call me with offers again');
    await chat.say('yes');
    const done = await verifyByEmail(rb, chat, 'pia.optin@example.com');
    expect(said(done)).toContain('• marketing calls and texts');
    expect(said(done)).toContain('********0142 stays on our do-not-market list');
    expect(await rb.rights.suppression.get('phone', '+14155550142')).toBeDefined();
    expect(await rb.rights.consents.isGranted(userId, 'marketing_phone')).toBe(true);

    // A number the user's own opt-out put on the list comes off it.
    await rb.rights.profiles.setFields('webchat:paz', { email: 'paz.optin@example.com', phone: '+14155550143' }, 'contact dialog');
    const own = rb.bot.conversation({ channelId: 'webchat', userId: 'paz' });
    await own.say('stop calling me');
    await own.say('you can call me with offers again');
    await own.say('yes');
    expect(said(await verifyByEmail(rb, own, 'paz.optin@example.com'))).toContain('********0143 is off our do-not-market list.');
    expect(await rb.rights.suppression.get('phone', '+14155550143')).toBeUndefined();
  });
});

describe('calls and texts are one setting', () => {
  it('"stop texting me but calls are fine" is told so and asked; "leave them on" changes nothing', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'cal' });
    await rb.rights.profiles.setFields('webchat:cal', { phone: '+14155550177' }, 'contact dialog');
    const asked = await chat.say('stop texting me but calls are fine');
    expect(said(asked)).toContain("Our marketing calls and texts are one setting, so I can't stop only the texts and keep the calls");
    expect(expectsIn(asked)).toBe('choice');
    const left = await chat.say('Leave them on');
    expect(said(left)).toContain('nothing changed');
    expect(receiptIn(left)).toBeUndefined();
    expect(await rb.rights.consents.current('webchat:cal')).toEqual({});
    expect(await rb.rights.suppression.get('phone', '+14155550177')).toBeUndefined();
  });

  it('"stop calling me, you can still text me" and "Turn off calls and texts" turns off both, saying so', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'cato' });
    await rb.rights.profiles.setFields('webchat:cato', { phone: '+14155550178' }, 'contact dialog');
    expect(said(await chat.say('stop calling me, you can still text me'))).toContain("can't stop only the calls and keep the texts");
    const done = await chat.say('Turn off calls and texts');
    expect(said(done)).toContain('• marketing calls and texts (********0178 is on our do-not-market list)');
    expect(receiptIn(done)).toMatchObject({ type: 'opt_out', status: 'completed' });
  });
});

describe('the Global Privacy Control signal from the widget', () => {
  it('counts as a sharing and marketing opt-out, applied once and confirmed briefly', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'gpc-user' });
    const replies = await chat.send({ type: 'event', name: 'helpline.gpc', value: { gpc: true } });
    expect(said(replies)).toContain("Your browser sent a Global Privacy Control signal, so I've turned off sharing");
    expect(receiptIn(replies)).toMatchObject({ type: 'opt_out', status: 'completed' });
    const current = await rb.rights.consents.current('webchat:gpc-user');
    expect([current.third_party_sharing, current.marketing_email, current.marketing_phone].map((c) => [c?.granted, c?.source?.startsWith('gpc signal')])).toEqual([
      [false, true],
      [false, true],
      [false, true],
    ]);
    const again = await chat.send({ type: 'event', name: 'helpline.gpc', value: { gpc: true } });
    expect(again.filter((a) => a.type === 'message')).toEqual([]);
    const elsewhere = rb.bot.conversation({ channelId: 'webchat', userId: 'gpc-user' });
    expect((await elsewhere.send({ type: 'event', name: 'helpline.gpc', value: { gpc: true } })).filter((a) => a.type === 'message')).toEqual([]);
    expect(await rb.rights.consents.history('webchat:gpc-user')).toHaveLength(3);
  });

  it('while a technician owns the conversation, applies the opt-out without the bot saying anything', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'gpc-in-handoff' });
    await rb.bot.app.store.put('conversations', chat.conversationId, 'owner', { owner: { technicianId: 't-1', name: 'Tina' } });
    // A technician can only own a conversation in which a handoff was started; its bot state says so.
    const stateKey = `webchat/conversations/${chat.conversationId}/`; // ConversationState's key
    await rb.bot.app.store.put('botstate', stateKey, stateKey, { conversationData: { noticesShown: {}, handoffStarted: true } });
    const replies = await chat.send({ type: 'event', name: 'helpline.gpc', value: { gpc: true } });
    expect(replies.filter((a) => a.type === 'message')).toEqual([]);
    expect(await rb.rights.consents.isGranted('webchat:gpc-in-handoff', 'third_party_sharing')).toBe(false);
    expect((await rb.rights.consents.current('webchat:gpc-in-handoff')).third_party_sharing?.granted).toBe(false);
  });

  it('ignores an event without the signal', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'no-gpc' });
    expect((await chat.send({ type: 'event', name: 'helpline.gpc', value: { gpc: false } })).filter((a) => a.type === 'message')).toEqual([]);
    expect(await rb.rights.consents.history('webchat:no-gpc')).toEqual([]);
  });
});

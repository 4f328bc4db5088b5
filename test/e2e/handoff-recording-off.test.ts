import { DEV_PASSWORD, TechnicianClient, DirectLineUser, expects, hl, queueOverDirectLine, startHandoffBot } from './handoff-harness';
import { startTestBot, type TestBot } from '../support/conversation';
import { codeIn, startSmtpCapture, type SmtpCapture } from '../services/mail/smtp-capture';
import { TranscriptStore } from '../../src/services/privacy/transcripts';

jest.setTimeout(90_000);

// P8 while a technician owns the conversation: the bot only relays, yet "don't record this chat"
// must still turn recording off, at once and with a receipt, and the technician still reads it.
describe('turning recording off during a live handoff', () => {
  let bot: TestBot;
  let user: DirectLineUser | undefined;
  afterEach(async () => {
    user?.end();
    await bot?.close();
  });

  it('applies the opt-out, keeps that message and the rest of the chat out of the transcript, and still relays it', async () => {
    bot = await startHandoffBot();
    const tech = await new TechnicianClient(bot.url).login();
    user = await DirectLineUser.start(bot.url, 'dl-rec');
    const id = await queueOverDirectLine(user);
    let mark = user.activities.length;
    expect((await tech.call('POST', `/handoffs/${id}/claim`)).status).toBe(200);
    await user.waitFor((a) => hl(a).handoff?.state === 'assigned', mark, 5000);
    await user.say('the printer shows paper jam');
    const first = await tech.call('GET', `/handoffs/${id}/messages?wait=10`);
    expect(first.body.messages.map((m: { text: string }) => m.text)).toEqual(['the printer shows paper jam']);

    mark = user.activities.length;
    await user.say("please don't record this chat");
    const confirmed = await user.waitFor((a) => /recording/i.test(a.text ?? ''), mark, 5000);
    expect(hl(confirmed).handoff).toMatchObject({ state: 'assigned', ticketId: id });
    expect(hl(confirmed).request).toMatchObject({ type: 'opt_out', id: expect.stringMatching(/^PR-/) });
    // The message, then the note telling the technician (two writes: the first may be read alone).
    const relayed = await tech.call('GET', `/handoffs/${id}/messages?after=${first.body.cursor}&wait=10`);
    const note = relayed.body.messages.length > 1 ? relayed : await tech.call('GET', `/handoffs/${id}/messages?after=${relayed.body.cursor}&wait=10`);
    const read = [...relayed.body.messages, ...(note === relayed ? [] : note.body.messages)];
    expect(read.map((m: { from: string; text: string }) => [m.from, m.text])).toEqual([
      ['user', "please don't record this chat"],
      ['system', `The user opted out of recording of their chats. It is applied and confirmed to them (request ${hl(confirmed).request!.id}); nothing for you to do.`],
    ]);

    await user.say('my card was never charged, by the way');
    await tech.call('GET', `/handoffs/${id}/messages?after=${note.body.cursor}&wait=10`);
    await tech.call('POST', `/handoffs/${id}/messages`, { text: 'Thanks, noted.' });
    await user.waitFor((a) => a.text === 'Thanks, noted.', mark, 5000);

    const stored = await new TranscriptStore(bot.app.store, { retentionDays: 90 }).list(user.conversationId);
    const words = JSON.stringify(stored);
    expect(words).toContain('the printer shows paper jam');
    expect(words).not.toContain("please don't record this chat");
    expect(words).not.toContain('never charged');
    expect(words).not.toContain('Thanks, noted.');
    // In the live chat's log the technician's reply expires as the user's unrecorded lines do (an hour), not kept for months.
    const chat = await bot.app.store.query<{ from: string; text: string }>('conversations', user.conversationId, { keyPrefix: `handoff/${id}/msg/` });
    const expiry = (text: string) => chat.find((r) => r.value.text === text)?.expiresAt;
    expect(expiry('Thanks, noted.')).toBeLessThanOrEqual(bot.clock.now() + 3600_000);
    expect(expiry('Thanks, noted.')).toBe(expiry('my card was never charged, by the way'));
    expect((await tech.call('GET', `/handoffs/${id}`)).body.case.consents.recording).toBe(false);
    // The handoff is unrecorded from then on: once it ends, its live chat is deleted, not kept for the hour.
    expect((await tech.call('POST', `/handoffs/${id}/resolve`, { resolution: 'Explained the charge' })).status).toBe(200);
    expect(await bot.app.store.query('conversations', user.conversationId, { keyPrefix: `handoff/${id}/msg/` })).toEqual([]);
  });
});

// P8 the other way: a user who turns recording back on while waiting for a technician is recorded
// in the live chat that follows, as if it had never been off.
describe('turning recording back on while waiting for a technician', () => {
  let bot: TestBot | undefined;
  let smtp: SmtpCapture | undefined;
  let user: DirectLineUser | undefined;
  afterEach(async () => {
    user?.end();
    await bot?.close();
    await smtp?.close();
  });

  it('records the technician chat that follows: both directions in the transcript, which the console shows', async () => {
    smtp = await startSmtpCapture();
    process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD = DEV_PASSWORD;
    try {
      bot = await startTestBot({ env: { SMTP_URL: smtp.url }, start: Date.parse('2026-11-18T15:00:00Z') }); // a Wednesday, open
    } finally {
      delete process.env.HELPLINE_DEV_TECHNICIAN_PASSWORD;
    }
    const tech = await new TechnicianClient(bot.url).login();
    user = await DirectLineUser.start(bot.url, 'dl-rec-on');
    await user.say("please don't record this chat");
    await user.waitFor((a) => /no transcript/i.test(a.text ?? ''));
    const id = await queueOverDirectLine(user);
    expect((await tech.call('GET', `/handoffs/${id}`)).body.case.consents.recording).toBe(false);

    let mark = user.activities.length;
    await user.say('start recording my chats again');
    await user.waitFor(expects('choice'), mark);
    await user.say('yes');
    await user.waitFor(expects('email'), mark);
    const mails = smtp.mails.length;
    await user.say('jane@example.com');
    await user.waitFor(expects('otp'), mark);
    await user.say(codeIn(await smtp.waitFor('jane@example.com', { after: mails })));
    await user.waitFor((a) => /switched back on/.test(a.text ?? ''), mark);

    mark = user.activities.length;
    expect((await tech.call('POST', `/handoffs/${id}/claim`)).status).toBe(200);
    await user.waitFor((a) => hl(a).handoff?.state === 'assigned', mark, 5000);
    await user.say('the printer shows paper jam');
    const read = await tech.call('GET', `/handoffs/${id}/messages?wait=10`);
    expect(read.body.messages.map((m: { text: string }) => m.text)).toEqual(['the printer shows paper jam']);
    await tech.call('POST', `/handoffs/${id}/messages`, { text: 'Thanks, noted.' });
    await user.waitFor((a) => a.text === 'Thanks, noted.', mark, 5000);

    const stored = JSON.stringify(await new TranscriptStore(bot.app.store, { retentionDays: 90 }).list(user.conversationId));
    expect(stored).toContain('the printer shows paper jam');
    expect(stored).toContain('Thanks, noted.');
    expect(stored).not.toContain('I want to talk to a human'); // said while it was off: never written
    const detail = (await tech.call('GET', `/handoffs/${id}`)).body;
    expect(detail.case.consents.recording).toBe(true);
    expect(detail.transcript.map((t: { from: string; text: string }) => [t.from, t.text])).toEqual(expect.arrayContaining([['technician', 'Thanks, noted.']]));
    // The live chat's lines are kept as a recorded chat's, not expired after the hour an unrecorded one gets.
    const chat = await bot.app.store.query<{ text: string }>('conversations', user.conversationId, { keyPrefix: `handoff/${id}/msg/` });
    expect(chat.find((r) => r.value.text === 'Thanks, noted.')?.expiresAt).toBeGreaterThan(bot.clock.now() + 86400_000);
  });
});

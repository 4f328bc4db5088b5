import { data } from '../support/conversation';
import { expectsIn, quickReplies, receiptIn, said, useRightsBot } from './rights-harness';

// "Delete this chat" through the real app: the user picks just this conversation (no code, P11)
// or all their data (the verified flow, P9).
const rb = useRightsBot();


describe('deleting this chat', () => {
  it('"delete this chat" offers just this chat or all my data, and opens no request yet', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'offer-1' });
    // A word for deleting with this chat named is sure; the last is a deletion request it asks about first.
    for (const [ask, sure] of [['delete this chat', true], ['erase this conversation', true], ['delete this conversation please', true], ['delete what I typed here', false]] as const) {
      let offered = await chat.say(ask);
      if (!sure) {
        expect(said(offered)).toContain('Just to be sure I help with the right thing');
        offered = await chat.say('Delete my data');
      }
      expect([ask, said(offered)]).toEqual([ask, expect.stringContaining('delete just this chat, or all the data we hold about you?')]);
      expect(quickReplies(offered)).toEqual(['Just this chat', 'All my data']);
      expect(expectsIn(offered)).toBe('choice');
      expect(receiptIn(offered)).toBeUndefined();
      await chat.say('cancel');
    }
    expect(await rb.rights.requests.list('webchat:offer-1')).toEqual([]);
  });

  it('"just this chat" and a plain yes erase this conversation only, cancel its waiting callback, and show the request in the export', async () => {
    const userId = 'dana-7c2f';
    const account = `webchat:${userId}`;
    const earlier = rb.bot.conversation({ channelId: 'webchat', userId });
    await earlier.say('my printer is offline');
    await rb.rights.profiles.setFields(account, { email: 'dana.7c2f@example.com' }, 'contact dialog', { conversationId: earlier.conversationId });

    const chat = rb.bot.conversation({ channelId: 'webchat', userId });
    await chat.say('my printer is offline');
    await chat.say('talk to a technician');
    await chat.say('call me');
    const queued = await chat.say('(415) 555-0123');
    const ticketId = queued.map((a) => data(a).handoff?.ticketId).find(Boolean)!;
    const repo = rb.rights.data.deps.handoffs;
    expect((await repo.getActive(ticketId))?.value).toMatchObject({ kind: 'callback', status: 'waiting' });
    expect((await rb.rights.profiles.get(account))?.fields.phone?.value).toBe('+14155550123');
    expect(await rb.rights.transcripts.list(chat.conversationId)).not.toEqual([]);

    // The callback's last question is still open, so the router asks first whether this is a new request.
    expect(said(await chat.say('delete this chat'))).toContain('Just to be sure');
    const offered = await chat.say('Delete my data');
    expect(said(offered)).toContain('delete just this chat, or all the data we hold about you?');
    const confirm = await chat.say('just this chat');
    expect(said(confirm)).toContain('What you gave us in other chats stays. This cannot be undone. Shall I delete this chat?');
    // Cannot be undone: only a whole yes erases.
    const doubt = await chat.say('ok wait, what about my callback?');
    expect(said(doubt)).toMatch(/^Nothing is deleted until you say yes\./);
    expect((await rb.rights.profiles.get(account))?.fields.phone?.value).toBe('+14155550123');

    const done = await chat.say('yes');
    const text = said(done);
    expect(text).toContain("Done. I've deleted the transcript of this chat, the contact details you gave here (phone)");
    expect(text).toContain("I've also cancelled the call back you asked for, so no technician will contact you about it.");
    expect(text).toContain("I've stopped recording: nothing more of this chat is kept.");
    expect(text).toContain('What stays: what you gave us in other chats');
    const receipt = receiptIn(done);
    expect(receipt).toMatchObject({ type: 'deletion', status: 'completed' });
    expect(text).toContain(`Request ${receipt?.id} is complete.`);

    // This chat's transcript, phone and ticket are gone; the earlier chat's transcript and email stay.
    const exported = (await rb.rights.exporter.export([account])).accounts[0];
    expect(exported.transcripts.map((t) => t.conversationId)).toEqual([earlier.conversationId]);
    expect(exported.profile?.phone).toBeUndefined();
    expect(exported.profile?.email?.value).toBe('dana.7c2f@example.com');
    expect(await repo.getActive(ticketId)).toBeUndefined();
    const request = exported.requests.find((r) => r.id === receipt?.id);
    expect(request).toMatchObject({ type: 'deletion', status: 'completed', details: { scope: 'conversation' } });
    expect(request?.audit.map((e) => e.to)).toEqual(['received', 'verified', 'completed']);

    // The rest of the chat is not recorded, and nothing erased comes back.
    // The earlier chat's case is still there to pick up.
    const after = await chat.say('hello');
    expect(said(after)).toContain('Welcome back!');
    expect(await rb.rights.transcripts.list(chat.conversationId)).toEqual([]);
    const cases = (await rb.rights.exporter.export([account])).accounts[0].cases;
    expect(cases.length).toBeGreaterThan(0);
    expect(cases.filter((c) => (c as { conversationId?: string }).conversationId !== earlier.conversationId)).toEqual([]);
  });

  it('"no" at the last step deletes nothing, and the declined request is in the export as the whole-account one is', async () => {
    const account = 'webchat:keeper-1';
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'keeper-1' });
    await chat.say('my printer is offline');
    // At the guide's question the router asks first whether this is a new request.
    expect(said(await chat.say('delete this chat'))).toContain('Just to be sure');
    expect(said(await chat.say('Delete my data'))).toContain('delete just this chat, or all the data we hold about you?');
    await chat.say('just this chat');
    const kept = await chat.say('no');
    const receipt = receiptIn(kept);
    expect(receipt).toMatchObject({ type: 'deletion', status: 'withdrawn' });
    expect(said(kept)).toContain(`OK, nothing was deleted. Request ${receipt?.id} is closed.`);
    expect(await rb.rights.transcripts.list(chat.conversationId)).not.toEqual([]);
    const exported = (await rb.rights.exporter.export([account])).accounts[0];
    const request = exported.requests.find((r) => r.id === receipt?.id);
    expect(request).toMatchObject({ type: 'deletion', status: 'withdrawn', details: { scope: 'conversation' } });
    expect(request?.audit.map((e) => [e.to, e.actor, e.note])).toEqual([
      ['received', 'user', undefined],
      ['withdrawn', 'user', 'the user chose not to delete'],
    ]);
  });

  it('"cancel" at the last step closes the request with a receipt, and another kind of request replaces it', async () => {
    const account = 'webchat:keeper-2';
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'keeper-2' });
    await chat.say('delete this chat');
    await chat.say('just this chat');
    const cancelled = await chat.say('cancel');
    const closed = receiptIn(cancelled);
    expect(closed).toMatchObject({ type: 'deletion', status: 'withdrawn' });
    expect(said(cancelled)).toContain(`OK, I've closed request ${closed?.id} (deletion of your data).`);

    await chat.say('delete this chat');
    await chat.say('just this chat');
    const replaced = await chat.say('what data do you have on me');
    expect(said(replaced)).toContain('(deletion of your data).');
    expect(said(replaced)).toContain('(access to your data)');

    // The test clock stands still, so the export's order (by time received) is no order here.
    const requests = (await rb.rights.exporter.export([account])).accounts[0].requests;
    expect(requests.map((r) => [r.type, r.status, r.audit.at(-1)?.note]).sort()).toEqual([
      ['access', 'identity_pending', 'one-time code offered'],
      ['deletion', 'withdrawn', 'replaced by another request of the user'],
      ['deletion', 'withdrawn', 'stopped by the user'],
    ]);
    expect(requests.find((r) => r.id === closed?.id)?.audit.at(-1)?.note).toBe('stopped by the user');
  });

  it('"all my data" goes to the verified erasure', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'all-1' });
    await chat.say('delete this chat');
    const opened = await chat.say('all my data');
    expect(receiptIn(opened)).toMatchObject({ type: 'deletion', status: 'received' });
    expect(said(opened)).toContain("What's the email address we have on file for you?");
    expect(expectsIn(opened)).toBe('email');
  });

  it('plain "delete my data" still starts the verified erasure at once', async () => {
    const chat = rb.bot.conversation({ channelId: 'webchat', userId: 'plain-1' });
    const opened = await chat.say('delete my data');
    expect(said(opened)).not.toContain('just this chat');
    expect(receiptIn(opened)).toMatchObject({ type: 'deletion', status: 'received' });
    expect(expectsIn(opened)).toBe('email');
  });
});

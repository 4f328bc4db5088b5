import { CaseStore } from '../../../src/services/cases/case-store';
import type { HandoffRecord } from '../../../src/services/handoff/handoff-record';
import { startTestBot } from '../../support/conversation';
import { createHarness, hl, texts } from './harness';

function setup() {
  return createHarness({
    host: (p) => ({ dialog: p.dialogs.contactInfo, options: () => ({ fields: ['name', 'email'], purpose: 'send you the repair quote' }) }),
  });
}

describe('under 13 (P13)', () => {
  it('stops, erases what this conversation collected, and points to a parent or guardian', async () => {
    const h = setup();
    const { privacy, store, config } = h;
    // An earlier conversation of the same user: its data is not this conversation's to erase.
    const earlier = h.conversation('conv-old');
    await earlier.say('hello');
    await privacy.profiles.setFields(earlier.userId, { phone: '+14155552671' }, 'contact dialog', { conversationId: 'conv-old' });

    const chat = h.conversation('conv-1');
    await chat.say('start');
    await chat.say('Bobby');
    await chat.say('bobby@example.com');
    await privacy.profiles.addDevice(chat.userId, { model: 'Kids Tablet' }, 'device dialog', { conversationId: 'conv-1' });
    const cases = new CaseStore(store, h.clock.now);
    const opened = await cases.open({ userId: chat.userId, conversationId: 'conv-1', device: 'tablet', problem: 'will not charge' });
    await chat.say('start');
    expect((await privacy.transcripts.list('conv-1')).length).toBeGreaterThan(0);

    const reply = await chat.say("I'm 12");
    expect(reply).toHaveLength(1);
    expect(reply[0].text).toMatch(/parent or guardian/);
    expect(reply[0].text).toContain(config.policy.company.contactEmail);
    expect(hl(reply[0]).expects).toBeUndefined();

    const profile = await privacy.profiles.get(chat.userId);
    expect(profile?.fields.name).toBeUndefined();
    expect(profile?.fields.email).toBeUndefined();
    expect(profile?.fields.phone?.value).toBe('+14155552671');
    expect(profile?.conversations.map((c) => c.id)).toEqual(['conv-old']);
    expect(await privacy.profiles.listDevices(chat.userId)).toEqual([]);
    expect(await cases.get(chat.userId, opened.id)).toBeUndefined();
    expect(await privacy.transcripts.list('conv-1')).toEqual([]);
    expect((await privacy.transcripts.list('conv-old')).length).toBeGreaterThan(0);

    // From now on every message gets the same kind answer, nothing is asked and nothing recorded.
    const later = await chat.say('my email is bobby@example.com');
    expect(later).toHaveLength(1);
    expect(later[0].text).toMatch(/parent or guardian/);
    expect(await chat.say('start')).toHaveLength(1);
    expect(await privacy.transcripts.list('conv-1')).toEqual([]);
    expect((await privacy.profiles.get(chat.userId))?.fields.email).toBeUndefined();
  });

  it("ends the callback the child asked for in the conversation, drops its summary, and says so", async () => {
    // A Sunday: outside business hours, so a technician is offered as a callback.
    const bot = await startTestBot({ start: Date.parse('2026-11-22T17:00:00Z') });
    try {
      const chat = bot.conversation();
      await chat.say('talk to a person');
      await chat.say('call me back');
      await chat.say('4155550199');
      const tickets = async (prefix: string) => (await bot.app.store.query<HandoffRecord>('handoffs', 'queue', { keyPrefix: prefix })).map((r) => r.value);
      expect(await tickets('active/')).toEqual([expect.objectContaining({ kind: 'callback', status: 'waiting', conversationId: chat.conversationId })]);

      const reply = await chat.say("oh wait I'm 12");
      expect(reply.map((a) => a.text).join(' ')).toMatch(/parent or guardian.*cancelled the call back you asked for/s);
      expect(await tickets('active/')).toEqual([]);
      const [ended] = await tickets('ended/');
      expect(ended).toMatchObject({ kind: 'callback', status: 'ended', outcome: 'cancelled', userId: 'erased', contactFields: [] });
      expect(ended.summary).toBeUndefined();
    } finally {
      await bot.close();
    }
  }, 60_000);

  it('does not react to counts or versions', async () => {
    const { conversation } = setup();
    const chat = conversation();
    const replies = await chat.say('I have 12 devices on windows 10');
    expect(texts(replies).join(' ')).not.toMatch(/parent or guardian/);
  });
});

import { HandoffMessageLog } from '../../../src/services/handoff/message-log';
import { memoryStore } from '../../support/memory-store';

const handoff = { id: 'h-1', conversationId: 'conv-1', recordingOff: false };

describe('the handoff message log', () => {
  it('returns what the user wrote after a cursor, in order', async () => {
    const { store } = memoryStore();
    const log = new HandoffMessageLog(store);
    await log.append(handoff, 'first');
    const page1 = await log.after(handoff);
    expect(page1.messages.map((m) => m.text)).toEqual(['first']);
    await log.append(handoff, 'second');
    await log.append(handoff, 'third');
    const page2 = await log.after(handoff, page1.cursor);
    expect(page2.messages.map((m) => m.text)).toEqual(['second', 'third']);
    expect(await log.after(handoff, page2.cursor)).toEqual({ messages: [], cursor: page2.cursor });
  });

  it('keeps a total order when two instances append to the same handoff', async () => {
    const { store } = memoryStore();
    const a = new HandoffMessageLog(store);
    const b = new HandoffMessageLog(store);
    await a.append(handoff, 'one');
    await b.append(handoff, 'two');
    await a.append(handoff, 'three'); // a's cached sequence number is taken: it must move on, not overwrite
    const { messages } = await a.after(handoff);
    expect(messages.map((m) => m.text)).toEqual(['one', 'two', 'three']);
    expect(new Set(messages.map((m) => m.cursor)).size).toBe(3);
  });

  it('a long-poll answers as soon as the user writes', async () => {
    const { store } = memoryStore();
    const log = new HandoffMessageLog(store, { pollMs: 5000 });
    const started = Date.now();
    const waiting = log.waitAfter(handoff, undefined, 10_000);
    setTimeout(() => void log.append(handoff, 'hello?'), 100);
    const page = await waiting;
    expect(page.messages.map((m) => m.text)).toEqual(['hello?']);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('a long-poll sees messages another instance wrote, by polling the store', async () => {
    const { store } = memoryStore();
    const reader = new HandoffMessageLog(store, { pollMs: 50 });
    const writer = new HandoffMessageLog(store);
    const waiting = reader.waitAfter(handoff, undefined, 5000);
    setTimeout(() => void writer.append(handoff, 'from the other instance'), 100);
    expect((await waiting).messages.map((m) => m.text)).toEqual(['from the other instance']);
  });

  it('a long-poll with nothing new ends at its timeout with the same cursor', async () => {
    const { store } = memoryStore();
    const log = new HandoffMessageLog(store, { pollMs: 20 });
    await expect(log.waitAfter(handoff, '0000000007', 100)).resolves.toEqual({ messages: [], cursor: '0000000007' });
  });

  it('for a user who turned recording off, messages expire within an hour and are deleted when the handoff ends (P8)', async () => {
    const { store, clock } = memoryStore();
    const log = new HandoffMessageLog(store, { now: clock.now, retentionSeconds: 90 * 86400 });
    const unrecorded = { ...handoff, recordingOff: true };
    await log.append(unrecorded, 'private');
    const [record] = await store.query('conversations', 'conv-1');
    expect(record.expiresAt).toBe(clock.now() + 3600_000);
    expect(await log.discard(unrecorded)).toBe(1);
    expect(await store.query('conversations', 'conv-1')).toEqual([]);
  });
});

import { HandoffMessageLog } from '../../../src/services/handoff/message-log';
import { LostAnswerStore } from '../../support/lost-answer-store';
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
    expect(await log.after(handoff, page2.cursor)).toEqual({ messages: [], cursor: page2.cursor, pastEnd: false });
  });

  it('a cursor beyond the last message is past the end, except in an unrecorded chat, whose messages expire (P8)', async () => {
    const { store } = memoryStore();
    const log = new HandoffMessageLog(store);
    expect((await log.after(handoff, '0000000000')).pastEnd).toBe(false);
    expect((await log.after(handoff, '0000000001')).pastEnd).toBe(true);
    await log.append(handoff, 'first');
    expect((await log.after(handoff, '0000000001')).pastEnd).toBe(false);
    expect((await log.after(handoff, '0000000002')).pastEnd).toBe(true);
    expect((await log.after({ ...handoff, recordingOff: true }, '0000000002')).pastEnd).toBe(false);
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

  it('a message whose write landed but whose answer was lost is logged once, and the next one follows it', async () => {
    const { store } = memoryStore();
    const lossy = new LostAnswerStore(store);
    const log = new HandoffMessageLog(lossy);
    lossy.loseNext = true; // the store's retry meets the write that landed: a conflict on this very number
    const first = await log.append(handoff, 'is anyone there?');
    await log.append(handoff, 'hello?');
    const { messages } = await new HandoffMessageLog(store).after(handoff);
    expect(messages).toEqual([first, expect.objectContaining({ text: 'hello?', cursor: '0000000002' })]);
    expect(Object.keys(messages[0]).sort()).toEqual(['cursor', 'from', 'text', 'timestamp']); // the writer mark stays in storage
  });

  it('the same text from two instances in the same millisecond is two messages', async () => {
    const { store, clock } = memoryStore(); // its clock stands still: both messages get the same timestamp
    const a = new HandoffMessageLog(store, { now: clock.now });
    const b = new HandoffMessageLog(store, { now: clock.now });
    await a.append(handoff, 'ok');
    await b.append(handoff, 'ok'); // b starts at number 1 too and must see that it is someone else's
    expect((await a.after(handoff)).messages.map((m) => [m.cursor, m.text])).toEqual([
      ['0000000001', 'ok'],
      ['0000000002', 'ok'],
    ]);
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
    await log.append(handoff, 'first');
    await expect(log.waitAfter(handoff, '0000000001', 100)).resolves.toEqual({ messages: [], cursor: '0000000001', pastEnd: false });
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

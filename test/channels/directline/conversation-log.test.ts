import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { ConversationLog, type LoggedActivity } from '../../../src/channels/directline/conversation-log';
import { LostAnswerStore } from '../../support/lost-answer-store';

const message = (text: string) => (id: string): LoggedActivity => ({ id, type: 'message', text });

describe('ConversationLog', () => {
  let store: SqliteStore;
  beforeEach(() => {
    store = new SqliteStore({ dataDir: ':memory:' });
  });
  afterEach(() => store.close());

  it('gives concurrent appends consecutive watermarks with no gaps or duplicates, across two instances', async () => {
    const a = new ConversationLog(store);
    const b = new ConversationLog(store); // a second server instance on the same store
    await a.create('conv-1', { userId: 'u' });
    const appended = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? a : b).append('conv-1', message(`m${i}`))),
    );
    const seqs = appended.map((x) => x.seq).sort((x, y) => x - y);
    expect(seqs).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    const all = await new ConversationLog(store).read('conv-1');
    expect(all.watermark).toBe(20);
    expect(new Set(all.activities.map((x) => x.text)).size).toBe(20);
  });

  it('reads only what came after the watermark, and a restarted instance continues the numbering', async () => {
    const log = new ConversationLog(store);
    await log.append('conv-2', message('one'));
    await log.append('conv-2', message('two'));
    const afterRestart = new ConversationLog(store);
    const third = await afterRestart.append('conv-2', message('three'));
    expect(third.seq).toBe(3);
    expect(third.id).toBe('conv-2|0000003');
    expect(await afterRestart.read('conv-2', 1)).toEqual({ activities: [expect.objectContaining({ text: 'two' }), expect.objectContaining({ text: 'three' })], watermark: 3 });
    expect(await afterRestart.read('conv-2', 3)).toEqual({ activities: [], watermark: 3 });
  });

  it('keeps conversations apart and starts each one once', async () => {
    const log = new ConversationLog(store);
    expect(await log.create('conv-3', { userId: 'u' })).toBe(true);
    expect(await log.create('conv-3', { userId: 'u' })).toBe(false);
    await log.append('conv-3', message('mine'));
    expect((await log.read('conv-4')).activities).toEqual([]);
    expect(await log.meta('conv-4')).toBeUndefined();
  });

  it('a write whose answer was lost counts as done: the conversation is started by its creator and an activity is logged once', async () => {
    const lossy = new LostAnswerStore(store);
    const log = new ConversationLog(lossy);
    lossy.loseNext = true;
    expect(await log.create('conv-6', { userId: 'u' })).toBe(true); // so the welcome is sent
    expect(await new ConversationLog(store).create('conv-6', { userId: 'u' })).toBe(false);
    lossy.loseNext = true;
    const first = await log.append('conv-6', message('same words'));
    const second = await log.append('conv-6', message('same words'));
    expect([first.seq, second.seq]).toEqual([1, 2]);
    expect(await new ConversationLog(store).read('conv-6')).toEqual({
      activities: [
        { id: 'conv-6|0000001', type: 'message', text: 'same words' },
        { id: 'conv-6|0000002', type: 'message', text: 'same words' },
      ],
      watermark: 2,
    });
    expect(await log.meta('conv-6')).toEqual({ userId: 'u', createdAt: expect.any(String) });
  });

  it('two instances logging the same activity under the same number: the second moves on', async () => {
    const now = () => Date.parse('2026-03-31T12:00:00Z'); // the same millisecond for both
    const a = new ConversationLog(store, { now });
    const b = new ConversationLog(store, { now });
    await a.append('conv-7', message('hi'));
    const fromB = await b.append('conv-7', message('hi')); // b has no cached number: it reads 1 as the last
    expect(fromB.seq).toBe(2);
    const c = new ConversationLog(store);
    await a.append('conv-7', message('hi')); // a's cached next number (2) is b's now
    expect((await c.read('conv-7')).activities.map((x) => x.id)).toEqual(['conv-7|0000001', 'conv-7|0000002', 'conv-7|0000003']);
  });

  it('forgets activities after the retention time', async () => {
    let clock = Date.now();
    const timed = new SqliteStore({ dataDir: ':memory:', now: () => clock });
    const log = new ConversationLog(timed, { ttlSeconds: 60 });
    await log.append('conv-5', message('old'));
    clock += 61_000;
    expect((await log.read('conv-5')).activities).toEqual([]);
    timed.close();
  });
});

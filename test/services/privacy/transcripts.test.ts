import fc from 'fast-check';
import { RECORDING_OFF_TURN_KEY, TranscriptStore } from '../../../src/services/privacy/transcripts';
import { CountingStore } from '../../../src/services/storage/counting-store';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';

const T0 = Date.parse('2026-11-15T12:00:00Z');

function setup() {
  const store = new CountingStore(new SqliteStore({ dataDir: ':memory:', now: () => T0 }));
  return { store, transcripts: new TranscriptStore(store, { retentionDays: 90, now: () => T0 }) };
}

const at = '2026-11-15T12:00:00.000Z';

describe('TranscriptStore', () => {
  it('keeps messages in order, personal data masked, one write per turn', async () => {
    const { transcripts, store } = setup();
    await transcripts.appendTurn('c1', [
      { from: 'user', text: 'my email is ana@example.com', timestamp: at },
      { from: 'bot', text: 'Thanks!', timestamp: at },
      { from: 'bot', text: 'Anything else?', timestamp: at },
    ]);
    expect(store.snapshot().writes).toBe(1);
    await transcripts.append('c1', { from: 'technician', text: 'Hi, I am Tina', timestamp: at, technician: { id: 't1', name: 'Tina' } });
    const list = await transcripts.list('c1');
    expect(list.map((e) => e.from)).toEqual(['user', 'bot', 'bot', 'technician']);
    expect(list[0].text).toBe('my email is [EMAIL]');
    expect(JSON.stringify(list)).not.toContain('ana@example.com');
  });

  it('writes nothing more once recording is off, for technician relays too', async () => {
    const { transcripts } = setup();
    await transcripts.append('c1', { from: 'user', text: 'hello', timestamp: at });
    await transcripts.setRecordingOff('c1');
    expect(await transcripts.append('c1', { from: 'technician', text: 'relayed', timestamp: at })).toBe(false);
    expect((await transcripts.list('c1')).map((e) => e.text)).toEqual(['hello']);
    expect(await transcripts.isRecordingOff('c1')).toBe(true);
    expect(await transcripts.isRecordingOff('c2')).toBe(false);
  });

  it('reads a turn\'s live "recording off" flag from a turn context', async () => {
    const { transcripts } = setup();
    const turnState = new Map<unknown, unknown>();
    const context = { activity: { conversation: { id: 'c9' } }, turnState };
    expect(await transcripts.isRecordingOff(context)).toBe(false);
    turnState.set(RECORDING_OFF_TURN_KEY, () => true);
    expect(await transcripts.isRecordingOff(context)).toBe(true);
  });

  it('erases one conversation and leaves others', async () => {
    const { transcripts } = setup();
    await transcripts.append('c1', { from: 'user', text: 'one', timestamp: at });
    await transcripts.append('c1', { from: 'user', text: 'two', timestamp: at });
    await transcripts.append('c2', { from: 'user', text: 'other', timestamp: at });
    expect(await transcripts.deleteConversation('c1')).toBe(2);
    expect(await transcripts.list('c1')).toEqual([]);
    expect(await transcripts.list('c2')).toHaveLength(1);
  });

  it('never stores an email address or a card number, whatever surrounds it', async () => {
    const { transcripts } = setup();
    const word = fc.stringMatching(/^[a-z]{1,8}$/);
    await fc.assert(
      fc.asyncProperty(word, word, fc.constantFrom('example.com', 'mail.co.uk'), fc.constantFrom('4111 1111 1111 1111', '5500-0000-0000-0004'), async (a, b, domain, card) => {
        const email = `${a}.${b}@${domain}`;
        await transcripts.append('cp', { from: 'user', text: `${a} ${email} ${b} card ${card}`, timestamp: at });
        const stored = JSON.stringify(await transcripts.list('cp'));
        await transcripts.deleteConversation('cp');
        return !stored.includes(email) && !stored.includes(card);
      }),
      { numRuns: 40 },
    );
  });
});

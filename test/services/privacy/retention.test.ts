import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadPolicy } from '../../../src/config';
import { fromRoot } from '../../../src/paths';
import { ConsentLedger } from '../../../src/services/privacy/consent-ledger';
import { ProfileService } from '../../../src/services/privacy/profile';
import { runPurge, schedulePurge, ttlSecondsFor } from '../../../src/services/privacy/retention';
import { TranscriptStore } from '../../../src/services/privacy/transcripts';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';

const DAY = 86400_000;
const policy = loadPolicy(fromRoot('content/helpline.config.yaml'));
const days = policy.retentionDays;

describe('retention (P12)', () => {
  let dir: string;
  let store: SqliteStore;
  let now: number;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-retention-'));
    now = Date.parse('2026-11-15T12:00:00Z');
    store = new SqliteStore({ dataDir: dir, now: () => now });
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('derives TTLs from the configured days', () => {
    expect(ttlSecondsFor(days, 'transcripts')).toBe(days.transcripts * 86400);
  });

  it('purges each category when its own period has passed, and the values leave the database files', async () => {
    const clock = () => now;
    const transcripts = new TranscriptStore(store, { retentionDays: days.transcripts, now: clock });
    const profiles = new ProfileService(store, { contactRetentionDays: days.contact, deviceRetentionDays: days.device, now: clock });
    const consents = new ConsentLedger(store, { retentionDays: days.audit, now: clock });
    await transcripts.append('c1', { from: 'user', text: 'the printer says PAPERJAM-OLD-MARKER', timestamp: new Date(now).toISOString() });
    await profiles.setFields('u1', { name: 'Zebulon Quartermaine' }, 'contact dialog');
    await consents.record({ userId: 'u1', purpose: 'remote_access', granted: true, channel: 'test' });

    now += (days.transcripts + 1) * DAY;
    expect((await runPurge(store, () => now)).removed).toBe(1);
    expect(await transcripts.list('c1')).toEqual([]);
    expect((await profiles.get('u1'))?.fields.name?.value).toBe('Zebulon Quartermaine');
    const files = () => fs.readdirSync(dir).map((f) => fs.readFileSync(path.join(dir, f)).toString('latin1')).join('');
    expect(files()).not.toContain('PAPERJAM-OLD-MARKER');

    now += (days.contact - days.transcripts) * DAY;
    expect((await runPurge(store, () => now)).removed).toBe(1);
    expect(await profiles.get('u1')).toBeUndefined();
    expect(files()).not.toContain('Zebulon Quartermaine');
    expect(await consents.history('u1')).toHaveLength(1);

    now += days.audit * DAY;
    await runPurge(store, () => now);
    expect(await consents.history('u1')).toEqual([]);
  });

  it('runs every hour in the background without keeping the process alive', async () => {
    jest.useFakeTimers();
    try {
      const purge = jest.spyOn(store, 'purgeExpired');
      const results: number[] = [];
      const job = schedulePurge(store, { onResult: (r) => results.push(r.removed) });
      expect(purge).not.toHaveBeenCalled();
      await jest.advanceTimersByTimeAsync(3_600_000);
      expect(purge).toHaveBeenCalledTimes(1);
      await jest.advanceTimersByTimeAsync(3_600_000);
      expect(results).toEqual([0, 0]);
      job.stop();
      await jest.advanceTimersByTimeAsync(3 * 3_600_000);
      expect(purge).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });
});

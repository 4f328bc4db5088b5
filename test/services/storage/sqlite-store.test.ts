import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { SqliteStore } from '../../../src/services/storage/sqlite-store';
import { runStoreConformance } from './conformance';

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'helpline-sqlite-'));
}

runStoreConformance('SQLite', async (now) => {
  const dir = tempDir();
  const store = new SqliteStore({ dataDir: dir, now });
  return {
    store,
    cleanup: async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteStore on disk', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('keeps data across a close and reopen of the same folder', async () => {
    const first = new SqliteStore({ dataDir: dir });
    const written = await first.put('users', 'user-1', 'profile', { name: 'Ana' });
    await first.close();

    const second = new SqliteStore({ dataDir: dir });
    await expect(second.get('users', 'user-1', 'profile')).resolves.toEqual(written);
    await second.put('users', 'user-1', 'profile', { name: 'Ana B' }, { ifMatch: written.eTag });
    await second.close();
  });

  it('leaves no trace of an erased value in the database, WAL or shared-memory files after scrub', async () => {
    const secret = 'ERASE-ME-7f3a9c1e-serial-SN99887766';
    const store = new SqliteStore({ dataDir: dir });
    for (let i = 0; i < 20; i += 1) await store.put('users', 'user-erased', `note:${i}`, { text: `${secret} #${i}` });
    await store.put('users', 'user-kept', 'note', { text: 'unrelated and kept' });
    await store.put('users', 'user-erased', 'note:0', { text: `${secret} rewritten` });

    const files = ['helpline.db', 'helpline.db-wal', 'helpline.db-shm'].map((f) => path.join(dir, f));
    // The scan must see the value before erasure, or it proves nothing afterwards: once in the WAL
    // only (fresh writes), then in the main file as well (older data, after a checkpoint).
    expect(scanFor(files, secret)).toContain('helpline.db-wal');
    await store.scrub();
    await store.put('users', 'user-erased', 'note:1', { text: `${secret} in the WAL again` });
    expect(scanFor(files, secret)).toEqual(expect.arrayContaining(['helpline.db', 'helpline.db-wal']));

    await expect(store.deletePartition('users', 'user-erased')).resolves.toBe(20);
    await store.scrub();

    expect(scanFor(files, secret)).toEqual([]);
    expect(scanFor(files, 'ERASE-ME')).toEqual([]);
    await expect(store.get('users', 'user-kept', 'note')).resolves.toMatchObject({ value: { text: 'unrelated and kept' } });
    await store.close();
    expect(scanFor(files, secret)).toEqual([]);
  });
});

/** Files (of those that exist) whose raw bytes contain the needle. */
function scanFor(files: string[], needle: string): string[] {
  const bytes = Buffer.from(needle, 'utf8');
  return files.filter((file) => fs.existsSync(file) && fs.readFileSync(file).includes(bytes)).map((file) => path.basename(file));
}

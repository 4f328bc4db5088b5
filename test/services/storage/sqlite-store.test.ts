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

  it('parses a record\'s value only when it is read, once, so a listing that skips known versions parses nothing', async () => {
    const store = new SqliteStore({ dataDir: dir });
    for (let i = 0; i < 5; i += 1) await store.put('handoffs', 'queue', `active/${i}`, { n: i, tags: ['a'] });
    const parse = jest.spyOn(JSON, 'parse');
    try {
      const listed = await store.query<{ n: number; tags: string[] }>('handoffs', 'queue', { keyPrefix: 'active/' });
      expect(listed.map((r) => r.eTag)).toHaveLength(5);
      expect(parse).not.toHaveBeenCalled();
      expect(listed[2]?.value).toEqual({ n: 2, tags: ['a'] });
      expect(listed[2]?.value).toBe(listed[2]?.value);
      expect(parse).toHaveBeenCalledTimes(1);
      // Copies made the usual ways carry the value.
      expect({ ...listed[3] }.value).toEqual({ n: 3, tags: ['a'] });
      expect(structuredClone(listed[4])).toMatchObject({ key: 'active/4', value: { n: 4, tags: ['a'] } });
      expect(JSON.parse(JSON.stringify(listed[0]))).toMatchObject({ key: 'active/0', value: { n: 0, tags: ['a'] } });
    } finally {
      parse.mockRestore();
      await store.close();
    }
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

describe('SqliteStore in a folder that cannot hold the database', () => {
  let dir: string;
  beforeEach(() => {
    dir = tempDir();
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('names a data folder that is a file', () => {
    const file = path.join(dir, 'file');
    fs.writeFileSync(file, '');
    expect(() => new SqliteStore({ dataDir: file })).toThrow(`the data folder ${file} cannot hold the database: it is a file, not a folder`);
    expect(() => new SqliteStore({ dataDir: path.join(file, 'data') })).toThrow(`the data folder ${path.join(file, 'data')} cannot hold the database`);
  });

  it('names the database file SQLite cannot open', () => {
    fs.mkdirSync(path.join(dir, 'helpline.db'));
    expect(() => new SqliteStore({ dataDir: dir })).toThrow(`the data folder ${dir} cannot hold the database: cannot open ${path.join(dir, 'helpline.db')}`);
  });
});

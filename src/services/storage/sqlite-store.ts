import path from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { ContainerName } from './containers';
import { DataDirError, describe, prepareDataDir } from './data-dir';
import { ConflictError, countedField, type CountOptions, type PutOptions, type QueryOptions, type Store, type StoredRecord } from './store';

interface Row {
  container: string;
  pk: string;
  id: string;
  value: string;
  etag: string;
  expires_at: number | null;
}

export interface SqliteStoreOptions {
  /** Folder that holds helpline.db; created if missing. ':memory:' for a throwaway store. */
  dataDir: string;
  /** Injectable clock (epoch ms) so retention can be tested. */
  now?: () => number;
}

/**
 * The embedded default store. WAL keeps writers from blocking readers; secure_delete
 * overwrites erased content so it does not linger in free pages; `scrub()` checkpoints and
 * truncates the WAL so erased values leave the WAL file too.
 */
export class SqliteStore implements Store {
  readonly kind = 'sqlite' as const;
  readonly file: string;
  private readonly db: Database.Database;
  private readonly now: () => number;
  private readonly stmts;

  constructor(options: SqliteStoreOptions) {
    this.now = options.now ?? Date.now;
    if (options.dataDir === ':memory:') {
      this.file = ':memory:';
    } else {
      prepareDataDir(options.dataDir);
      this.file = path.join(options.dataDir, 'helpline.db');
    }
    this.db = openDatabase(this.file, options.dataDir);
    this.stmts = {
      get: this.db.prepare<[string, string, string, number], Row>(
        'SELECT * FROM records WHERE container = ? AND pk = ? AND id = ? AND (expires_at IS NULL OR expires_at > ?)',
      ),
      // Conditions need only the version and expiry, not the (possibly large) value.
      version: this.db.prepare<[string, string, string], Pick<Row, 'etag' | 'expires_at'>>('SELECT etag, expires_at FROM records WHERE container = ? AND pk = ? AND id = ?'),
      upsert: this.db.prepare(
        `INSERT INTO records (container, pk, id, value, etag, expires_at) VALUES (@container, @pk, @id, @value, @etag, @expires_at)
         ON CONFLICT (container, pk, id) DO UPDATE SET value = excluded.value, etag = excluded.etag, expires_at = excluded.expires_at`,
      ),
      del: this.db.prepare('DELETE FROM records WHERE container = ? AND pk = ? AND id = ?'),
      query: this.db.prepare<[string, string, number, string, string | Buffer, number], Row>(
        `SELECT * FROM records WHERE container = ? AND pk = ? AND (expires_at IS NULL OR expires_at > ?)
         AND id >= ? AND id < ? ORDER BY id LIMIT ?`,
      ),
      delPartition: this.db.prepare('DELETE FROM records WHERE container = ? AND pk = ?'),
      purge: this.db.prepare('DELETE FROM records WHERE expires_at IS NOT NULL AND expires_at <= ?'),
    };
  }

  async get<T>(container: ContainerName, partition: string, key: string): Promise<StoredRecord<T> | undefined> {
    const row = this.stmts.get.get(container, partition, key, this.now());
    return row ? toRecord<T>(row) : undefined;
  }

  // Check and write in one transaction, so a condition cannot pass on a version that changes
  // before the write. Made once: building a transaction function per write costs more than the write.
  private writeTx?: (row: Row, options: PutOptions) => void;

  private writeIfAllowed(row: Row, options: PutOptions): void {
    this.writeTx ??= this.db.transaction((r: Row, o: PutOptions) => {
      if (o.ifNoneMatch === '*' || o.ifMatch !== undefined) {
        const existing = this.stmts.version.get(r.container, r.pk, r.id);
        const live = existing && (existing.expires_at === null || existing.expires_at > this.now()) ? existing : undefined;
        if (o.ifNoneMatch === '*' && live) throw new ConflictError('the record already exists');
        if (o.ifMatch !== undefined && (!live || live.etag !== o.ifMatch)) throw new ConflictError();
      }
      this.stmts.upsert.run(r);
    });
    this.writeTx(row, options);
  }

  async put<T>(container: ContainerName, partition: string, key: string, value: T, options: PutOptions = {}): Promise<StoredRecord<T>> {
    const json = JSON.stringify(value);
    if (json === undefined) throw new TypeError('cannot store undefined');
    const row: Row = {
      container,
      pk: partition,
      id: key,
      value: json,
      etag: randomUUID(),
      expires_at: options.ttlSeconds !== undefined ? this.now() + options.ttlSeconds * 1000 : null,
    };
    this.writeIfAllowed(row, options);
    return toRecord<T>(row);
  }

  async delete(container: ContainerName, partition: string, key: string, options: { ifMatch?: string } = {}): Promise<boolean> {
    const remove = this.db.transaction(() => {
      const existing = this.stmts.version.get(container, partition, key);
      if (options.ifMatch !== undefined && (!existing || existing.etag !== options.ifMatch)) throw new ConflictError();
      return this.stmts.del.run(container, partition, key).changes > 0;
    });
    return remove();
  }

  async query<T>(container: ContainerName, partition: string, options: QueryOptions = {}): Promise<StoredRecord<T>[]> {
    const prefix = options.keyPrefix ?? '';
    const rows = this.stmts.query.all(container, partition, this.now(), prefix, prefixUpperBound(prefix), options.limit ?? -1);
    return rows.map((row) => toRecord<T>(row));
  }

  async count(container: ContainerName, partition: string, options: CountOptions = {}): Promise<number> {
    const prefix = options.keyPrefix ?? '';
    const equal = Object.entries(options.equal ?? {});
    const { before } = options;
    let sql = `SELECT COUNT(*) AS n FROM records WHERE container = ? AND pk = ? AND (expires_at IS NULL OR expires_at > ?) AND id >= ? AND id < ?`;
    const params: unknown[] = [container, partition, this.now(), prefix, prefixUpperBound(prefix)];
    for (const [field, value] of equal) {
      sql += ` AND json_extract(value, ?) = ?`;
      params.push(`$.${countedField(field)}`, value);
    }
    if (before) {
      const paths = before.by.map(({ field }) => `$.${countedField(field)}`);
      // Strings only: SQLite would order every number before every text, where Cosmos finds no order between the two.
      for (const path of paths) {
        sql += ` AND json_type(value, ?) = 'text'`;
        params.push(path);
      }
      sql += ` AND (${paths.map(() => 'json_extract(value, ?)').join(', ')}, id) < (${paths.map(() => '?').join(', ')}, ?)`;
      params.push(...paths, ...before.by.map(({ value }) => value), before.key);
    }
    // One statement per shape of count, prepared once.
    let stmt = this.counts.get(sql);
    if (!stmt) this.counts.set(sql, (stmt = this.db.prepare(sql)));
    return (stmt.get(...params) as { n: number }).n;
  }

  private readonly counts = new Map<string, Database.Statement>();

  async deletePartition(container: ContainerName, partition: string): Promise<number> {
    return this.stmts.delPartition.run(container, partition).changes;
  }

  async purgeExpired(): Promise<number> {
    return this.stmts.purge.run(this.now()).changes;
  }

  /** Moves the WAL into the main file and truncates it, so erased values leave every file. */
  async scrub(): Promise<void> {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  async health(): Promise<void> {
    this.db.prepare('SELECT 1').get();
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}

/** Opens (creating if needed) the database file; a folder that cannot hold it fails naming the folder. */
function openDatabase(file: string, dataDir: string): Database.Database {
  let db: Database.Database | undefined;
  try {
    db = new Database(file);
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode survives a process crash (SIGKILL); only an OS crash can lose the last commits.
    db.pragma('synchronous = NORMAL');
    db.pragma('secure_delete = ON');
    db.pragma('busy_timeout = 5000');
    // Checkpoint (copy the WAL into the main file) every ~40 MB of WAL instead of SQLite's ~4 MB:
    // pages rewritten many times in between are copied once, a quarter off every write's cost.
    db.pragma('wal_autocheckpoint = 10000');
    db.exec(`
      CREATE TABLE IF NOT EXISTS records (
        container TEXT NOT NULL,
        pk TEXT NOT NULL,
        id TEXT NOT NULL,
        value TEXT NOT NULL,
        etag TEXT NOT NULL,
        expires_at INTEGER,
        PRIMARY KEY (container, pk, id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS records_expiry ON records (expires_at) WHERE expires_at IS NOT NULL;
    `);
    return db;
  } catch (error) {
    db?.close();
    // better-sqlite3 says only "unable to open database file": say which file, and which setting.
    throw new DataDirError(dataDir, `cannot open ${file} (${describe(error)})`);
  }
}

/**
 * The smallest string above every string that starts with `prefix`, in SQLite's BINARY (UTF-8
 * byte = code point) order: the prefix with its last code point incremented. `prefix + U+FFFF`
 * is not enough, because keys continuing with an emoji (U+10000 and up) sort above it.
 */
function prefixUpperBound(prefix: string): string | Buffer {
  const points = Array.from(prefix, (ch) => ch.codePointAt(0) as number);
  while (points.length > 0 && points[points.length - 1] === 0x10ffff) points.pop();
  // SQLite sorts every BLOB after every TEXT: the bound for "no upper limit".
  if (points.length === 0) return Buffer.from([0xff]);
  let last = (points.pop() as number) + 1;
  if (last === 0xd800) last = 0xe000; // surrogates are not characters
  return String.fromCodePoint(...points, last);
}

/**
 * A stored row as a record whose value is parsed from its JSON only when first read. Many
 * readers never look at it: put()'s callers mostly want the new eTag, and a queue listing skips
 * every record whose eTag it has already checked (the console lists the queue every 2 s).
 */
function toRecord<T>(row: Row): StoredRecord<T> {
  let value: T | undefined;
  return {
    container: row.container as ContainerName,
    partition: row.pk,
    key: row.id,
    get value(): T {
      return (value ??= JSON.parse(row.value) as T);
    },
    eTag: row.etag,
    expiresAt: row.expires_at,
  };
}

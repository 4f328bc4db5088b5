import Database from 'better-sqlite3';
import type { ContainerName } from '../../src/services/storage/containers';
import type { Store } from '../../src/services/storage/store';
import { HandoffQueue } from '../../src/services/handoff/handoff-queue';

/** One stored record of the template conversation, as SQLite holds it. */
export interface TemplateRow {
  container: ContainerName;
  pk: string;
  id: string;
  value: string;
  expiresAt: number | null;
}

/**
 * Copies everything one real conversation left in the store (bot state, transcript records,
 * the user's profile, notices, consents, request and suppression entries) so the scale curve
 * stands on data shaped exactly like the app's own, whatever the features write today.
 * Handoff records and the owner record are left out: open handoffs are seeded on their own.
 */
export function captureTemplate(dbFile: string, conversationId: string, userId: string): TemplateRow[] {
  const db = new Database(dbFile, { readonly: true, fileMustExist: true });
  try {
    const rows = db
      .prepare<[string, string, string, string, string, string], { container: string; pk: string; id: string; value: string; expires_at: number | null }>(
        `SELECT container, pk, id, value, expires_at FROM records
         WHERE instr(pk, ?) > 0 OR instr(pk, ?) > 0 OR instr(id, ?) > 0 OR instr(id, ?) > 0 OR instr(value, ?) > 0 OR instr(value, ?) > 0`,
      )
      .all(conversationId, userId, conversationId, userId, conversationId, userId);
    return rows
      .filter((r) => r.container !== 'handoffs' && !(r.container === 'conversations' && r.id === 'owner'))
      .map((r) => ({ container: r.container as ContainerName, pk: r.pk, id: r.id, value: r.value, expiresAt: r.expires_at }));
  } finally {
    db.close();
  }
}

/** The template conversation's records and the ids the copies replace. */
export interface SeedTemplate {
  rows: TemplateRow[];
  conversationId: string;
  userId: string;
}

/** Size and kinds of the template's records, for the report. */
export function describeTemplate(rows: TemplateRow[]): { rows: number; bytes: number; kinds: string[] } {
  return { rows: rows.length, bytes: rows.reduce((n, r) => n + r.value.length, 0), kinds: [...new Set(rows.map((r) => `${r.container}:${r.id.split('/')[0].slice(0, 20)}`))] };
}

export interface SeedProgress {
  (done: number, total: number): void;
}

/** Runs `work` (synchronous store calls) as one unit, e.g. one SQLite transaction. */
export type Batch = (work: () => void) => void;

/**
 * Groups SqliteStore.put() calls into one transaction on the store's own connection. Its put()
 * does all its work synchronously (better-sqlite3), so puts started inside `work` run inside
 * the outer transaction as savepoints and commit once. The store keeps its connection private;
 * this reaches it by name (a public SqliteStore.batch() would be the clean way, see README.md, "Performance").
 */
export function sqliteBatch(store: Store): Batch | undefined {
  const db = (store as unknown as { db?: { transaction?: (fn: () => void) => () => void } }).db;
  if (!db || typeof db.transaction !== 'function') return undefined;
  return (work) => db.transaction!(work)();
}

/**
 * Writes copies number [from, to) of the template through the Store's public put(); with a
 * `batch`, 100 conversations per transaction (each put() committing on its own is about
 * 2-3x slower on SQLite, see README.md, "Performance"). Ids of the template's conversation and user are replaced in partitions, keys and
 * values; a record of a shared partition whose key names neither gets a per-copy suffix, so
 * every copy adds its own entry to indexes such as the suppression list.
 */
export async function seedConversations(
  store: Store,
  template: TemplateRow[],
  ids: { conversationId: string; userId: string },
  range: { from: number; to: number },
  now: number,
  options: { batch?: Batch; progress?: SeedProgress } = {},
): Promise<number> {
  const PER_BATCH = 100;
  const run: Batch = options.batch ?? ((work) => work());
  let written = 0;
  const total = (range.to - range.from) * template.length;
  for (let first = range.from; first < range.to; first += PER_BATCH) {
    const puts: Promise<unknown>[] = [];
    run(() => {
      for (let i = first; i < Math.min(range.to, first + PER_BATCH); i++) {
        const conv = `seed-conv-${String(i).padStart(7, '0')}`;
        const user = `seed-user-${String(i).padStart(7, '0')}`;
        const swap = (s: string) => s.split(ids.conversationId).join(conv).split(ids.userId).join(user);
        for (const row of template) {
          const pk = swap(row.pk);
          let key = swap(row.id);
          if (pk === row.pk && key === row.id) key = `${key}~seed${i}`;
          const ttlSeconds = row.expiresAt === null ? undefined : Math.max(60, Math.round((row.expiresAt - now) / 1000));
          puts.push(store.put(row.container, pk, key, JSON.parse(swap(row.value)) as unknown, ttlSeconds === undefined ? {} : { ttlSeconds }));
        }
      }
    });
    await Promise.all(puts);
    const before = written;
    written += puts.length;
    if (options.progress && Math.floor(written / 5000) > Math.floor(before / 5000)) options.progress(written, total);
  }
  return written;
}

/**
 * Queues `count` waiting live handoffs through the handoff helper's own HandoffQueue (records in
 * handoffs/queue, owner links in conversations), each with its place in the line marked as told.
 */
export async function seedHandoffs(store: Store, count: number, now: () => number): Promise<void> {
  const queue = new HandoffQueue(store, { now, retentionDays: 730, ownerTtlSeconds: 30 * 86400 });
  for (let i = 0; i < count; i++) {
    await queue.create({
      conversationId: `seed-handoff-conv-${i}`,
      userId: `bench:seed-handoff-user-${i}`,
      kind: 'live',
      priority: i % 10 === 0 ? 'high' : 'normal',
      reason: 'Asked for a technician',
      summary: 'my printer says offline',
      device: 'printer',
      contactFields: ['name', 'email'],
      recordingOff: false,
    });
  }
  // Real waiting users were told their place when they joined and on each change since (QueueProgressJob):
  // record the places as told, or a server started over the seeded queue would first announce all of them.
  for (const place of await queue.waitingLine()) await queue.records.claimNotification(place.handoff, place.position);
}

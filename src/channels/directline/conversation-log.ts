import { z } from 'zod';
import { createIfAbsent, createOnce, writerMark } from '../../services/storage/create-once';
import { ConflictError, type Store } from '../../services/storage/store';
import { KeyedQueue } from '../../server/keyed-queue';
import { LruMap } from '../../services/lru-map';

/** An activity as the Direct Line log keeps and returns it (JSON, timestamps as ISO strings). */
export type LoggedActivity = Record<string, unknown> & { id: string; type: string };

export interface ConversationMeta {
  userId: string;
  userName?: string;
  createdAt: string;
}

const CONTAINER = 'conversations';
const META_KEY = 'directline-conversation';
const ACTIVITY_PREFIX = 'directline-activity:';
/** Azure Direct Line keeps a conversation's activities for a limited time too; the channel needs them only to reconnect. */
export const DEFAULT_LOG_TTL_SECONDS = 24 * 3600;
export const MAX_ACTIVITIES_PER_READ = 100;
const MAX_CACHED_CONVERSATIONS = 5000;

const metaSchema = z.object({ userId: z.string().min(1), userName: z.string().optional(), createdAt: z.string() });
const activitySchema = z.object({ id: z.string(), type: z.string() }).passthrough();
/** The stored form: the activity and the mark of the append that wrote it (see writerMark). */
const storedActivitySchema = z.object({ activity: activitySchema, writer: z.string() });
const fromStored = (value: unknown) => storedActivitySchema.parse(value).activity as LoggedActivity;

/** Zero-padded so the store's key order is the numeric order. */
export const activityKey = (seq: number) => `${ACTIVITY_PREFIX}${String(seq).padStart(10, '0')}`;
/** Activity ids look like Azure's: `<conversation id>|<sequence>`. */
export const activityId = (conversationId: string, seq: number) => `${conversationId}|${String(seq).padStart(7, '0')}`;

/**
 * The persisted, ordered log of one Direct Line conversation (user and bot activities).
 * Each activity claims the next sequence number by a create-only write, so two writers (two
 * requests, or two instances) can never take the same number and the log has no gaps; the
 * watermark a client polls with is that sequence number. Every write carries a writer mark, so
 * a write whose answer was lost is recognised on the retry: the conversation is not taken for
 * someone else's (and left without its welcome), and an activity is not logged twice.
 */
export class ConversationLog {
  private readonly nextSeq = new LruMap<string, number>(MAX_CACHED_CONVERSATIONS);
  private readonly appends = new KeyedQueue();

  constructor(
    private readonly store: Store,
    private readonly options: { ttlSeconds?: number; now?: () => number } = {},
  ) {}

  private get ttlSeconds(): number {
    return this.options.ttlSeconds ?? DEFAULT_LOG_TTL_SECONDS;
  }

  /** Creates the conversation; false when it already existed (so its welcome is sent only once). */
  async create(conversationId: string, meta: Omit<ConversationMeta, 'createdAt'>): Promise<boolean> {
    const value = { ...meta, createdAt: new Date(this.now()).toISOString(), writer: writerMark() };
    return (await createIfAbsent(this.store, CONTAINER, conversationId, META_KEY, value, { ttlSeconds: this.ttlSeconds })).created;
  }

  async meta(conversationId: string): Promise<ConversationMeta | undefined> {
    const record = await this.store.get<unknown>(CONTAINER, conversationId, META_KEY);
    return record ? metaSchema.parse(record.value) : undefined;
  }

  /** Keeps a conversation that is still in use from expiring (called when its token is refreshed). */
  async touch(conversationId: string): Promise<void> {
    const meta = await this.meta(conversationId);
    if (meta) await this.store.put(CONTAINER, conversationId, META_KEY, meta, { ttlSeconds: this.ttlSeconds });
  }

  /** Appends the activity `build` makes for the sequence number it gets; returns the stored activity. */
  append(conversationId: string, build: (id: string, seq: number) => LoggedActivity): Promise<LoggedActivity & { seq: number }> {
    return this.appends.run(conversationId, async () => {
      let seq = this.nextSeq.get(conversationId) ?? (await this.lastSeq(conversationId)) + 1;
      const writer = writerMark();
      for (;;) {
        const activity = build(activityId(conversationId, seq), seq);
        try {
          await createOnce(this.store, CONTAINER, conversationId, activityKey(seq), { activity, writer }, { ttlSeconds: this.ttlSeconds });
          this.nextSeq.set(conversationId, seq + 1);
          return { ...activity, seq };
        } catch (error) {
          if (!(error instanceof ConflictError)) {
            this.nextSeq.delete(conversationId);
            throw error;
          }
          seq += 1; // another instance took this number first
        }
      }
    });
  }

  /** Activities after `watermark` (all kept ones when it is undefined), oldest first, and the new watermark. */
  async read(conversationId: string, watermark?: number, limit = MAX_ACTIVITIES_PER_READ): Promise<{ activities: LoggedActivity[]; watermark: number }> {
    const activities: LoggedActivity[] = [];
    let last = watermark ?? 0;
    if (watermark === undefined) {
      // A new client: start at the oldest activity still kept (older ones may have expired).
      const records = await this.store.query<unknown>(CONTAINER, conversationId, { keyPrefix: ACTIVITY_PREFIX, limit });
      for (const record of records) {
        activities.push(fromStored(record.value));
        last = seqOfKey(record.key);
      }
      return { activities, watermark: last };
    }
    // Point reads from the watermark on: cheap for the usual poll that finds nothing new.
    while (activities.length < limit) {
      const record = await this.store.get<unknown>(CONTAINER, conversationId, activityKey(last + 1));
      if (!record) break;
      activities.push(fromStored(record.value));
      last += 1;
    }
    return { activities, watermark: last };
  }

  /** The newest activities, newest first (at most `n`). */
  async recent(conversationId: string, n: number): Promise<LoggedActivity[]> {
    const last = (this.nextSeq.get(conversationId) ?? (await this.lastSeq(conversationId)) + 1) - 1;
    const out: LoggedActivity[] = [];
    for (let seq = last; seq >= 1 && out.length < n; seq--) {
      const record = await this.store.get<unknown>(CONTAINER, conversationId, activityKey(seq));
      if (!record) break;
      out.push(fromStored(record.value));
    }
    return out;
  }

  private async lastSeq(conversationId: string): Promise<number> {
    const records = await this.store.query<unknown>(CONTAINER, conversationId, { keyPrefix: ACTIVITY_PREFIX });
    const last = records.at(-1);
    return last ? seqOfKey(last.key) : 0;
  }

  private now(): number {
    return (this.options.now ?? Date.now)();
  }
}

function seqOfKey(key: string): number {
  return Number(key.slice(ACTIVITY_PREFIX.length));
}

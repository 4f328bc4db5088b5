import { z } from 'zod';
import type { Store } from '../storage/store';
import { redactAll } from './redaction';
import { memoizeRedactor } from './redaction/memo';
import { TimeOrderedKeys } from '../storage/time-ordered-keys';

export const transcriptEntrySchema = z.object({
  from: z.enum(['user', 'bot', 'technician']),
  text: z.string(),
  /** ISO time the message was sent. */
  timestamp: z.string(),
  /** Set on technician messages. */
  technician: z.object({ id: z.string(), name: z.string() }).optional(),
});
export type TranscriptEntry = z.infer<typeof transcriptEntrySchema>;

const recordSchema = z.object({ entries: z.array(transcriptEntrySchema) });

export interface TranscriptStoreOptions {
  now?: () => number;
  /** config.policy.retentionDays.transcripts */
  retentionDays: number;
  /** Region for reading phone numbers when masking personal data. */
  defaultRegion?: string;
}

/**
 * Something that knows its conversation id and carries per-turn state: a botbuilder TurnContext
 * fits, without this service depending on Bot Framework types.
 */
export interface TurnLike {
  activity: { conversation?: { id: string } };
  turnState: { get(key: unknown): unknown };
}

/** Turn-state slot where the transcript middleware exposes this turn's live "recording off" flag. */
export const RECORDING_OFF_TURN_KEY = Symbol('helpline.recordingOff');

const PREFIX = 'transcript/';
const RECORDING_KEY = 'recording';

/**
 * Conversation transcripts (conversations partition, 'transcript/<ms>-<n>' keys, each record one
 * turn's messages). Every text is masked with redactAll before it is written, so a transcript
 * never holds a secret and shows personal data only as placeholders (P10). When the user turned
 * recording off (P8), nothing more is written for that conversation.
 */
export class TranscriptStore {
  private readonly now: () => number;
  private readonly keys: TimeOrderedKeys;

  constructor(
    private readonly store: Store,
    private readonly options: TranscriptStoreOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.keys = new TimeOrderedKeys(this.now);
  }

  /** Appends one message (e.g. a technician's) unless recording is off; true when written. */
  async append(conversationId: string, entry: TranscriptEntry): Promise<boolean> {
    if (await this.isRecordingOff(conversationId)) return false;
    await this.write(conversationId, [entry]);
    return true;
  }

  /**
   * Appends the messages of one turn in a single write. The caller has already checked that
   * recording is on (the middleware reads it from conversation state, which costs nothing).
   */
  async appendTurn(conversationId: string, entries: TranscriptEntry[]): Promise<void> {
    if (entries.length > 0) await this.write(conversationId, entries);
  }

  /** The whole transcript, oldest first. */
  async list(conversationId: string): Promise<TranscriptEntry[]> {
    const records = await this.store.query<unknown>('conversations', conversationId, { keyPrefix: PREFIX });
    return records.flatMap((r) => recordSchema.parse(r.value).entries);
  }

  /** Erases the transcript of a conversation; returns how many records went. */
  async deleteConversation(conversationId: string): Promise<number> {
    const records = await this.store.query<unknown>('conversations', conversationId, { keyPrefix: PREFIX });
    let removed = 0;
    for (const r of records) if (await this.store.delete('conversations', conversationId, r.key)) removed += 1;
    return removed;
  }

  /** Stores that the user turned recording off, so writers outside a turn (technician relay) see it too. */
  async setRecordingOff(conversationId: string): Promise<void> {
    await this.store.put(
      'conversations',
      conversationId,
      RECORDING_KEY,
      { off: true, at: new Date(this.now()).toISOString() },
      { ttlSeconds: this.options.retentionDays * 86400 },
    );
  }

  /** True when the user asked not to be recorded: by conversation id, or live from a turn. */
  async isRecordingOff(target: string | TurnLike): Promise<boolean> {
    if (typeof target !== 'string') {
      const live = target.turnState.get(RECORDING_OFF_TURN_KEY) as (() => boolean) | undefined;
      if (live?.()) return true;
      const id = target.activity.conversation?.id;
      if (!id) return false;
      target = id;
    }
    const marker = await this.store.get<{ off?: boolean }>('conversations', target, RECORDING_KEY);
    return marker?.value.off === true;
  }

  private readonly mask = (text: string) => redactAll(text, { defaultRegion: this.options.defaultRegion }).text;
  private readonly maskRepeated = memoizeRedactor(this.mask, 2000);

  private async write(conversationId: string, entries: TranscriptEntry[]): Promise<void> {
    const masked = entries.map((e) => {
      const entry = transcriptEntrySchema.parse(e);
      // The bot's own texts (notices, the welcome, flow steps) repeat in every conversation: mask them once.
      const text = entry.from === 'bot' ? this.maskRepeated(entry.text) : this.mask(entry.text);
      return { ...entry, text };
    });
    await this.store.put('conversations', conversationId, this.nextKey(), { entries: masked }, { ttlSeconds: this.options.retentionDays * 86400 });
  }

  // Keys sort by time, then by write order within one millisecond (a frozen test clock, a burst).
  private nextKey(): string {
    const { ms, seq } = this.keys.next();
    return `${PREFIX}${String(ms).padStart(15, '0')}-${String(seq).padStart(6, '0')}`;
  }
}

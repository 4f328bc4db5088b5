import { z } from 'zod';
import type { Store } from '../storage/store';
import { redactAll } from './redaction';
import { memoizeRedactor } from './redaction/memo';
import { TimeOrderedKeys } from '../storage/time-ordered-keys';
import { LruMap } from '../lru-map';

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

/**
 * One turn's transcript record before it is written: already masked, with its key fixed, so
 * writing it again (after a failure, from another instance) gives the same record, not a second.
 */
export const stagedTranscriptSchema = z.object({ key: z.string().startsWith('transcript/'), entries: z.array(transcriptEntrySchema) });
export type StagedTranscript = z.infer<typeof stagedTranscriptSchema>;

export interface TranscriptStoreOptions {
  now?: () => number;
  /** config.policy.retentionDays.transcripts */
  retentionDays: number;
  /** Region for reading phone numbers when masking personal data. */
  defaultRegion?: string;
  /** The bot's own URLs and email addresses (ownLiterals), kept as written in the bot's lines: they are not personal data. */
  ownLiterals?: ReadonlySet<string>;
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

  /**
   * A turn's record, masked and keyed, not written yet: the transcript middleware keeps it in
   * the conversation's state, saved before the record is written (see StagedTranscript).
   */
  stage(entries: TranscriptEntry[]): StagedTranscript {
    return { key: this.nextKey(), entries: entries.map((e) => this.masked(e)) };
  }

  /** Writes a staged record (idempotent: the same key and entries every time). */
  async writeStaged(conversationId: string, staged: StagedTranscript, more: TranscriptEntry[] = []): Promise<void> {
    const entries = [...staged.entries, ...more.map((e) => this.masked(e))];
    await this.store.put('conversations', conversationId, staged.key, { entries }, { ttlSeconds: this.options.retentionDays * 86400 });
    this.written.set(staged.key, true);
  }

  /**
   * Writes a staged record left in a conversation's state unless this process saw it written:
   * the write after the state save failed, or the process stopped in between.
   */
  async flushStaged(conversationId: string, staged: StagedTranscript): Promise<boolean> {
    if (this.written.has(staged.key)) return false;
    await this.writeStaged(conversationId, stagedTranscriptSchema.parse(staged));
    return true;
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

  /** The user opted back in to recording: writers outside a turn record this conversation again. */
  async setRecordingOn(conversationId: string): Promise<void> {
    await this.store.delete('conversations', conversationId, RECORDING_KEY);
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
  // A URL or address the user typed is masked, in the bot's lines too (it may repeat one); the bot's own are not.
  private readonly maskRepeated = memoizeRedactor((text: string) => redactAll(text, { defaultRegion: this.options.defaultRegion, keepLiterals: this.options.ownLiterals }).text, 2000);

  // Only the latest keys matter (a conversation's previous turn): bounded, oldest first out.
  private readonly written = new LruMap<string, true>(10_000);

  private async write(conversationId: string, entries: TranscriptEntry[]): Promise<void> {
    await this.writeStaged(conversationId, this.stage(entries));
  }

  private masked(e: TranscriptEntry): TranscriptEntry {
    const entry = transcriptEntrySchema.parse(e);
    // The bot's own texts (notices, the welcome, flow steps) repeat in every conversation: mask them once.
    const text = entry.from === 'bot' ? this.maskRepeated(entry.text) : this.mask(entry.text);
    return { ...entry, text };
  }

  // Keys sort by time, then by write order within one millisecond (a frozen test clock, a burst).
  private nextKey(): string {
    const { ms, seq } = this.keys.next();
    return `${PREFIX}${String(ms).padStart(15, '0')}-${String(seq).padStart(6, '0')}`;
  }
}

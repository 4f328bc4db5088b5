import { EventEmitter } from 'node:events';
import { createOnce, writerMark } from '../storage/create-once';
import { ConflictError, type Store } from '../storage/store';
import { handoffMessageSchema, type HandoffMessage, type HandoffRecord } from './handoff-record';

type HandoffRef = Pick<HandoffRecord, 'id' | 'conversationId' | 'recordingOff'>;

export interface MessageLogOptions {
  now?: () => number;
  /** How long messages of recorded handoffs are kept (policy.retentionDays.transcripts). */
  retentionSeconds?: number;
  /**
   * P8: for a user who turned recording off, the messages exist only so the technician can
   * read them. They expire after an hour and are deleted when the handoff ends; nothing of the
   * live chat outlives the handoff.
   */
  unrecordedTtlSeconds?: number;
  /** How often a long-poll re-reads the store, to see messages another instance wrote. */
  pollMs?: number;
}

const prefix = (handoffId: string) => `handoff/${handoffId}/msg/`;
const pad = (seq: number) => String(seq).padStart(10, '0');

/**
 * The live chat of a handoff, in conversations/<id>: what the user wrote, the technician's replies
 * and notes for the technician. Each message
 * takes the next sequence number by a create-only write, so the order is total even with
 * several instances, and the cursor a console polls with is that number.
 */
export class HandoffMessageLog {
  private readonly wake = new EventEmitter();
  private readonly nextSeq = new Map<string, number>();
  private stopped = false;

  constructor(
    private readonly store: Store,
    private readonly options: MessageLogOptions = {},
  ) {
    this.wake.setMaxListeners(0);
  }

  async append(handoff: HandoffRef, text: string, from: HandoffMessage['from'] = 'user'): Promise<HandoffMessage> {
    const ttlSeconds = handoff.recordingOff ? (this.options.unrecordedTtlSeconds ?? 3600) : (this.options.retentionSeconds ?? 90 * 86400);
    const writer = writerMark();
    for (let attempt = 0; attempt < 20; attempt++) {
      const seq = this.nextSeq.get(handoff.id) ?? (await this.lastSeq(handoff)) + 1;
      const message: HandoffMessage = { cursor: pad(seq), from, text, timestamp: new Date((this.options.now ?? Date.now)()).toISOString() };
      try {
        await createOnce(this.store, 'conversations', handoff.conversationId, prefix(handoff.id) + message.cursor, { ...message, writer }, { ttlSeconds });
        this.nextSeq.set(handoff.id, seq + 1);
        this.wake.emit(handoff.id);
        return message;
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
        this.nextSeq.delete(handoff.id); // another writer holds this number
      }
    }
    throw new ConflictError('could not append to the handoff message log');
  }

  /**
   * Messages after `cursor` (all when omitted), and the cursor to ask with next. `pastEnd`: the
   * cursor is beyond the last message, so no answer gave it; read on, it would skip the messages
   * written before the chat got that far. Only a recorded chat knows its end: an unrecorded one's
   * messages expire and are deleted (P8), which leaves cursors given earlier past what remains.
   */
  async after(handoff: HandoffRef, cursor?: string): Promise<{ messages: HandoffMessage[]; cursor: string; pastEnd: boolean }> {
    const all = await this.read(handoff);
    const messages = cursor ? all.filter((m) => m.cursor > cursor) : all;
    const pastEnd = cursor !== undefined && !handoff.recordingOff && cursor > (all.at(-1)?.cursor ?? pad(0));
    return { messages, cursor: messages.length ? messages[messages.length - 1].cursor : (cursor ?? pad(0)), pastEnd };
  }

  /** Like `after`, but waits up to `timeoutMs` for a first message (a long-poll). */
  async waitAfter(handoff: HandoffRef, cursor: string | undefined, timeoutMs: number, signal?: AbortSignal) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const page = await this.after(handoff, cursor);
      const left = deadline - Date.now();
      if (page.messages.length > 0 || page.pastEnd || left <= 0 || this.stopped || signal?.aborted) return page;
      await this.sleep(handoff.id, Math.min(left, this.options.pollMs ?? 1000), signal);
    }
  }

  /** Deletes a handoff's messages (unrecorded handoffs, when they end). */
  async discard(handoff: HandoffRef): Promise<number> {
    const records = await this.store.query('conversations', handoff.conversationId, { keyPrefix: prefix(handoff.id) });
    for (const r of records) await this.store.delete('conversations', handoff.conversationId, r.key);
    this.nextSeq.delete(handoff.id);
    return records.length;
  }

  /** Ends every pending long-poll (server shutdown). */
  stop(): void {
    this.stopped = true;
    this.wake.emit('stop');
  }

  private async read(handoff: HandoffRef): Promise<HandoffMessage[]> {
    const records = await this.store.query<HandoffMessage>('conversations', handoff.conversationId, { keyPrefix: prefix(handoff.id) });
    return records.flatMap((r) => {
      const parsed = handoffMessageSchema.safeParse(r.value);
      return parsed.success ? [parsed.data] : [];
    });
  }

  private async lastSeq(handoff: HandoffRef): Promise<number> {
    const all = await this.read(handoff);
    return all.length ? Number(all[all.length - 1].cursor) : 0;
  }

  private sleep(handoffId: string, ms: number, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake.off(handoffId, done);
        this.wake.off('stop', done);
        signal?.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake.once(handoffId, done);
      this.wake.once('stop', done);
      signal?.addEventListener('abort', done, { once: true });
    });
  }
}

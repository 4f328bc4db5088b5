import type { Logger } from 'pino';
import type { HandoffAuditLog } from './audit-log';
import { HandoffError, notHolderError, type ContactField, type HandoffMessage, type HandoffRecord, type TechnicianRef } from './handoff-record';
import type { HandoffLifecycle } from './handoff-lifecycle';
import type { HandoffQueue } from './handoff-queue';
import { assignedMessage, releasedMessage, resolvedMessage } from './handoff-texts';
import type { HandoffMessageLog } from './message-log';
import { UnreachableConversation, type ContactPort, type TranscriptPort, type UserNotifier } from './ports';

export interface Actor extends TechnicianRef {
  supervisor: boolean;
}

/**
 * A page of a handoff's live chat. `byReader`: the technician lines are the reader's own (only the
 * holder writes in a handoff's chat), which the views show them as they typed them.
 */
export interface ChatPage {
  messages: HandoffMessage[];
  cursor: string;
  byReader: boolean;
}

/** An ended handoff and the last of its chat, read before an unrecorded chat is deleted. */
export interface Ended {
  handoff: HandoffRecord;
  last: ChatPage;
}

export interface HandoffDeskDeps {
  queue: HandoffQueue;
  lifecycle: HandoffLifecycle;
  log: HandoffMessageLog;
  audit: HandoffAuditLog;
  notifier: Pick<UserNotifier, 'send'>;
  contacts: ContactPort;
  /**
   * Takes secrets out of a technician's text (redactSecrets(text).text). Staff write to the user,
   * so names, phones and emails stay as typed; a card number or password pasted by mistake does not.
   */
  removeSecrets: (text: string) => string;
  /** Where technician messages are recorded (skipped for unrecorded handoffs); absent when something else records them. */
  transcript?: TranscriptPort;
  logger?: Pick<Logger, 'warn'>;
  now?: () => number;
}

/**
 * What a technician does with a handoff, for the technician API: each action checks who holds
 * the handoff, changes the stored state, tells the user and leaves an audit trail.
 */
export class HandoffDesk {
  constructor(private readonly deps: HandoffDeskDeps) {}

  async get(id: string): Promise<HandoffRecord> {
    const handoff = await this.deps.queue.get(id);
    if (!handoff) throw new HandoffError('not_found', 'There is no handoff with this id.');
    return handoff;
  }

  async claim(id: string, actor: Actor): Promise<HandoffRecord> {
    const before = await this.get(id);
    const claimed = await this.deps.lifecycle.claim(id, ref(actor));
    if (before.status === 'waiting') {
      await this.deps.audit.record({ handoffId: id, action: 'claim', technician: ref(actor) });
      await this.tell(claimed, assignedMessage(claimed, actor.name));
    }
    return claimed;
  }

  /**
   * Relays a technician's message to the user's conversation as typed, less any secret: the same
   * text goes to the user and into the live chat's log, which never holds a secret (P10). The
   * transcript store masks personal data in its copy, as in every transcript entry.
   */
  async sendToUser(id: string, actor: Actor, typed: string): Promise<void> {
    const handoff = this.requireHolder(await this.get(id), actor);
    const text = this.deps.removeSecrets(typed);
    try {
      await this.deps.notifier.send(handoff.conversationId, { text, technician: { id: actor.technicianId, name: actor.name } });
    } catch (error) {
      if (error instanceof UnreachableConversation) throw new HandoffError('unreachable', "The user's chat no longer exists (erased or expired), so nothing can reach them there; resolve or release the handoff.");
      throw error;
    }
    let recordingOff = handoff.recordingOff;
    if (!recordingOff && this.deps.transcript) {
      // The transcript store refuses (false) when the user turned recording off during the chat, which the handoff record does not know.
      const recorded = await this.deps.transcript.append(handoff.conversationId, { from: 'technician', text, timestamp: new Date((this.deps.now ?? Date.now)()).toISOString(), technician: { id: actor.technicianId, name: actor.name } });
      recordingOff = recorded === false;
    }
    // The live chat's log holds both directions, so a console reloaded mid-chat shows the technician's
    // lines among the user's; with recording off they expire with the user's (P8), as the handoff guard writes them.
    await this.deps.log.append({ ...handoff, recordingOff }, text, 'technician');
  }

  /**
   * The live chat since `cursor` (what the user wrote, the technician's replies, notes), waiting up
   * to `waitMs` for something new while the handoff is assigned.
   */
  async messagesFor(id: string, actor: Actor, cursor: string | undefined, waitMs: number, signal?: AbortSignal): Promise<ChatPage> {
    const handoff = await this.get(id);
    const byReader = handoff.assignedTo?.technicianId === actor.technicianId;
    // The technician who held an ended handoff still reads its chat up to the end: what the user
    // wrote in the seconds before the release or resolve may not have reached their console yet.
    if (!actor.supervisor && !(handoff.status === 'ended' && byReader)) this.requireHolder(handoff, actor);
    const { pastEnd, ...page } = handoff.status === 'assigned' ? await this.deps.log.waitAfter(handoff, cursor, waitMs, signal) : await this.deps.log.after(handoff, cursor);
    if (pastEnd) throw new HandoffError('invalid_request', `after: the chat of this handoff has no message ${cursor}; give the cursor of an earlier answer, or none to read the chat from its start`);
    return { ...page, byReader };
  }

  /**
   * The full value of one contact field, recorded in the audit log (P10); undefined, and nothing
   * recorded, when there is nothing to reveal.
   */
  async reveal(id: string, actor: Actor, field: ContactField): Promise<string | undefined> {
    const handoff = await this.get(id);
    const holds = handoff.status === 'assigned' && handoff.assignedTo?.technicianId === actor.technicianId;
    if (!holds && !actor.supervisor) throw new HandoffError('forbidden', 'Only the technician holding this handoff (or a supervisor) can reveal personal data.');
    // Only what the user agreed to share for this handoff, even if the profile holds more.
    const value = handoff.contactFields.includes(field) ? (await this.deps.contacts.get(handoff.userId))[field] : undefined;
    // A field the user never shared (or no longer holds) shows nothing: audited, it was listed in
    // their export as a reveal of data no one saw.
    if (value === undefined) return undefined;
    await this.deps.audit.record({ handoffId: id, action: 'reveal', technician: ref(actor), field });
    return value;
  }

  /** Ends the handoff back to the bot; `last` is the chat after `cursor` up to the end (see afterEnd). */
  async release(id: string, actor: Actor, note?: string, cursor?: string): Promise<Ended> {
    const ended = await this.deps.lifecycle.release(id, ref(actor), note, actor.supervisor);
    const last = await this.afterEnd(ended, actor, 'release', cursor);
    await this.tell(ended, releasedMessage(ended, actor.name));
    return { handoff: ended, last };
  }

  /** Ends the handoff as resolved; `last` is the chat after `cursor` up to the end (see afterEnd). */
  async resolve(id: string, actor: Actor, resolution: string, cursor?: string): Promise<Ended> {
    const ended = await this.deps.lifecycle.resolve(id, ref(actor), resolution);
    const last = await this.afterEnd(ended, actor, 'resolve', cursor);
    await this.tell(ended, resolvedMessage(ended, actor.name));
    return { handoff: ended, last };
  }

  /**
   * Audits the end and reads the chat after `cursor` one last time, before an unrecorded chat is
   * deleted: what the user wrote while the technician was ending it is then theirs to read in the
   * answer, though nothing of the chat is kept (P8).
   */
  private async afterEnd(ended: HandoffRecord, actor: Actor, action: 'release' | 'resolve', cursor?: string): Promise<ChatPage> {
    await this.deps.audit.record({ handoffId: ended.id, action, technician: ref(actor) });
    const { pastEnd: _unchecked, ...page } = await this.deps.log.after(ended, cursor);
    const last = { ...page, byReader: ended.assignedTo?.technicianId === actor.technicianId };
    // P8: the live chat of an unrecorded handoff does not outlive it.
    if (ended.recordingOff) await this.deps.log.discard(ended);
    return last;
  }

  private requireHolder(handoff: HandoffRecord, actor: Actor): HandoffRecord {
    if (handoff.status === 'ended') throw new HandoffError('ended', 'This handoff has already ended.');
    if (handoff.status !== 'assigned' || handoff.assignedTo?.technicianId !== actor.technicianId) {
      throw notHolderError(handoff);
    }
    return handoff;
  }

  /** The state change is stored either way; a user who cannot be reached is logged, not an error for the technician. */
  private async tell(handoff: HandoffRecord, message: Parameters<UserNotifier['send']>[1]): Promise<void> {
    try {
      await this.deps.notifier.send(handoff.conversationId, message);
    } catch (error) {
      this.deps.logger?.warn({ handoffId: handoff.id, err: error instanceof Error ? error.message : String(error) }, 'could not tell the user about the handoff');
    }
  }
}

const ref = (actor: Actor): TechnicianRef => ({ technicianId: actor.technicianId, name: actor.name });

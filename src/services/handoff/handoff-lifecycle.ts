import { ConflictError } from '../storage/store';
import type { OwnerSnapshot } from './conversation-owner';
import { HandoffError, isTechnician, notHolderError, type HandoffRecord, type OwnerRecord, type TechnicianRef } from './handoff-record';
import type { HandoffQueue } from './handoff-queue';

export type CancelResult = { state: 'cancelled'; handoff: HandoffRecord } | { state: 'technician' } | { state: 'none' };
/** `taken`: a technician (or an agent hub) has it where it is; `none`: it ended meanwhile. */
export type MoveResult = { state: 'moved'; handoff: HandoffRecord } | { state: 'taken'; handoff: HandoffRecord } | { state: 'none' };
export type HubState = 'accepted' | 'failed' | 'completed';

/**
 * The state changes of a handoff after it is queued. Each one is a conditional write on the
 * handoff record and, for live chats, on the conversation's owner record (design rule 2).
 */
export class HandoffLifecycle {
  constructor(private readonly queue: HandoffQueue) {}

  private get records() {
    return this.queue.records;
  }
  private get owners() {
    return this.queue.owners;
  }
  private iso(): string {
    return new Date(this.queue.now()).toISOString();
  }

  /**
   * Assigns a waiting handoff to a technician. Of two simultaneous claims exactly one wins:
   * both read the same versions, and only one conditional write of the owner record (then of
   * the handoff record) can succeed. The loser gets HandoffError('conflict').
   */
  async claim(id: string, technician: TechnicianRef): Promise<HandoffRecord> {
    const found = await this.openHandoff(id);
    const handoff = found.value;
    if (handoff.status === 'assigned') {
      if (handoff.assignedTo?.technicianId === technician.technicianId) return handoff;
      throw new HandoffError('conflict', `${handoff.assignedTo?.name ?? 'Another technician'} already has this handoff.`);
    }
    let owner: { before: OwnerSnapshot; after: OwnerSnapshot } | undefined;
    if (handoff.kind === 'live') {
      const before = await this.owners.get(handoff.conversationId);
      if (isTechnician(before.value.owner)) throw new HandoffError('conflict', 'Another technician is already in this conversation.');
      try {
        owner = { before, after: await this.owners.replace(handoff.conversationId, before, { owner: technician, handoffId: id }) };
      } catch (error) {
        throw conflictOr(error, 'Another technician claimed this handoff first.');
      }
    }
    const claimed: HandoffRecord = { ...handoff, status: 'assigned', assignedTo: technician, claimedAt: this.iso() };
    try {
      await this.records.replaceActive(claimed, found.eTag);
    } catch (error) {
      if (owner) await this.owners.replace(handoff.conversationId, owner.after, owner.before.value).catch(() => undefined);
      throw conflictOr(error, 'This handoff changed while you claimed it.');
    }
    // The wait estimate learns from first pickups: a requeued chat's time from its creation includes the first technician's chat.
    if (!handoff.requeuedAt) await this.records.addDelay(this.queue.waitingSeconds(claimed)).catch(() => undefined);
    return claimed;
  }

  /** Gives the conversation back to the bot without resolving the problem. */
  /**
   * Hands the conversation back to the bot. `forAnyHolder`: a supervisor releases a handoff another
   * technician holds (one who went to lunch or home with it), so its user is not left relaying to nobody.
   */
  async release(id: string, technician: TechnicianRef, note?: string, forAnyHolder = false): Promise<HandoffRecord> {
    return this.end(id, technician, { outcome: 'released', releaseNote: note }, { owner: 'bot', handedBack: true }, forAnyHolder);
  }

  /** Ends the handoff as resolved; the owner record remembers that the bot now asks for a rating. */
  async resolve(id: string, technician: TechnicianRef, resolution: string): Promise<HandoffRecord> {
    return this.end(id, technician, { outcome: 'resolved', resolution }, { owner: 'bot', ratingFor: id, handedBack: true });
  }

  /**
   * Puts a live handoff back in the queue, keeping its place, for another technician to claim: its
   * technician can no longer answer (their session ended). The owner record goes first, back to the
   * bot with the link kept, so the user's messages reach the bot and not a console nobody reads; then
   * the handoff record, whose conditional write decides against a release or resolve at the same
   * moment, as between those two (the ending that wins hands the conversation back as it says).
   * Undefined when the handoff ended or is not this technician's. A crash between the writes leaves
   * it assigned to a technician without a session, which the next sweep puts back.
   */
  async requeue(id: string, technician: TechnicianRef): Promise<HandoffRecord | undefined> {
    return this.retry(async () => {
      const found = await this.records.getActive(id);
      if (!found) return undefined;
      const handoff = found.value;
      if (handoff.kind !== 'live' || handoff.status !== 'assigned' || handoff.assignedTo?.technicianId !== technician.technicianId) return undefined;
      const snapshot = await this.owners.get(handoff.conversationId);
      if (isTechnician(snapshot.value.owner) && snapshot.value.handoffId === id) {
        await this.owners.replace(handoff.conversationId, snapshot, { owner: 'bot', handoffId: id });
      }
      const { assignedTo: _away, claimedAt: _claimed, ...waiting } = handoff;
      const requeued: HandoffRecord = { ...waiting, status: 'waiting', requeuedAt: this.iso() };
      await this.records.replaceActive(requeued, found.eTag);
      return requeued;
    });
  }

  /** The user stopped waiting. When a technician got there first, the conversation is theirs. */
  async cancel(conversationId: string): Promise<CancelResult> {
    // The handoff is ended before the link to it is removed: if the second write fails, the link
    // points at an ended handoff, which reads as none, and a retry removes it. The other order
    // would leave a handoff waiting that nothing links to, which no "stop waiting" could end.
    let ended: HandoffRecord | undefined;
    for (let attempt = 0; attempt < 3; attempt++) {
      const snapshot = await this.owners.get(conversationId);
      if (isTechnician(snapshot.value.owner)) return { state: 'technician' };
      const handoffId = snapshot.value.handoffId;
      const found = handoffId && !ended ? await this.records.getActive(handoffId) : undefined;
      try {
        // A handoff that moved to the user's newer chat is not this conversation's to cancel.
        if (found?.value.status === 'waiting' && found.value.conversationId === conversationId) {
          const ending: HandoffRecord = { ...found.value, status: 'ended', outcome: 'cancelled', endedAt: this.iso() };
          await this.records.finish(ending, found.eTag);
          ended = ending;
        }
        if (handoffId) await this.owners.replace(conversationId, snapshot, { owner: 'bot' });
        return ended ? { state: 'cancelled', handoff: ended } : { state: 'none' };
      } catch (error) {
        if (!(error instanceof ConflictError)) throw error;
      }
    }
    throw new HandoffError('conflict', 'The handoff kept changing; please try again.');
  }

  /**
   * Moves a waiting live handoff to the conversation `to` the user writes from now (they closed
   * the chat they queued in and opened a new one), keeping its place in the queue. The caller
   * has found no live handoff in `to`. Three conditional writes: the link from `to` first (a
   * link to a handoff that names another conversation reads as none), then the handoff record,
   * which is the move (exactly one of a claim and a move can change it from the version both
   * read, so a technician never lands in the chat the user left), then the old link goes.
   *
   * Only a waiting handoff moves. One a technician has claimed stays: the technician's chat, its
   * message log and the console's cursor are in that conversation, and they may be writing to it
   * right now; moving it would change the owner of two conversations under a technician's feet.
   */
  async moveWaiting(id: string, to: string, options: { recordingOff?: boolean } = {}): Promise<MoveResult> {
    for (let attempt = 0; attempt < 3; attempt++) {
      const found = await this.records.getActive(id);
      if (!found || found.value.kind !== 'live') return { state: 'none' };
      const handoff = found.value;
      if (handoff.conversationId === to) return { state: 'moved', handoff };
      // A hub that accepted the handoff talks to the earlier conversation, as a technician would.
      if (handoff.status !== 'waiting' || handoff.hub?.state === 'accepted') return { state: 'taken', handoff };
      const before = await this.owners.get(to);
      if (isTechnician(before.value.owner)) return { state: 'none' };
      let linked: OwnerSnapshot;
      try {
        linked = await this.owners.replace(to, before, { owner: 'bot', handoffId: id });
      } catch (error) {
        if (error instanceof ConflictError) continue;
        throw error;
      }
      const moved: HandoffRecord = {
        ...handoff,
        conversationId: to,
        // Each chat once, in the order the ticket left them (a user may go back to the first chat).
        movedFrom: [...(handoff.movedFrom ?? []).filter((c) => c !== to && c !== handoff.conversationId), handoff.conversationId],
        // Either chat unrecorded (P8) leaves the whole handoff unrecorded, as it would be had it started here.
        recordingOff: handoff.recordingOff || options.recordingOff === true,
      };
      try {
        await this.records.replaceActive(moved, found.eTag);
      } catch (error) {
        await this.owners.replace(to, linked, before.value).catch(() => undefined);
        if (error instanceof ConflictError) continue; // claimed, cancelled or moved meanwhile: read it again
        throw error;
      }
      await this.unlink(handoff.conversationId, id);
      return { state: 'moved', handoff: moved };
    }
    throw new HandoffError('conflict', 'The handoff kept changing; please try again.');
  }

  /**
   * Drops a conversation's link to a handoff that moved away. Best effort: the move has happened,
   * and a link left behind reads as none (the handoff names its new conversation).
   */
  private async unlink(conversationId: string, id: string): Promise<void> {
    await this.retry(async () => {
      const snapshot = await this.owners.get(conversationId);
      // A technician's claim that lost to the move restores its own snapshot; it is not ours to change.
      if (snapshot.value.handoffId !== id || isTechnician(snapshot.value.owner)) return;
      const { handoffId: _moved, ...rest } = snapshot.value;
      await this.owners.replace(conversationId, snapshot, rest);
    }).catch(() => undefined);
  }

  /**
   * The user turned transcript recording back on in `conversationId` (P8): its open handoffs are
   * recorded from now on, as if it had never been off (the relay to and from a technician, the
   * transcript in the console). What was said while it was off stays unrecorded: it was never written.
   */
  async recordingOn(conversationId: string): Promise<HandoffRecord[]> {
    return this.setRecording(conversationId, false);
  }

  /**
   * The user turned recording off in `conversationId` after its handoff opened (P8: a live handoff
   * relays but does not persist): the handoff is marked unrecorded, so its live chat is deleted
   * when it ends instead of kept for the retention period.
   */
  async recordingOff(conversationId: string): Promise<HandoffRecord[]> {
    return this.setRecording(conversationId, true);
  }

  private async setRecording(conversationId: string, off: boolean): Promise<HandoffRecord[]> {
    const other = (await this.records.listActive()).filter((h) => h.conversationId === conversationId && h.recordingOff !== off);
    const changed: HandoffRecord[] = [];
    for (const { id } of other) {
      const updated = await this.retry(async () => {
        const found = await this.records.getActive(id);
        // Moved to the user's newer chat meanwhile: that chat's choice decides.
        if (!found || found.value.conversationId !== conversationId || found.value.recordingOff === off) return undefined;
        const next: HandoffRecord = { ...found.value, recordingOff: off };
        await this.records.replaceActive(next, found.eTag);
        return next;
      });
      if (updated) changed.push(updated);
    }
    return changed;
  }

  /** Ends a waiting follow-up the user no longer needs (a technician picked them up live meanwhile). */
  async withdraw(id: string): Promise<void> {
    await this.retry(async () => {
      const found = await this.records.getActive(id);
      if (!found || found.value.status !== 'waiting') return;
      await this.records.finish({ ...found.value, status: 'ended', outcome: 'cancelled', endedAt: this.iso() }, found.eTag);
    });
  }

  /** Stores the user's 1-5 rating on a resolved handoff. */
  async rate(id: string, rating: number): Promise<HandoffRecord | undefined> {
    return this.retry(async () => {
      const found = await this.records.getEnded(id);
      if (!found) return undefined;
      const rated = { ...found.value, rating };
      await this.records.replaceEnded(rated, found.eTag);
      return rated;
    });
  }

  /** Clears what a hand-back leaves for the user's next turn: the rating question (answered or ignored) and the fresh start. */
  async clearHandBack(conversationId: string): Promise<void> {
    await this.retry(async () => {
      const snapshot = await this.owners.get(conversationId);
      if (!snapshot.value.ratingFor && !snapshot.value.handedBack) return;
      const { ratingFor: _answered, handedBack: _started, ...rest } = snapshot.value;
      await this.owners.replace(conversationId, snapshot, rest);
    });
  }

  /** Applies an external hub's handoff.status: completed ends the handoff and returns the conversation to the bot. */
  async hubStatus(conversationId: string, state: HubState, message?: string): Promise<HandoffRecord | undefined> {
    let handoffId: string | undefined;
    return this.retry(async () => {
      const snapshot = await this.owners.get(conversationId);
      handoffId = snapshot.value.handoffId ?? handoffId;
      const found = handoffId ? await this.records.getActive(handoffId) : undefined;
      if (!found || found.value.conversationId !== conversationId) return undefined;
      const hub = { state, at: this.iso(), ...(message ? { message: message.slice(0, 500) } : {}) };
      if (state !== 'completed') {
        const updated = { ...found.value, hub };
        await this.records.replaceActive(updated, found.eTag);
        return updated;
      }
      if (snapshot.value.handoffId === handoffId) await this.owners.replace(conversationId, snapshot, { owner: 'bot' });
      const ended: HandoffRecord = { ...found.value, hub, status: 'ended', outcome: 'completed', endedAt: this.iso() };
      await this.records.finish(ended, found.eTag);
      return ended;
    });
  }

  private async end(id: string, technician: TechnicianRef, change: Partial<HandoffRecord>, nextOwner: OwnerRecord, forAnyHolder = false): Promise<HandoffRecord> {
    const ended = await this.retry(async () => {
      const found = await this.openHandoff(id);
      const handoff = found.value;
      if (handoff.status !== 'assigned' || (!forAnyHolder && handoff.assignedTo?.technicianId !== technician.technicianId)) {
        throw notHolderError(handoff);
      }
      const ending: HandoffRecord = { ...handoff, ...stripUndefined(change), status: 'ended', endedAt: this.iso() };
      await this.records.finish(ending, found.eTag);
      return ending;
    });
    // Only the ending that won the record hands the conversation back: of a release and a resolve at
    // once, the loser's owner record (written first, as it was) stayed, and a resolved handoff's user
    // was asked for a rating the bot then did not read as one. A crash before this write leaves a
    // technician owner with an ended handoff, which the handoff guard gives back to the bot.
    await this.retry(async () => {
      const snapshot = await this.owners.get(ended.conversationId);
      if (ended.kind === 'live') {
        if (snapshot.value.handoffId === id || isTechnician(snapshot.value.owner)) {
          await this.owners.replace(ended.conversationId, snapshot, nextOwner);
        }
      } else if (nextOwner.ratingFor && !isTechnician(snapshot.value.owner)) {
        // A follow-up never owned its chat, which may wait for a live ticket now: only the rating question is added.
        await this.owners.replace(ended.conversationId, snapshot, { ...snapshot.value, ratingFor: nextOwner.ratingFor });
      }
    });
    return ended;
  }

  private async openHandoff(id: string) {
    const found = await this.records.getActive(id);
    if (found) return found;
    if (await this.records.getEnded(id)) throw new HandoffError('ended', 'This handoff has already ended.');
    throw new HandoffError('not_found', 'There is no handoff with this id.');
  }

  /** Retries writes that lost an eTag race against an unrelated update (a rating, a hub status). */
  private async retry<T>(work: () => Promise<T>): Promise<T> {
    for (let attempt = 0; ; attempt++) {
      try {
        return await work();
      } catch (error) {
        if (!(error instanceof ConflictError) || attempt >= 3) throw conflictOr(error, 'The handoff kept changing; please try again.');
      }
    }
  }
}

function conflictOr(error: unknown, message: string): unknown {
  return error instanceof ConflictError ? new HandoffError('conflict', message) : error;
}

function stripUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

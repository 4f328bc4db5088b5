import type { Logger } from 'pino';
import type { Availability, Unavailable } from './availability';
import type { HandoffQueue, QueuePlace } from './handoff-queue';
import type { HandoffRecord } from './handoff-record';
import { longWaitMessage, queuedMessage, unavailableWhileWaitingMessage } from './handoff-texts';
import type { NudgeOutcome, OutgoingMessage, UserNotifier } from './ports';

export interface QueueProgressOptions {
  queue: HandoffQueue;
  notifier: UserNotifier;
  logger?: Pick<Logger, 'warn'>;
  intervalMs?: number;
  /** After this long in the queue a user is told once that it takes longer than usual (default 15 minutes). */
  longWaitSeconds?: number;
  /** Whether anyone can pick up a live chat now; read once per pass, only while someone waits. */
  availability?: () => Promise<Availability>;
  now?: () => number;
}

/**
 * Tells waiting users when their place in the queue changes (someone ahead was picked up or
 * left). The last position told is stored per handoff and claimed with an eTag, so with several
 * instances running this job each change is announced once. Each pass reads the queue once and
 * the stored position only of handoffs whose place changed since the last pass. Neither update
 * interrupts a user typing an answer to the bot (a phone number for a callback instead): it
 * waits for a pass after they answered, and is not sent at all if they left the queue meanwhile.
 */
export class QueueProgressJob {
  private timer?: NodeJS.Timeout;
  private running = false;
  /** Handoff id -> the place its user is known to have been told: unchanged places cost no read. */
  private readonly settled = new Map<string, number>();
  /** Handoffs whose long-wait notice is known to be sent (by this or another instance). */
  private readonly apologised = new Set<string>();
  /** Handoff id -> the spell of unavailability its user is known to have been told about. */
  private readonly toldUnavailable = new Map<string, string>();

  constructor(private readonly options: QueueProgressOptions) {}

  start(): this {
    this.timer = setInterval(() => void this.tick(), this.options.intervalMs ?? 5000);
    this.timer.unref();
    return this;
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /**
   * A user still waiting long after they joined (nobody picked anyone up, so their place never
   * changed and no update went out) hears once that it takes longer than usual and that they keep
   * their place; otherwise they would sit with a five-minute estimate that stopped being true.
   */
  private async tellLongWait({ handoff, position, etaSeconds }: QueuePlace): Promise<number> {
    if (this.apologised.has(handoff.id)) return 0;
    if (this.options.queue.waitingSeconds(handoff) < (this.options.longWaitSeconds ?? 15 * 60)) return 0;
    const outcome = await this.nudge(handoff, longWaitMessage(handoff, position, etaSeconds), () => this.options.queue.records.claimLongWaitNotice(handoff.id), 'long-wait notice');
    if (outcome !== 'later') this.apologised.add(handoff.id);
    return outcome === 'sent' ? 1 : 0;
  }

  /**
   * The desk closed, or the last person signed out (lunch), while users wait: each is told once
   * per spell why nobody joins, until when, and what they can do instead of waiting. The long-wait
   * apology ("all busy") would then be untrue, so it is not sent.
   */
  private async tellUnavailable({ handoff, position, etaSeconds }: QueuePlace, unavailable: Unavailable): Promise<number> {
    this.apologised.add(handoff.id);
    const spell = spellOf(unavailable, this.options.now?.() ?? Date.now());
    if (this.toldUnavailable.get(handoff.id) === spell) return 0;
    const outcome = await this.nudge(handoff, unavailableWhileWaitingMessage(handoff, position, etaSeconds, unavailable), () => this.options.queue.records.claimUnavailableNotice(handoff.id, spell), 'unavailable notice');
    if (outcome !== 'later') this.toldUnavailable.set(handoff.id, spell);
    return outcome === 'sent' ? 1 : 0;
  }

  /**
   * notifier.nudge, with a failure logged and reported as 'failed': like a sent one it is not
   * tried again on every pass (a conversation without a stored reference stays without one).
   */
  private async nudge(handoff: HandoffRecord, message: OutgoingMessage, claim: () => Promise<boolean>, what: string): Promise<NudgeOutcome | 'failed'> {
    try {
      return await this.options.notifier.nudge(handoff.conversationId, message, claim);
    } catch (error) {
      this.options.logger?.warn({ handoffId: handoff.id, err: error instanceof Error ? error.message : String(error) }, `${what} not delivered`);
      return 'failed';
    }
  }

  /** One pass; returns how many users were told. */
  async tick(): Promise<number> {
    if (this.running) return 0;
    this.running = true;
    let told = 0;
    try {
      const line = await this.options.queue.waitingLine();
      // Forget handoffs that left the line, so this memory follows the queue's size.
      const waiting = new Set(line.map((p) => p.handoff.id));
      for (const id of this.settled.keys()) if (!waiting.has(id)) this.settled.delete(id);
      for (const id of this.apologised) if (!waiting.has(id)) this.apologised.delete(id);
      for (const id of this.toldUnavailable.keys()) if (!waiting.has(id)) this.toldUnavailable.delete(id);
      const availability = line.length > 0 ? await this.options.availability?.() : undefined;
      for (const place of line) {
        if (availability && !availability.available) told += await this.tellUnavailable(place, availability);
        else told += await this.tellLongWait(place);
        // A place this job already saw told (by itself or another instance) needs no read.
        if (this.settled.get(place.handoff.id) === place.position) continue;
        const { records } = this.options.queue;
        // Read before the nudge, which costs reads of its own: only a place not yet told gets one.
        const last = await records.toldPlace(place.handoff);
        const outcome =
          last.position === place.position
            ? 'taken'
            : await this.nudge(place.handoff, queuedMessage(place.handoff, place.position, place.etaSeconds, true), () => records.claimNotification(place.handoff, place.position, last), 'queue update');
        if (outcome === 'later') continue;
        this.settled.set(place.handoff.id, place.position);
        if (outcome === 'sent') told++;
      }
    } catch (error) {
      this.options.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'queue update pass failed');
    } finally {
      this.running = false;
    }
    return told;
  }
}

/**
 * One spell of unavailability, told about once: a closing by the opening it lasts until, an
 * absence by its day (technicians who come back from lunch and leave again in the evening are
 * a second absence).
 */
function spellOf(a: Unavailable, now: number): string {
  return a.reason === 'closed' ? `closed/${a.opensAgain ?? ''}` : `nobody/${new Date(now).toISOString().slice(0, 10)}`;
}

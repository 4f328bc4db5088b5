import type { Logger } from 'pino';
import type { HandoffAuditLog } from './audit-log';
import type { HandoffLifecycle } from './handoff-lifecycle';
import type { HandoffQueue } from './handoff-queue';
import type { HandoffRecord, TechnicianRef } from './handoff-record';
import { steppedAwayMessage } from './handoff-texts';
import type { HandoffMessageLog } from './message-log';
import type { UserNotifier } from './ports';
import { schedule } from '../schedule';
import { SIGN_BACK_IN_GRACE_SECONDS, type TechnicianSessions } from './technician-sessions';

export interface AbandonedHandoffsOptions {
  queue: HandoffQueue;
  lifecycle: HandoffLifecycle;
  sessions: Pick<TechnicianSessions, 'signedIn'>;
  log: HandoffMessageLog;
  audit: HandoffAuditLog;
  notifier: Pick<UserNotifier, 'send'>;
  logger?: Pick<Logger, 'warn' | 'info'>;
  intervalMs?: number;
}

/** What the technician who claims a handoff put back in the queue reads in its chat. */
export const requeuedNote = (name: string) => `${name}'s session ended with this chat open, so it went back to the queue. The user was told another technician will pick up where they left off.`;

/**
 * Live chats whose technician has no session left (it expired, or they signed out everywhere) go
 * back to the queue, so their users are not left writing to nobody and a colleague can claim them.
 * A technician signed in on another device keeps theirs, and so does one whose session expired
 * less than SIGN_BACK_IN_GRACE_SECONDS ago, who may be signing straight back in; one who signed
 * out chose to leave, and has none. Runs on a timer, so it happens with nobody at the console,
 * and at sign-out. Several passes at once (instances, a sign-out beside the timer) are safe: each
 * handoff goes back by one conditional write, and only its writer tells the user, leaves the note
 * and audits it.
 */
export class AbandonedHandoffs {
  private job?: { stop(): void };

  constructor(private readonly options: AbandonedHandoffsOptions) {}

  start(): this {
    this.job = schedule(() => this.sweep(), {
      everyMs: this.options.intervalMs ?? 30_000,
      onError: (error) => this.options.logger?.warn({ err: error instanceof Error ? error.message : String(error) }, 'abandoned handoff sweep failed'),
    });
    return this;
  }

  stop(): void {
    this.job?.stop();
    this.job = undefined;
  }

  /**
   * Puts back each live handoff held by a technician without a session; returns those it put back.
   * `signedOut`: the technician who just signed out, whose expired sessions get no grace.
   */
  async sweep(signedOut?: string): Promise<HandoffRecord[]> {
    const { queue, sessions } = this.options;
    const held = (await queue.records.listActive()).filter((h) => h.kind === 'live' && h.status === 'assigned' && h.assignedTo);
    if (held.length === 0) return [];
    const present = await sessions.signedIn(SIGN_BACK_IN_GRACE_SECONDS);
    const live = signedOut ? await sessions.signedIn() : present;
    const requeued: HandoffRecord[] = [];
    for (const handoff of held) {
      const technician = handoff.assignedTo as TechnicianRef;
      if ((technician.technicianId === signedOut ? live : present).has(technician.technicianId)) continue;
      try {
        const back = await this.options.lifecycle.requeue(handoff.id, technician);
        if (back) requeued.push(await this.announce(back, technician));
      } catch (error) {
        this.options.logger?.warn({ handoffId: handoff.id, err: error instanceof Error ? error.message : String(error) }, 'could not put an abandoned handoff back in the queue');
      }
    }
    return requeued;
  }

  private async announce(handoff: HandoffRecord, technician: TechnicianRef): Promise<HandoffRecord> {
    const { log, audit, notifier, logger } = this.options;
    logger?.info({ handoffId: handoff.id, technicianId: technician.technicianId }, "handoff back in the queue: its technician's session ended");
    await audit.record({ handoffId: handoff.id, action: 'requeue', technician });
    await log.append(handoff, requeuedNote(technician.name), 'system');
    try {
      await notifier.send(handoff.conversationId, steppedAwayMessage(handoff, technician.name));
    } catch (error) {
      logger?.warn({ handoffId: handoff.id, err: error instanceof Error ? error.message : String(error) }, 'could not tell the user their technician stepped away');
    }
    return handoff;
  }
}

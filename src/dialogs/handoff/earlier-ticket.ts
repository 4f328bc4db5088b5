import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../logging';
import type { HandoffLifecycle } from '../../services/handoff/handoff-lifecycle';
import type { HandoffQueue } from '../../services/handoff/handoff-queue';
import type { HandoffRecord } from '../../services/handoff/handoff-record';
import { movedHereMessage, takenElsewhereMessage } from '../../services/handoff/handoff-texts';
import type { HandoffMessageLog } from '../../services/handoff/message-log';
import type { OutgoingMessage } from '../../services/handoff/ports';
import { sendInTurn } from './bot-notifier';

/** A live ticket the user opened in an earlier chat: now moved to this one, or taken by a technician there. */
export interface EarlierTicket {
  state: 'moved' | 'taken';
  handoff: HandoffRecord;
}

export interface EarlierTicketDeps {
  queue: HandoffQueue;
  lifecycle: HandoffLifecycle;
  log: HandoffMessageLog;
  logger: Logger;
  /** The user's open handoffs (read once per turn). */
  openTickets: (context: TurnContext) => Promise<HandoffRecord[]>;
  /** Remembers in the conversation's state that a handoff was started here, so later turns read the owner record. */
  markStarted: (context: TurnContext) => Promise<void>;
  isRecordingOff: (context: TurnContext) => Promise<boolean>;
  /** Whether the technician was already told the user now writes from this chat (once per chat and ticket). */
  toldTechnician: (context: TurnContext, handoffId: string) => Promise<boolean>;
  /** A waiting ticket moved to this chat: an agent hub is told where the user is now (sendHandoffInitiation). */
  onMoved?: (context: TurnContext, handoff: HandoffRecord) => Promise<void>;
}

/** `leaving`: the user is taking the ticket out of the live queue ("stop waiting", "call me back instead"), so it moves here only to end. */
export type FindEarlierTicket = (context: TurnContext, options?: { leaving?: boolean }) => Promise<EarlierTicket | undefined>;

/**
 * Finds the user's live ticket from an earlier chat (they queued, closed the chat and opened a new
 * one) for a conversation that has none of its own. A waiting one moves here with its place, so
 * the technician who claims it writes where the user is; one a technician holds stays, and that
 * technician is told (in the console's chat) that the user may no longer see it.
 */
export function earlierTicketFinder(deps: EarlierTicketDeps): FindEarlierTicket {
  return async (context, options = {}) => {
    const here = context.activity.conversation.id;
    // Queued in several chats: the oldest ticket, which has the best place. Only one comes: a chat
    // links one handoff (design rule 2: its owner record names one), or a technician claiming a
    // second would find the chat already owned. The next follows once this one is over and the
    // user asks again.
    const live = (await deps.openTickets(context)).filter((h) => h.kind === 'live' && h.conversationId !== here).sort((a, b) => a.createdAt.localeCompare(b.createdAt))[0];
    if (!live) return undefined;
    let taken = live;
    if (live.status === 'waiting') {
      // Before the owner link is written: from the next turn on the guard reads it.
      await deps.markStarted(context);
      const result = await deps.lifecycle.moveWaiting(live.id, here, { recordingOff: await deps.isRecordingOff(context) });
      if (result.state === 'none') return undefined;
      if (result.state === 'moved') {
        deps.logger.info({ handoffId: live.id, from: live.conversationId, to: here }, 'waiting handoff moved to the user\'s new conversation');
        // Moved only to be cancelled, or turned into a follow-up: a hub told it waits here would take up an ended ticket.
        if (!options.leaving) await deps.onMoved?.(context, result.handoff);
        return { state: 'moved', handoff: result.handoff };
      }
      taken = result.handoff;
    }
    if (taken.status === 'assigned' && !(await deps.toldTechnician(context, taken.id))) {
      await deps.log.append(taken, 'The user has written from a new chat and may no longer see this one. If they do not answer, release the handoff; they can then ask for a technician again.', 'system');
    }
    return { state: 'taken', handoff: taken };
  };
}

/**
 * Tells the user where the ticket from their earlier chat stands. A moved one claimed in the
 * instant since needs no words: the technician's arrival is announced in this chat.
 */
export async function tellEarlierTicket(context: TurnContext, queue: HandoffQueue, found: EarlierTicket, greeting?: string): Promise<void> {
  const greeted = (reply: OutgoingMessage): OutgoingMessage => (greeting ? { ...reply, text: `${greeting} ${reply.text}` } : reply);
  if (found.state === 'taken') return sendInTurn(context, greeted(takenElsewhereMessage(found.handoff)));
  const place = await queue.placeOf(found.handoff.id);
  if (place) await sendInTurn(context, greeted(movedHereMessage(place.handoff, place.position, place.etaSeconds, queue.waitingSeconds(place.handoff))));
}

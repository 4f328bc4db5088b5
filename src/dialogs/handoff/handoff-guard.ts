import type { TurnContext } from 'botbuilder';
import type { Logger } from '../../logging';
import { isTechnician, type HandoffRecord } from '../../services/handoff/handoff-record';
import type { HandoffLifecycle } from '../../services/handoff/handoff-lifecycle';
import type { HandoffQueue } from '../../services/handoff/handoff-queue';
import {
  acknowledgesTheWait,
  alreadyQueuedMessage,
  asksAboutFollowUp,
  asksAboutTheWait,
  asksForTicketNumber,
  awayWhileQueuedMessage,
  cancelledMessage,
  cancelsFollowUp,
  cancelsMyRequest,
  refusesTheCall,
  cancelsWithoutNaming,
  noCallArrangedMessage,
  saysItIsFixed,
  followUpAsked,
  givesContact,
  followUpCancelledMessage,
  followUpStatusMessage,
  followUpWasCancelledMessage,
  isStopWaiting,
  leavesTheQueue,
  namesWhoIsAwaited,
  notWaitingMessage,
  noTicketNumberMessage,
  nothingToStopMessage,
  parseRating,
  preferredTimeNotedMessage,
  ticketNoteNotKeptMessage,
  refusesFollowUp,
  reasonWithHazard,
  reasonWithScam,
  scamFirstSteps,
  SECURITY_FIRST_STEPS,
  isSecurityReport,
  staffOf,
  thanksForRating,
  ticketNoteAddedMessage,
  ticketNotYetOpenMessage,
} from '../../services/handoff/handoff-texts';
import { noteForTicket, preferredCallTime, type TicketAddition } from '../../services/handoff/ticket-additions';
import type { OutgoingMessage } from '../../services/handoff/ports';
import { askAgainAfterGuard } from '../../bots/helpline-bot';
import { unavailableNow, type Availability } from '../../services/handoff/availability';
import type { HandoffMessageLog } from '../../services/handoff/message-log';
import type { TranscriptPort } from '../../services/handoff/ports';
import { ConflictError } from '../../services/storage/store';
import type { TurnGuard } from '../../bots/helpline-bot';
import { namesAFault, WHAT_NEXT } from '../../services/nlu/router';
import { isQuestion } from '../../services/nlu/question';
import { DETAIL_MAX_WORDS, NAMES_IT } from '../troubleshoot/change-of-subject';
import { getClassification, isSure, routableText, setClassification } from '../classification';
import { hazardIn } from '../../services/nlu/damage';
import { DAMAGE_ADVICE } from '../shared/damage-advice';
import { scamPartsIn } from '../../services/nlu/scam';
import { message } from '../wire';
import { ARE_YOU_THERE, comesBack, greetsOnly, leavesForNow, pausesChat } from '../small-talk';
import { markInQueue } from '../shared/in-queue';
import { KEEP_TRYING, markKeepGoing } from '../shared/keep-going';
import { mendSlips } from '../../services/nlu/spelling';
import { sendInTurn } from './bot-notifier';
import { tellEarlierTicket, type FindEarlierTicket } from './earlier-ticket';
import { ownerForTurn } from './turn-owner';
import { REVOCATION_TURN_KEY, type RevocationMark } from '../privacy/remote-access-dialog';
import { liveOptOuts } from '../rights/live-opt-out';
import { echoText, REDACTION_TURN_KEY, type RedactionTurnInfo } from '../../bots/middleware/redaction';

export interface HandoffGuardDeps {
  /** False when no handoff was ever started in the conversation (then the owner record is not read). */
  mayHaveOwner?: (context: TurnContext) => Promise<boolean>;
  queue: HandoffQueue;
  lifecycle: HandoffLifecycle;
  log: HandoffMessageLog;
  isRecordingOff: (context: TurnContext) => Promise<boolean>;
  /** Set only when no transcript middleware records the user's messages already. */
  transcript?: TranscriptPort;
  logger: Logger;
  now?: () => number;
  /** The callback or email ticket this conversation opened and that still waits, if any. */
  openFollowUp?: (context: TurnContext) => Promise<HandoffRecord | undefined>;
  /** The callback or email ticket opened in this very conversation (ConversationData.followUpId), if it still waits: none from earlier chats. */
  followUpOpenedHere?: (context: TurnContext) => Promise<HandoffRecord | undefined>;
  /** The user's live ticket from an earlier chat, moved here if it still waits (earlierTicketFinder). */
  earlierTicket?: FindEarlierTicket;
  /** Whether the user may have a live ticket in another chat, found without reading the queue: a hello from a new chat is then told its place. */
  mayHaveTicketElsewhere?: (context: TurnContext) => Promise<boolean>;
  /** config.policy.paymentPageUrl: where the redaction echo points card payments (P3). */
  paymentPageUrl: string;
  /** Drops the conversation's dialog stack, so the dialogs start afresh this turn. */
  endDialogs?: (context: TurnContext) => Promise<void>;
  /** Whether the user is giving the number or address to turn their live ticket into a follow-up (read from the loaded dialog state). */
  switchingFromLive?: (context: TurnContext) => Promise<boolean>;
  /** Whether the bot asks nothing (no dialog under way), from the loaded dialog state: then a question about a wait the user no longer has is answered here. */
  nothingAsked?: (context: TurnContext) => Promise<boolean>;
  /** Whether anyone can pick up a live chat now: "how long?" while nobody can is told why, not an estimate. */
  availability?: () => Promise<Availability>;
  /** Whether the user is giving the details for a handoff (from the loaded dialog state): no ticket yet, but one is coming. */
  handoffUnderway?: (context: TurnContext) => Promise<boolean>;
  /** Masks personal data in what the user adds to a ticket, as the ticket's summary is stored (P10); secrets are gone already. */
  redact: (text: string) => string;
  /** The user's newest callback or email ticket if it ended cancelled: "is my callback still on" is told so, not offered another. */
  lastCancelledFollowUp?: (context: TurnContext) => Promise<HandoffRecord | undefined>;
  /** Whether the user left a guide unfinished in an earlier chat, which the dialogs offer to continue (TroubleshootDialog.pendingFlow). */
  unfinishedGuide?: (context: TurnContext) => Promise<boolean>;
  /** The business time zone, in which the user is told when that ticket was cancelled. */
  timeZone?: string;
  /** Whether this conversation keeps the guide's step at which case `caseId`'s ticket was asked for (TroubleshootDialog.queuedAtStep). */
  queuedAtStep?: (context: TurnContext, caseId: string) => Promise<boolean>;
  /** Something was added to an open ticket: the Teams channel and an agent hub are told (they heard only of its opening). */
  onAdded?: (context: TurnContext, ticket: HandoffRecord, addition: TicketAddition) => Promise<void>;
}

/**
 * The turn guard of the handoff (design rule 2, protocol.md). While a technician owns the
 * conversation, the user's message goes to the handoff's message log and the bot says nothing.
 * While the user waits, "stop waiting" or "cancel" ends their ticket and "how long?" is told their
 * place in the queue (while they give the number for a call back instead, the handoff dialog
 * reads these: "cancel" there takes back the call back). Right after a resolve, a 1-5 reply is the rating. Anything else is the
 * dialogs' turn.
 */
export function createHandoffGuard(deps: HandoffGuardDeps): TurnGuard {
  const relay = async (context: TurnContext, handoff: HandoffRecord): Promise<boolean> => {
    const recordingOff = handoff.recordingOff || (await deps.isRecordingOff(context));
    // Recording turned off after the handoff opened ("don't record this chat" now or while waiting):
    // the handoff says so from now on, so its live chat is deleted when it ends (P8).
    if (recordingOff && !handoff.recordingOff) await deps.lifecycle.recordingOff(handoff.conversationId);
    const text = (context.activity.text ?? '').trim();
    const attachments = context.activity.attachments?.length ?? 0;
    if (text) {
      await deps.log.append({ ...handoff, recordingOff }, text);
      if (!recordingOff && deps.transcript) {
        await deps.transcript.append(handoff.conversationId, { from: 'user', text, timestamp: new Date((deps.now ?? Date.now)()).toISOString() });
      }
    }
    const redaction = context.turnState.get(REDACTION_TURN_KEY) as RedactionTurnInfo | undefined;
    if (redaction && !redaction.echo) {
      // The redaction middleware stays silent while a technician owns the chat; the user must still hear
      // that the secret was removed, and never reached the technician (P3, P10): a handoff status.
      const text = `${echoText(redaction.types, deps.paymentPageUrl)} Only "[removed]" reached ${handoff.assignedTo?.name ?? staffOf(handoff.team).the}.`;
      await context.sendActivity(message(text, { redacted: redaction.types, handoff: { state: 'assigned', ticketId: handoff.id } }));
    }
    const revocation = context.turnState.get(REVOCATION_TURN_KEY) as RevocationMark | undefined;
    if (revocation?.revoked && !revocation.confirmed) {
      // The privacy feature recorded the withdrawal; while a technician owns the conversation the confirmation is a handoff status.
      await sendInTurn(context, { text: `Remote access is now off, and ${staffOf(handoff.team).the} has been told to end the remote session.`, handoff: { state: 'assigned', ticketId: handoff.id } });
      revocation.confirmed = true;
    }
    for (const optOut of liveOptOuts(context)) {
      // Applied (with its receipt) before the relay (live-opt-out.ts): confirmed as a handoff status, and noted for the technician.
      await context.sendActivity(message(optOut.text, { request: optOut.request, handoff: { state: 'assigned', ticketId: handoff.id } }));
      await deps.log.append({ ...handoff, recordingOff }, optOut.note, 'system');
    }
    if (attachments > 0) {
      // A handoff status, which the protocol allows while a technician owns the conversation.
      await sendInTurn(context, {
        text: `Files can't be passed on to ${staffOf(handoff.team).the} in this chat; please describe what they show instead.`,
        handoff: { state: 'assigned', ticketId: handoff.id },
      });
    }
    return true;
  };

  /**
   * "Please call after 3pm" or "can you add that the tv clicks" while a callback or email ticket
   * waits: kept on the ticket for whoever picks it up, and confirmed. Undefined (the dialogs' turn)
   * for anything else, or with no such ticket open.
   */
  const addToFollowUp = async (context: TurnContext, said: string): Promise<OutgoingMessage | undefined> => {
    const asked = noteForTicket(said);
    const wish = asked ? undefined : preferredCallTime(said);
    // "its a dell xps" right after the ticket opened in this chat: a detail for whoever picks it up, as
    // "can you add that ..." is. Read as a new problem (or a goodbye), it was lost.
    const detail = asked || wish ? undefined : await detailForTicketHere(context, said);
    const note = asked ?? detail?.said;
    if (!note && !wish) return undefined;
    // A bare "tomorrow morning" may answer what the bot asked; one said of the call is the call's whatever was asked.
    if (wish && !wish.namesTheCall && !(await deps.nothingAsked?.(context))) return undefined;
    const ticket = detail?.ticket ?? (await deps.openFollowUp?.(context));
    if (!ticket) return undefined;
    // P8: with recording off only a minimal case record is kept, no message text; a note is message text.
    if (note && (await deps.isRecordingOff(context))) return ticketNoteNotKeptMessage(ticket);
    if (note) {
      const masked = deps.redact(note);
      const added = await deps.queue.addToSummary(ticket.id, `the user adds: ${masked}`);
      if (added) await deps.onAdded?.(context, added, { kind: 'note', text: masked });
      return added && ticketNoteAddedMessage(added, note);
    }
    if (!wish || ticket.kind !== 'callback') return undefined;
    const time = deps.redact(wish.time);
    const kept = await deps.queue.setPreferredTime(ticket.id, time);
    if (kept) await deps.onAdded?.(context, kept, { kind: 'preferredTime', text: time });
    return kept && preferredTimeNotedMessage(kept, wish.time);
  };

  /** The make or model of the ticket's device, told with nothing asked in the chat its ticket opened in ("its a dell xps"). */
  const detailForTicketHere = async (context: TurnContext, said: string): Promise<{ said: string; ticket: HandoffRecord } | undefined> => {
    const text = said.trim();
    if (!NAMES_IT.test(text) || text.split(/\s+/).length > DETAIL_MAX_WORDS || isQuestion(text) || namesAFault(text)) return undefined;
    const device = getClassification(context)?.device ?? 'none';
    if (!(await deps.nothingAsked?.(context))) return undefined;
    const ticket = await deps.followUpOpenedHere?.(context);
    return ticket && (device === 'none' || device === ticket.device) ? { said: text.replace(/[\s.!]+$/, ''), ticket } : undefined;
  };

  return async (context) => {
    const conversationId = context.activity.conversation.id;
    const { snapshot } = await ownerForTurn(context, deps.queue.owners, deps.mayHaveOwner);
    const owner = snapshot.value;

    if (isTechnician(owner.owner)) {
      const handoff = owner.handoffId ? await deps.queue.linked(owner.handoffId, conversationId) : undefined;
      if (handoff?.status === 'assigned') return relay(context, handoff);
      // An owner record whose handoff is gone (ended by a path that crashed half-way, or moved to
      // the user's newer chat while a losing claim restored this record): the bot takes over again.
      deps.logger.warn({ conversation: conversationId }, 'technician owner without an open handoff; returning the conversation to the bot');
      await deps.queue.owners.replace(conversationId, snapshot, { owner: 'bot' }).catch((e: unknown) => {
        if (!(e instanceof ConflictError)) throw e;
      });
      return false;
    }

    if (owner.ratingFor || owner.handedBack) {
      await deps.lifecycle.clearHandBack(conversationId);
      // The technician's "I'm back: what else can I help with?" (or the rating question) came after
      // whatever the bot had asked before the technician joined: that question is over, not re-answered.
      if (owner.handedBack) await deps.endDialogs?.(context);
    }
    if (owner.ratingFor) {
      const rating = parseRating(context.activity.text);
      if (rating === undefined) return false;
      await deps.lifecycle.rate(owner.ratingFor, rating);
      await context.sendActivity(message(thanksForRating(rating)));
      return true;
    }

    // "actually let me try again first" while waiting for the technician asked for at a guide's step:
    // the ticket is withdrawn and the guide goes on from that step (TroubleshootDialog.keepsGoing).
    if (owner.handoffId && KEEP_TRYING.test(context.activity.text ?? '') && (await deps.nothingAsked?.(context))) {
      const place = await deps.queue.placeOf(owner.handoffId);
      const caseId = place?.handoff.conversationId === conversationId ? place.handoff.caseId : undefined;
      if (caseId && (await deps.queuedAtStep?.(context, caseId))) {
        const result = await deps.lifecycle.cancel(conversationId);
        if (result.state === 'cancelled') {
          await sendInTurn(context, { text: "I've taken you out of the queue.", handoff: { state: 'ended', ticketId: result.handoff.id } });
          markKeepGoing(context, caseId);
          return false;
        }
      }
    }

    // "are you still there?" while waiting is about the wait too: "Yes, I'm here" alone would not say whether they still are in the queue.
    const said = (context.activity.text ?? '').trim();
    // A bare "??" with nothing asked is the same question from a user who waits; at a question it is about that question.
    const stillThere = ARE_YOU_THERE.test(said) || (owner.handoffId !== undefined && /^\?+$/.test(said) && (await deps.nothingAsked?.(context)) === true);
    // "i'm back" after a break: whether the place is still theirs is what they want to hear.
    const back = owner.handoffId !== undefined && comesBack(context.activity.text ?? '');
    // "hello", "good morning": no return from anywhere, but a user who wonders whether anyone is still there.
    const hello = owner.handoffId !== undefined && greetsOnly(said);
    const text = mendTicketWords(context.activity.text);
    const aboutTheWait = asksAboutTheWait(text);
    const askedNumber = asksForTicketNumber(text);
    const afterTicket = asksAboutFollowUp(text);
    const stops = owner.handoffId !== undefined && wantsToStopWaiting(context);
    if (owner.handoffId && (stops || stillThere || aboutTheWait || askedNumber || afterTicket) && (await deps.switchingFromLive?.(context))) return false;

    if (stops) {
      const result = await deps.lifecycle.cancel(conversationId);
      if (result.state === 'cancelled') {
        await sendInTurn(context, cancelledMessage(result.handoff));
        // Only the queue is left: a troubleshooting step run while waiting is still open.
        askAgainAfterGuard(context);
        return true;
      }
      if (result.state === 'technician') {
        const now = await deps.queue.activeFor(conversationId);
        if (now?.status === 'assigned') return relay(context, now);
      }
    }

    // The answers to questions about a ticket below leave whatever the bot asked open (a troubleshooting
    // step run while waiting, the name for a handoff): it is asked again after them.
    const answer = async (reply: OutgoingMessage) => {
      await sendInTurn(context, reply);
      askAgainAfterGuard(context);
      return true;
    };

    // "it just started smoking" or "they want to connect to my computer" while a ticket waits, in the
    // live queue or for a call back or email: the advice can't wait for a technician, and the ticket
    // goes ahead of the queue naming what was told, so whoever picks up next knows before reading on.
    const typed = routableText(context.activity.text);
    const security = getClassification(context)?.security === true;
    // "i gave them my card number" is no security report to the router: it is one only on a security report's ticket.
    const cardGiven = !security && scamPartsIn(typed).includes('payment');
    const mayBeUrgent = security || cardGiven || hazardIn(typed) !== undefined;
    // A handoff under way reads it at its own questions (HandoffDialog.hazardTold, scamTold); the billing team can't check a device.
    const waitingFollowUp = mayBeUrgent && !owner.handoffId && !(await deps.handoffUnderway?.(context)) ? await deps.openFollowUp?.(context) : undefined;
    const waiting = owner.handoffId ?? (waitingFollowUp && (waitingFollowUp.team ?? 'technicians') === 'technicians' ? waitingFollowUp.id : undefined);
    const ticket = mayBeUrgent && waiting !== undefined ? (waitingFollowUp ?? (await deps.queue.get(waiting))) : undefined;
    const onReport = cardGiven && isSecurityReport(ticket?.reason);
    const urgent = mayBeUrgent ? urgentIn(typed, security, onReport) : undefined;
    if (urgent && waiting) {
      // P8: with recording off the words are not kept, but what was told still is. "also tell them it
      // smells burnt" is a note too: the words it asks to add.
      const masked = (await deps.isRecordingOff(context)) ? undefined : deps.redact(noteForTicket(said) ?? urgent.text);
      const raised = await deps.queue.raiseUrgent(waiting, urgent.reasonFor, masked && `the user adds: ${masked}`);
      // A second urgent message on a ticket already urgent ("i gave them my card number" on a scam's report) changes no priority.
      const lead =
        ticket?.priority === 'high'
          ? `${urgent.advice} The technicians already have your ticket as urgent, and I've added what you told me.`
          : `${urgent.advice} I've marked your ticket urgent and told the technicians.`;
      const place = raised?.kind === 'live' && raised.conversationId === conversationId ? await deps.queue.placeOf(raised.id) : undefined;
      const told = raised && { kind: 'note' as const, text: masked ? `${raised.reason}: ${masked}` : raised.reason };
      if (place && told) {
        await deps.onAdded?.(context, place.handoff, told);
        return answer(alreadyQueuedMessage(place.handoff, place.position, place.etaSeconds, { lead, unavailable: await unavailableNow(deps.availability) }));
      }
      if (raised && told && raised.kind !== 'live') {
        await deps.onAdded?.(context, raised, told);
        const status = followUpStatusMessage(raised, await deps.availability?.());
        return answer({ ...status, text: `${lead} ${status.text}` });
      }
    }

    // "ok thanks" with nothing asked: not a goodbye (the user waits on), nor a request to read.
    // A bare "no" too: after 'Say "stop waiting" if you'd rather leave it' it says they stay.
    const acknowledged = owner.handoffId && !stops && (acknowledgesTheWait(text) ?? (ONLY_NO.test((text ?? '').trim()) ? 'ok' : undefined));
    const acknowledges = acknowledged && (await deps.nothingAsked?.(context)) ? acknowledged : undefined;
    // "brb", "bye", "gotta go" while waiting: the ticket stays (they may only step away), and they hear so.
    // With a question open (a troubleshooting step) it stays open: the dialogs' pause says the place is kept.
    const away = owner.handoffId && !stops && !acknowledged ? awayFrom(context, text) : undefined;
    if (owner.handoffId && away) {
      const place = await deps.queue.placeOf(owner.handoffId);
      if (place?.handoff.conversationId === conversationId) {
        if (!(await deps.nothingAsked?.(context))) {
          markInQueue(context);
          return false;
        }
        await sendInTurn(context, awayWhileQueuedMessage(place.handoff, place.position, place.etaSeconds, away));
        return true;
      }
    }
    // "did anyone look at my refund request" while waiting: the ticket asked after is the one in the queue.
    if (owner.handoffId && (stillThere || back || hello || aboutTheWait || askedNumber || afterTicket || acknowledges)) {
      const place = await deps.queue.placeOf(owner.handoffId);
      if (place?.handoff.conversationId === conversationId) {
        const waitedSeconds = deps.queue.waitingSeconds(place.handoff);
        const unavailable = await unavailableNow(deps.availability);
        const lead = stillThere
          ? "Yes, I'm here."
          : hello
            ? "Hello, I'm still here."
            : back
            ? 'Welcome back!'
            : askedNumber
              ? `Your ticket number is ${place.handoff.id}.`
              : acknowledges === 'thanks'
                ? "You're welcome."
                : acknowledges === 'ok'
                  ? 'OK.'
                  : undefined;
        return answer(alreadyQueuedMessage(place.handoff, place.position, place.etaSeconds, { waitedSeconds, unavailable, ...(lead ? { lead } : {}) }));
      }
    }

    // "still waiting for the technician" in a new chat, the one they queued in closed: the ticket
    // is looked for only on such a question (no read on ordinary turns) and comes here. "Stop
    // waiting" there moves it here to end it; a bare "cancel" in a new chat is about something else.
    const leaves = !owner.handoffId && leavesTheQueue(text);
    // "hello" there too: a user who wonders whether anyone still comes. Looked for only after a count
    // of the user's tickets (mayHaveTicketElsewhere), so a hello costs no read of the queue.
    // One count of the user's tickets of any kind: a waiting callback or email ticket is told below.
    const greets =
      !owner.handoffId && greetsOnly(said) && (await deps.nothingAsked?.(context)) === true && (await deps.mayHaveTicketElsewhere?.(context)) === true;
    if (aboutTheWait || askedNumber || leaves || greets) {
      const earlier = await deps.earlierTicket?.(context, { leaving: leaves });
      if (earlier?.state === 'moved' && leaves) {
        const result = await deps.lifecycle.cancel(conversationId);
        // Claimed in the instant since: the technician's arrival is announced in this chat.
        if (result.state === 'cancelled') await sendInTurn(context, cancelledMessage(result.handoff));
        return true;
      }
      if (earlier) {
        await tellEarlierTicket(context, deps.queue, earlier, greets ? 'Hello!' : undefined);
        return true;
      }
    }

    // "hi" in a new chat while a callback or email ticket waits: where it stands is the first thing
    // they'd ask. Looked for only after a count of the user's tickets, as for the live one above.
    if (greets) {
      const waiting = await deps.openFollowUp?.(context);
      if (waiting) return answer(followUpStatusMessage(waiting, await deps.availability?.(), undefined, 'Hello!'));
    }

    const added = !owner.handoffId && !(aboutTheWait || askedNumber || afterTicket) ? await addToFollowUp(context, said) : undefined;
    if (added) return answer(added);

    // A callback or email ticket has no place in the live queue: the user can ask after it or cancel it.
    // Only a message naming it ends one: a bare "cancel" is more likely about the flow under way.
    // "cancel my request" at a question of the chat's own (a deletion request's code) is about that request.
    const cancels = cancelsFollowUp(text) && !(cancelsMyRequest(text) && (await deps.nothingAsked?.(context)) === false);
    const aboutIt = cancels || aboutTheWait || askedNumber || afterTicket;
    const followUp = aboutIt ? await deps.openFollowUp?.(context) : undefined;
    if (followUp && cancels) {
      await deps.lifecycle.withdraw(followUp.id);
      await sendInTurn(context, followUpCancelledMessage(followUp));
      return true;
    }
    if (followUp) return answer(followUpStatusMessage(followUp, await deps.availability?.()));
    // "stop calling me, i fixed it myself" with a callback ticket open: the call awaited is the one
    // refused. It turned off marketing calls and texts instead, and the technician still called.
    const callback = !cancels && refusesTheCall(text) ? await deps.openFollowUp?.(context) : undefined;
    if (callback?.kind === 'callback') {
      await deps.lifecycle.withdraw(callback.id);
      await sendInTurn(context, followUpCancelledMessage(callback));
      return true;
    }
    // "please dont call me, i fixed it myself" with no callback waiting, or "no dont call" once it was
    // cancelled: nobody is to call, and that is the answer. The router read the first as the phone's
    // calls guide and the second as turning off marketing calls nobody named. A plain "stop calling
    // me" from a user who never had a callback stays the marketing opt-out it documents.
    if (!callback && !owner.handoffId && refusesTheCall(text) && (await deps.nothingAsked?.(context))) {
      const cancelled = await deps.lastCancelledFollowUp?.(context);
      if (cancelled || saysItIsFixed(text)) return answer(noCallArrangedMessage(cancelled, saysItIsFixed(text)));
    }
    // "cancel it" right after the bot opened a callback or email ticket in this chat, with nothing else
    // under way: the ticket is all there is to cancel (the main dialog would say nothing is in progress),
    // so it ends as "cancel my callback" ends it. One from an earlier chat not spoken of here needs the words naming it.
    if (cancelsWithoutNaming(text) && (await deps.nothingAsked?.(context))) {
      const here = await deps.followUpOpenedHere?.(context);
      if (here) {
        await deps.lifecycle.withdraw(here.id);
        await sendInTurn(context, followUpCancelledMessage(here));
        return true;
      }
    }
    // "email me" or "call me back" alone, which the router may read as nothing it serves: with a callback
    // or email ticket open it says how the user wants to be reached on it, as "email me instead" does.
    // The handoff dialog then switches the ticket (the address on file offered after the contact notice)
    // or, of the kind asked already, says it stands.
    const wants = !owner.handoffId && !aboutIt ? followUpAsked(text) : undefined;
    const classification = getClassification(context);
    if (wants && classification && classification.intent !== 'human' && !refusesFollowUp(wants, text ?? '') && (await deps.nothingAsked?.(context)) && (await deps.openFollowUp?.(context))) {
      setClassification(context, { ...classification, intent: 'human', confidence: 1, ambiguous: false });
      return false;
    }
    // "call me tomorrow at 9am on 718 555 0142": a call back asked for with the number to call on is
    // a request for a person, at a guide's step too. The router read it as nothing it serves, and the
    // step as a wrong pick ("Please pick one of the options").
    if (wants === 'callback' && classification && classification.intent !== 'human' && givesContact('callback', text ?? '') && !refusesFollowUp(wants, text ?? '')) {
      setClassification(context, { ...classification, intent: 'human', confidence: 1, ambiguous: false });
      return false;
    }
    // No ticket anywhere (left the queue, or never in it): the router would read "how long?" or "stop
    // waiting" as anything at all. Only with nothing asked: inside a flow the words are the flow's,
    // unless they name the person or ticket awaited ("is a technician coming?" at a step).
    // "What happens now?" asked alone is what to do next, which the router answers.
    const asksAfterTicket = !owner.handoffId && (askedNumber || (aboutIt && NAMES_A_TICKET.test(text ?? '')));
    const stopsNothing = leavesTheQueue(text);
    const waitAsked = aboutTheWait && !WHAT_NEXT.test(text ?? '');
    if (!(asksAfterTicket || stopsNothing || waitAsked)) return false;
    const namesAwaited = waitAsked && !owner.handoffId && namesWhoIsAwaited(text);
    if (!asksAfterTicket && !namesAwaited && !(await deps.nothingAsked?.(context))) return false;
    if (!stopsNothing && (await deps.handoffUnderway?.(context))) return answer(ticketNotYetOpenMessage());
    // No ticket, so no team to name: both are offered, since who calls back follows from what the user asks (staffOf).
    if (askedNumber && asksAfterTicket) return answer(noTicketNumberMessage());
    if (asksAfterTicket) {
      const cancelled = await deps.lastCancelledFollowUp?.(context);
      if (cancelled) return answer(followUpWasCancelledMessage(cancelled, deps.timeZone ?? 'UTC'));
      // "any update on my case?" after a guide left half-way: that guide is where things stand, offered as to a hello.
      if ((await deps.nothingAsked?.(context)) && (await deps.unfinishedGuide?.(context))) {
        await sendInTurn(context, { text: "There's no open callback or email ticket for you: nobody is working on your case right now." });
        const classification = getClassification(context);
        if (classification) setClassification(context, { ...classification, intent: 'greeting', confidence: 1, ambiguous: false });
        return false;
      }
      return answer({ text: "I can't find an open callback or email ticket for you. If you'd like a technician or our billing team to contact you, just ask." });
    }
    if (stopsNothing) {
      await sendInTurn(context, nothingToStopMessage());
      return true;
    }
    return answer(notWaitingMessage());
  };
}

/**
 * A fire or electrical hazard, or a security report (a tech-support scam, a hacked account), told in
 * `text`: the advice to give at once and how the ticket's reason names it (a security report stays one
 * beside a hazard). On a security report's ticket (`onReport`) the scam's steps are only what the
 * message adds ("i gave them my card number": the bank).
 */
function urgentIn(text: string, security: boolean, onReport: boolean): { text: string; advice: string; reasonFor: (reason: string) => string } | undefined {
  const hazard = hazardIn(text);
  const scam = security || onReport ? scamPartsIn(text) : [];
  const account = security && scam.length === 0;
  if (!hazard && scam.length === 0 && !account) return undefined;
  const reportAdvice = scam.length > 0 ? [scamFirstSteps(scam, !onReport)] : account ? [SECURITY_FIRST_STEPS] : [];
  const advice = [...(hazard ? [DAMAGE_ADVICE.hazard] : []), ...reportAdvice].join(' ');
  const reasonFor = (reason: string) => {
    const reported = scam.length > 0 || account ? reasonWithScam(reason, scam) : reason;
    return hazard ? reasonWithHazard(reported, hazard) : reported;
  };
  return { text, advice, reasonFor };
}

const NAMES_A_TICKET = /\b(?:call ?backs?|tickets?|cases?)\b/i;

// "whats my tiket number", "wheres my techician": the words the questions about a ticket turn on,
// mended where typed with a slip (the router corrects its own reading, not these).
const TICKET_WORDS = ['ticket', 'technician', 'number', 'someone', 'somebody', 'anyone', 'anybody', 'waiting', 'update', 'coming', 'callback'];

/** The message with slips in the words questions about a ticket turn on mended ("whats my tiket number"). */
export const mendTicketWords = (text: string | undefined): string | undefined => (text === undefined ? undefined : mendSlips(text, TICKET_WORDS));

/** A waiting user stepping away ("brb", "going to grab lunch") or saying goodbye ("bye", "thanks bye", "gotta go"). */
function awayFrom(context: TurnContext, text: string | undefined): 'pause' | 'leaving' | undefined {
  const said = text ?? '';
  if (pausesChat(said)) return 'pause';
  return leavesForNow(said) || isSure(getClassification(context), 'goodbye') ? 'leaving' : undefined;
}

// "no" answers whatever was asked (a step, "anything else?"): alone it leaves no queue.
const ONLY_NO = /^(?:no+|nope|nah)[\s.!]*$/i;

function wantsToStopWaiting(context: TurnContext): boolean {
  const text = context.activity.text ?? '';
  if (isStopWaiting(text)) return true;
  // The router reads "back", "back again" and "no" as cancel (0.72-0.90): a user back from a
  // break, or stepping away, or answering a question, would lose the place they waited for.
  if (ONLY_NO.test(text.trim()) || comesBack(text) || pausesChat(text)) return false;
  return isSure(getClassification(context), 'cancel');
}


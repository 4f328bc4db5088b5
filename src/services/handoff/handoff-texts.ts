import type { Availability, Unavailable } from './availability';
import type { FollowUpKind, HandoffRecord, HandoffTeam } from './handoff-record';
import type { OutgoingMessage } from './ports';
import type { ScamPart } from '../nlu/scam';
import { describeWait } from './wait-estimate';
import { NO_REGULAR_HOURS } from './business-hours';
import { requestStatusAsked } from '../nlu/privacy-questions';
import { withoutGreeting } from '../nlu/normalize';
import { holdsPhoneDigits, noPhoneToCall } from '../privacy/contact-fields';

// Everything the bot tells a user about their handoff, in one place, each message carrying
// channelData.helpline.handoff (protocol.md) so clients can show the state.

export const RATING_CHOICES = ['1', '2', '3', '4', '5'];

/**
 * Who picks a handoff up, as the user is told: a billing request goes to our billing team (through
 * the same queue and console), everything else to a technician. `someone` and `one` follow "a ...
 * will" and "connect you with ...", `staff` starts "... work(s) Mon-Fri", `member` follows a name,
 * `the` is the one in the conversation now, `none` starts "... will contact you", `busy` is why a
 * wait grows long.
 */
const STAFF: Record<HandoffTeam, { someone: string; one: string; staff: string; works: string; nobody: string; member: string; the: string; none: string; busy: string }> = {
  technicians: {
    someone: 'a technician',
    one: 'one of our technicians',
    staff: 'our technicians',
    works: 'work',
    nobody: 'None of our technicians is',
    member: 'one of our technicians',
    the: 'the technician',
    none: 'no technician',
    busy: 'our technicians are all busy',
  },
  billing: {
    someone: 'someone from our billing team',
    one: 'someone from our billing team',
    staff: 'our billing team',
    works: 'works',
    nobody: 'Nobody from our billing team is',
    member: 'from our billing team',
    the: 'the person from our billing team',
    none: 'nobody from our billing team',
    busy: 'everyone in our billing team is busy',
  },
};

export function staffOf(team: HandoffTeam | undefined) {
  return STAFF[team ?? 'technicians'];
}

const capital = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);

/**
 * "No thanks" to the follow-up offer (`leaving`: said as a goodbye, "ok thanks"). A billing request (a refund, a cancellation) was just said to
 * go to our billing team: the user is told it now goes nowhere, or they would wait for a review
 * that never comes.
 */
/** How every goodbye ends: the user may come back to the same chat. */
export const SIGN_OFF = 'If anything else comes up, just message me here. Goodbye!';

export function followUpDeclinedText(team: HandoffTeam | undefined, reason: string | undefined, leaving = false): string {
  // "ok thanks", "thank you bye": the user is done, so a goodbye rather than an offer of more.
  const still = leaving ? SIGN_OFF : "I'm still here if I can help with anything else.";
  if (team !== 'billing') return `No problem. ${still}`;
  const request = reason ? `your ${reason.charAt(0).toLowerCase()}${reason.slice(1)}` : 'your request';
  return `No problem. Then I haven't passed ${request} on to ${STAFF.billing.staff}, so nobody will contact you about it; ask me again any time and I will. ${still}`;
}

/** Another problem typed at the follow-up offer sets the offer aside (the problem is offered next); the billing team's request says it was not passed on. */
export function followUpSetAsideText(team: HandoffTeam | undefined, reason: string | undefined): string {
  if (team === 'billing') return followUpDeclinedText(team, reason);
  return "OK, I won't arrange a call back or an email for now. You can ask for one any time.";
}

export function queuedMessage(handoff: HandoffRecord, position: number, etaSeconds: number, again = false): OutgoingMessage {
  const place = position === 1 ? "You're next in line" : `You're number ${position} in the queue`;
  const text = again
    ? `Update: ${place.charAt(0).toLowerCase() + place.slice(1)}. Estimated wait: ${describeWait(etaSeconds)}.`
    : `${place} for ${staffOf(handoff.team).someone}. Estimated wait: ${describeWait(etaSeconds)}. I'll let you know when that changes. ` +
      `You can keep chatting with me meanwhile, or say "stop waiting" to leave the queue.`;
  return { text, handoff: { state: 'queued', position, etaSeconds, ticketId: handoff.id } };
}

/** What a user who would rather not wait can say instead. */
const INSTEAD_OF_WAITING = `If you'd rather not wait, say "call me back instead" or "email me instead", or "stop waiting" to leave the queue.`;

/** Why nobody can chat now: outside the hours (and when they start again), or nobody signed in. */
export function unavailableWhy(a: Unavailable, team: HandoffTeam | undefined): string {
  const staff = staffOf(team);
  // No day open at all (`days: {}`): "works no regular hours, and we're outside those hours" says nothing.
  if (a.reason === 'closed' && a.hours === NO_REGULAR_HOURS) return `${staff.nobody} available right now.`;
  return a.reason === 'closed'
    ? `${capital(staff.staff)} ${staff.works} ${a.hours}, and we're outside those hours right now${a.opensAgain ? ` (we open again ${a.opensAgain})` : ''}.`
    : `${staff.nobody} signed in right now.`;
}

/** When a waiting user will be joined, nobody being there to join them now. */
const joinedWhen = (a: Unavailable) => (a.reason === 'closed' && a.opensAgain ? `when we open again (${a.opensAgain})` : 'as soon as someone is back');

/**
 * Said once to a user waiting in the live queue when the desk closes or the last person signs out
 * (lunch): "all busy" would be untrue, and they may rather have a call back than wait for hours.
 */
export function unavailableWhileWaitingMessage(handoff: HandoffRecord, position: number, etaSeconds: number, a: Unavailable): OutgoingMessage {
  const place = position === 1 ? "you're next in line" : `you're number ${position} in the queue`;
  return {
    text: `${unavailableWhy(a, handoff.team)} You keep your place (${place}) and ${staffOf(handoff.team).someone} will join here ${joinedWhen(a)}. ${INSTEAD_OF_WAITING}`,
    handoff: { state: 'queued', position, etaSeconds, ticketId: handoff.id },
  };
}

/** Said once to a user who has waited much longer than anyone expected (a technician at lunch). */
export function longWaitMessage(handoff: HandoffRecord, position: number, etaSeconds: number): OutgoingMessage {
  const place = position === 1 ? "you're next in line" : `you're number ${position} in the queue`;
  return {
    text:
      `Sorry this is taking so long: ${staffOf(handoff.team).busy} right now. You keep your place (${place}) ` +
      `and someone will join here as soon as they can. ${INSTEAD_OF_WAITING}`,
    handoff: { state: 'queued', position, etaSeconds, ticketId: handoff.id },
  };
}

/**
 * A waiting user asks where they stand (`lead`: what goes first, "Yes, I'm here." to "are you still
 * there?"). Once they have waited longer than the estimate, repeating "about 5 minutes" after 40
 * would be untrue: they are told how long they have waited and that they keep their place.
 */
export function alreadyQueuedMessage(
  handoff: HandoffRecord,
  position: number,
  etaSeconds: number,
  options: { waitedSeconds?: number; lead?: string; offerInstead?: boolean; switching?: boolean; unavailable?: Unavailable } = {},
): OutgoingMessage {
  const waited = options.waitedSeconds ?? 0;
  const { unavailable } = options;
  // Switching to a follow-up (asked for the number or address), or just taken it back: what to say
  // instead of waiting is what they are doing, or have decided against. Nobody there to pick
  // anyone up (closed, or all signed out): no estimate, which would be untrue, but why and until when.
  const where = unavailable
    ? `You're still in the queue: number ${position}. ${unavailableWhy(unavailable, handoff.team)} You keep your place and ${staffOf(handoff.team).someone} will join here ${joinedWhen(unavailable)}.${options.switching ? '' : ` ${INSTEAD_OF_WAITING}`}`
    : waited > etaSeconds
      ? `You're still in the queue: number ${position}. You've waited ${describeWait(waited)}, longer than we estimated, because ${staffOf(handoff.team).busy} right now. ` +
        `You keep your place and someone will join here as soon as they can.${options.switching ? '' : ` ${INSTEAD_OF_WAITING}`}`
      : options.switching
        ? `You're still in the queue: number ${position}, estimated wait ${describeWait(etaSeconds)}.`
        : `You're already in the queue: number ${position}, estimated wait ${describeWait(etaSeconds)}. ` +
          (options.offerInstead ? INSTEAD_OF_WAITING : `Say "stop waiting" if you'd rather leave it.`);
  return {
    text: options.lead ? `${options.lead} ${where}` : where,
    handoff: { state: 'queued', position, etaSeconds, ticketId: handoff.id },
  };
}

/**
 * A waiting user with nothing asked steps away ("brb", 'pause') or says goodbye ("bye", "gotta go",
 * 'leaving'): the ticket stays (they may only step away), so they are told they keep their place,
 * and, leaving, that it is kept while the chat is open or they come back to it (the widget closed
 * without "Remember" withdraws it), and how to leave the queue instead.
 */
export function awayWhileQueuedMessage(handoff: HandoffRecord, position: number, etaSeconds: number, away: 'pause' | 'leaving'): OutgoingMessage {
  const place = position === 1 ? "you're next in line" : `you're number ${position}`;
  const joins = `${capital(staffOf(handoff.team).someone)} will join you here.`;
  const text =
    away === 'pause'
      ? `OK, I'll be here, and you keep your place in the queue (${place}). ${joins}`
      : `OK. You keep your place in the queue (${place}) while this chat stays open, and if you come back to it. ${joins} If you no longer need help, say "stop waiting" to leave the queue.`;
  return { text, handoff: { state: 'queued', position, etaSeconds, ticketId: handoff.id } };
}

/**
 * A user who queued in a chat they have since closed asks from a new one: their ticket has moved
 * here with its place, and they can still take a call back instead.
 */
export function movedHereMessage(handoff: HandoffRecord, position: number, etaSeconds: number, waitedSeconds: number): OutgoingMessage {
  const lead = `I found your request from your earlier chat (ticket ${handoff.id}) and moved it here with its place: ${staffOf(handoff.team).someone} will join you in this chat.`;
  return alreadyQueuedMessage(handoff, position, etaSeconds, { waitedSeconds, lead, offerInstead: true });
}

/** The user asks from a new chat about a ticket a technician already took up in the earlier one (which does not move). */
export function takenElsewhereMessage(handoff: HandoffRecord): OutgoingMessage {
  const who = handoff.assignedTo ? `${handoff.assignedTo.name}, ${staffOf(handoff.team).member},` : `${capital(staffOf(handoff.team).someone)}`;
  return {
    text:
      `${who} has already picked up your request (ticket ${handoff.id}) in your earlier chat, and is answering you there. ` +
      `If you can't get back to that chat, I've let them know you're here; once they hand it back, ask me for a technician again.`,
    handoff: { state: 'assigned', ticketId: handoff.id },
  };
}

/** How a follow-up reaches the user, after "will": how, and where they said. */
const CONTACTS: Record<FollowUpKind, string> = { callback: 'call you back', email: 'email you' };
const REACH: Record<FollowUpKind, string> = { callback: `${CONTACTS.callback} on the number you gave`, email: `${CONTACTS.email} at the address you gave` };

export function assignedMessage(handoff: HandoffRecord, technicianName: string): OutgoingMessage {
  const who = `${technicianName}, ${staffOf(handoff.team).member},`;
  // A callback or email ticket does not take over the chat: what the user writes here still reaches the bot.
  const text =
    handoff.kind === 'live'
      ? `${who} has joined the conversation. Everything you write now goes to them.`
      : `${who} has picked up your ticket ${handoff.id} and will ${REACH[handoff.kind]} soon.`;
  return { text, handoff: { state: 'assigned', ticketId: handoff.id } };
}

export function releasedMessage(handoff: HandoffRecord, technicianName: string): OutgoingMessage {
  return {
    text:
      handoff.kind === 'live'
        ? `${technicianName} has handed the conversation back to me, the assistant. I'm back: what else can I help with?`
        : // The user waits for a call or an email that will not come now, and must hear so.
          `${technicianName} has closed your ticket ${handoff.id}, so nobody will ${CONTACTS[handoff.kind]} about it. If you still need help, just tell me.`,
    handoff: { state: 'ended', ticketId: handoff.id },
  };
}

/** The technician's session ended (it expired, or they signed out) with the chat open: the user waits again, in their place. */
export function steppedAwayMessage(handoff: HandoffRecord, technicianName: string): OutgoingMessage {
  return {
    text:
      `${technicianName} had to step away, so you're back in the queue and keep your place: ${staffOf(handoff.team).someone} will pick up where you left off, with your chat so far. ` +
      `You can keep chatting with me meanwhile, or say "stop waiting" to leave the queue.`,
    handoff: { state: 'queued', ticketId: handoff.id },
  };
}

export function resolvedMessage(handoff: HandoffRecord, technicianName: string): OutgoingMessage {
  return {
    text: `${technicianName} has marked your issue as resolved. Thank you for your patience! How would you rate the help you got, from 1 (poor) to 5 (excellent)?`,
    handoff: { state: 'ended', ticketId: handoff.id },
    expects: 'rating',
    suggestions: RATING_CHOICES,
  };
}

export function cancelledMessage(handoff: HandoffRecord): OutgoingMessage {
  return { text: "OK, I've taken you out of the queue. I'm still here if you need anything else.", handoff: { state: 'ended', ticketId: handoff.id } };
}

/** "How long?" from a user with no ticket (they left the queue, or never joined it): said plainly, with the way to a technician. */
export function notWaitingMessage(): OutgoingMessage {
  return { text: "You're not waiting for a technician at the moment, so there's no wait to tell you about. If you'd like one, just ask.", suggestions: ['Talk to a technician'] };
}

/** "Stop waiting" from a user with no ticket. */
export function nothingToStopMessage(): OutgoingMessage {
  return { text: "You're not waiting for a technician, so there's nothing to stop. I'm still here if you need anything else." };
}

export function hubCompletedMessage(handoff: HandoffRecord): OutgoingMessage {
  return { text: `${capital(staffOf(handoff.team).the)} has finished the conversation, and you're back with me. What else can I help with?`, handoff: { state: 'ended', ticketId: handoff.id } };
}

/** How a follow-up reaches the user: "a technician will call you back on the number you gave". */
const reachYou = (handoff: HandoffRecord) => `${staffOf(handoff.team).someone} will ${REACH[handoff.kind === 'email' ? 'email' : 'callback']}`;

/**
 * When a call back or an email can come, after "will call you back": closed, the next opening
 * ("tomorrow from 08:00, when we open again"); open, the hours; with no set hours (`days: {}`)
 * none, as "during business hours" would promise hours there are not. Unknown: as soon as they can.
 */
export function followUpWhen(a: Availability | undefined): string {
  if (a && !a.available && a.reason === 'closed' && a.opensFrom) return `${a.opensFrom}, when we open again`;
  if (!a || a.hours === NO_REGULAR_HOURS) return 'as soon as they can';
  return `as soon as they can during our opening hours, ${a.hours}`;
}

export function followUpMessage(handoff: HandoffRecord, a: Availability | undefined): OutgoingMessage {
  return {
    text: `Done: I've opened ticket ${handoff.id}. ${capital(reachYou(handoff))} ${followUpWhen(a)}${wished(handoff)}.`,
    handoff: { state: 'unavailable', ticketId: handoff.id },
  };
}

/** The time the user asked for, after when the call can come: "..., when we open again, and you'd like the call after 3pm". */
const wished = (handoff: HandoffRecord) => (handoff.kind === 'callback' && handoff.preferredTime ? `, and you'd like the call ${handoff.preferredTime}` : '');

/** A user with an open callback or email ticket asks after it, or for a technician again. */
export function followUpStatusMessage(handoff: HandoffRecord, a: Availability | undefined, added?: string, greeting?: string): OutgoingMessage {
  const what = handoff.kind === 'callback' ? 'my callback' : 'my email';
  // A new problem brought to an open ticket goes on it: the user is told it is not lost.
  const lead = added ? `I've added "${added}" to your open ticket ${handoff.id}, so ${staffOf(handoff.team).the} sees it too. ` : '';
  const anythingElse = greeting ? ' Is there anything else I can help with?' : '';
  return {
    text: `${greeting ? `${greeting} ` : ''}${lead}Your ticket ${handoff.id} is open: ${reachYou(handoff)} ${followUpWhen(a)}${wished(handoff)}. Say "cancel ${what}" if you no longer need it.${anythingElse}`,
    handoff: { state: 'unavailable', ticketId: handoff.id },
  };
}

/** A time for the call back kept on the user's open ticket (setPreferredTime). */
export function preferredTimeNotedMessage(handoff: HandoffRecord, time: string): OutgoingMessage {
  return { text: `Noted: I've added to ticket ${handoff.id} that you'd like the call ${time}.`, handoff: { state: 'unavailable', ticketId: handoff.id } };
}

/** A note the user asked to have added to their open ticket. */
export function ticketNoteAddedMessage(handoff: HandoffRecord, note: string): OutgoingMessage {
  return { text: `Noted: I've added "${note}" to ticket ${handoff.id}, so ${staffOf(handoff.team).the} sees it.`, handoff: { state: 'unavailable', ticketId: handoff.id } };
}

/** A note asked for with recording off: not kept (P8), and said so, with where to tell it instead. */
export function ticketNoteNotKeptMessage(handoff: HandoffRecord): OutgoingMessage {
  const when = handoff.kind === 'callback' ? 'when they call' : 'when you reply to their email';
  return {
    text: `Recording is off for this chat, so I don't keep what you type and haven't added that to ticket ${handoff.id}. Please tell ${staffOf(handoff.team).the} ${when}.`,
    handoff: { state: 'unavailable', ticketId: handoff.id },
  };
}

export function followUpCancelledMessage(handoff: HandoffRecord): OutgoingMessage {
  const who = handoff.kind === 'callback' ? 'nobody will call you about it' : 'nobody will email you about it';
  return { text: `OK, I've cancelled ticket ${handoff.id}: ${who}. I'm still here if you need anything else.`, handoff: { state: 'ended', ticketId: handoff.id } };
}

/** "any update on my callback?", "where is my ticket?", "when will someone call me?", "how long until someone calls me?". */
export function asksAboutFollowUp(text: string | undefined): boolean {
  const t = withoutGreeting((text ?? '').toLowerCase().replace(/[’`]/g, "'"));
  // "any news on my data request": a privacy request's status, which the privacy answer gives.
  // "update my email to ann@new.org": a new address, given, not a question about the email ticket.
  if (requestStatusAsked(t) || contactKindIn(t)) return false;
  if (STILL_ON.test(t)) return true;
  return /\b(?:updates?|news|status|what'?s happening|whats going on|what'?s going on|where(?:'s| is)|(?:has|have|did) (?:anyone|anybody|someone|somebody) (?:look(?:ed)? at|seen|see|pick(?:ed)? up|read|check(?:ed)?))\b.*\b(?:call ?backs?|e-?mails?|tickets?|cases?|requests?)\b|\b(?:when|how long)\b.*\b(?:call|ring|phone|e-?mail|contact|get back to) me\b|\b(?:when|how long)\b.*\b(?:someone|somebody|a technician|the technician|they|you)(?: (?:going to|gonna|be able to))? (?:calls?|rings?|e-?mails?|contacts?|gets? back)\b|^any (?:update|news)\b/.test(t);
}

// "is my callback still on", "do i still have a callback", "what happened to my ticket": whether it stands.
const STILL_ON =
  /\b(?:is|are) (?:my|the|our|that) (?:call ?back|call|e-?mail|ticket|follow-?up)s?(?: request)? still (?:on|happening|going ahead|booked|scheduled|open|active|coming|planned|there)\b|\b(?:do|have) i still (?:have|got|get) (?:a|my|the|that) (?:call ?back|call|ticket|follow-?up)\b|\bam i still (?:getting|having) (?:a|my|the|that) (?:call ?back|call|e-?mail)\b|\bwhat(?:'s| has)? happened (?:to|with) (?:my|the|that) (?:call ?back|ticket|follow-?up)\b/;

/** The user's last follow-up was cancelled and none is open: say which, and when, rather than offer another unasked. */
export function followUpWasCancelledMessage(cancelled: HandoffRecord, timeZone: string): OutgoingMessage {
  const what = cancelled.kind === 'callback' ? 'callback' : 'email ticket';
  const when = cancelled.endedAt ? ` on ${cancelledAt(cancelled.endedAt, timeZone)} (${timeZone.replace(/_/g, ' ')} time)` : '';
  return {
    text: `You don't have an open callback or email ticket: your ${what}, ticket ${cancelled.id}, was cancelled${when}. If you'd like a new one, just ask.`,
    handoff: { state: 'ended', ticketId: cancelled.id },
  };
}

const cancelledAtFormats = new Map<string, Intl.DateTimeFormat>();
/** "Monday, November 23 at 23:06" in the business time zone. */
function cancelledAt(iso: string, timeZone: string): string {
  let format = cancelledAtFormats.get(timeZone);
  if (!format) cancelledAtFormats.set(timeZone, (format = new Intl.DateTimeFormat('en-US', { timeZone, weekday: 'long', month: 'long', day: 'numeric', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })));
  return format.format(new Date(iso));
}

// "i want to cancel my request": with a callback or email ticket open, that ticket (looked for only then);
// it got the plans and the data requests to pick from. Said at a question of a request under way in the
// chat (a deletion's code), it is that request's: see cancelsMyRequest.
const CANCELS_MY_REQUEST = /^(?:(?:please|pls|ok|actually|hi|hey)[,]?\s+)*(?:i (?:want|wanna|need|would like|'?d like) to |(?:can|could) (?:you|u|i) (?:please )?)?cancel (?:my|the|that) (?:request|support request)(?: please| pls)?$/;

/**
 * "cancel my callback", "I don't need the call back anymore", "no need to email me". Not "stop
 * emailing me" or "stop sending me marketing emails": those are opt-outs. Nor "remove my email":
 * that asks to delete the address on file (a data request), so "remove" only takes a ticket.
 * "cancel my request" too (see cancelsMyRequest).
 */
/** "i want to cancel my request", "can you cancel my request": no kind of request named. */
export function cancelsMyRequest(text: string | undefined): boolean {
  return CANCELS_MY_REQUEST.test(normalized(text));
}

export function cancelsFollowUp(text: string | undefined): boolean {
  const t = normalized(text);
  return /^(?:please |ok |actually )?(?:(?:cancel|drop|forget(?: about)?) (?:the |my |that )?(?:call ?back|call|e-?mail|ticket|follow-?up)|remove (?:the |my |that )?(?:call ?back|ticket|follow-?up))(?: request| ticket)?(?: please)?$|\b(?:don'?t|do not|no longer) need (?:the |a |my |that )?(?:call ?back|call|e-?mail|ticket|follow-?up)\b|^no need to (?:call|e-?mail|ring|phone)(?: me)?(?: any ?more)?$/.test(t) || CANCELS_MY_REQUEST.test(t);
}

/**
 * "stop calling me, i fixed it myself", "dont call me, its fixed", "you dont need to call me": the
 * call refused, said alone or with why. With a callback ticket open that call is the one meant, as
 * "cancel my callback" means it. Not a time for the call ("dont call me before 5"), and not our
 * marketing or another channel named ("stop calling me with offers", "dont call me, email me"):
 * those stay an opt-out or a switch of the ticket.
 */
export function refusesTheCall(text: string | undefined): boolean {
  const t = normalized(text);
  return REFUSES_THE_CALL.test(t) && !MARKETING_OR_OTHER_CHANNEL.test(t);
}
const REFUSES_THE_CALL = new RegExp(
  String.raw`^(?:(?:please|pls|ok|okay|actually|so|oh|hey|hi|no|nah|yeah|yes)[,]?\s+)*` +
    String.raw`(?:stop calling(?: me)?|you can stop calling(?: me)?|(?:(?:please |pls )?(?:don'?t|do not)(?: bother| need to| have to)?|(?:you|u) (?:don'?t|do not) (?:need|have) to|(?:there'?s )?no need to)\s+(?:call(?:ing)?|ring(?:ing)?|phon(?:e|ing))(?: me)?)` +
    String.raw`(?: (?:any ?more|now|again|then|back|after all))*` +
    String.raw`(?:$|\s*[,.;!?-]|\s+(?:because|cause|cos|since|as|i|i'?ve|i'?m|its|it'?s|it is|everything|all|we|thanks|thank|fixed|sorted|solved)\b)`,
);
const MARKETING_OR_OTHER_CHANNEL =
  /\b(?:marketing|offers?|sales|promo\w*|deals?|ads|adverts?|advertis\w*|newsletters?|spam\w*|telemarket\w*|cold calls?|robo ?calls?|texts?|texting|sms|e-?mails?|e-?mailing)\b/;

// "i fixed it myself", "its sorted now", "all working again": why the call is no longer needed.
const FIXED = /\b(?:fixed|sorted|solved|resolved|(?:working|works) (?:now|again|fine))\b/;

/** Whether the message says the problem is fixed ("dont call me, i fixed it myself"); not "its not fixed". */
export function saysItIsFixed(text: string | undefined): boolean {
  const t = normalized(text);
  return FIXED.test(t) && !/\b(?:not|isn'?t|never)\s+(?:\w+\s+)?(?:fixed|sorted|solved|resolved|working)\b/.test(t);
}

/** The reply to a call refused when none is arranged: the cancelled ticket named if there is one, and gladness if it's fixed. */
export function noCallArrangedMessage(cancelled: HandoffRecord | undefined, fixed: boolean): OutgoingMessage {
  const none = cancelled
    ? `Nobody will call you: your ${cancelled.kind === 'callback' ? 'callback' : 'email ticket'}, ticket ${cancelled.id}, is already cancelled.`
    : "There's no callback arranged for you, so there's nothing to cancel and nobody will call.";
  return { text: fixed ? `${none} I'm glad it's fixed!` : `${none} I'm still here if you need anything else.` };
}

/**
 * "cancel", "cancel it", "ok cancel that": a cancel that names nothing. With nothing else under way
 * and a callback or email ticket just opened in the chat, that ticket is what it is about.
 */
export function cancelsWithoutNaming(text: string | undefined): boolean {
  return /^(?:(?:ok|okay|please|actually|yes|yeah|just|never ?mind|nvm|oh)[,]?\s+)*(?:cancel+|cancle)(?: (?:it|that|this))?(?: (?:please|pls|plz|now|then|thanks))*$/.test(normalized(text));
}

// "call me back instead", "can someone phone me later", "just email me": a follow-up rather than a live chat.
const WANTS: Record<FollowUpKind, RegExp> = {
  callback: /\b(?:call(?:ing)? me|call ?back|phone me|ring me)\b/i,
  email: /\b(?:e-?mail me|send me an e-?mail|write to me)\b/i,
};

/** The follow-up a message asks for instead of waiting, if any. */
export function followUpAsked(text: string | undefined): FollowUpKind | undefined {
  if (!text) return undefined;
  if (WANTS.callback.test(text)) return 'callback';
  if (WANTS.email.test(text)) return 'email';
  return undefined;
}

// "don't call me", "no need to email", and the follow-up the user cannot take: "no email address".
// (A call the user cannot take, "I don't have a phone", "my phone is broken": noPhoneToCall.)
// "i'd rather not give my email": the contact detail withheld is the follow-up refused.
const WITHHOLDS = String.raw`\b(?:rather not|prefer not to|(?:don'?t|do not) (?:want|wish) to)\s+(?:give|share|provide|leave|hand over)\s+(?:(?:you|out)\s+)?(?:my|an|a|the|any)\s+`;
const REFUSES: Record<FollowUpKind, RegExp> = {
  callback: new RegExp(String.raw`\b(?:don'?t|do not|no need to|not|never|rather not|no)\s+(?:(?:want|need)\s+(?:a|any)\s+(?:phone\s+)?|\w+\s+)?(?:call|phone|ring)|${WITHHOLDS}(?:phone|number|mobile|cell)`, 'i'),
  email: new RegExp(
    String.raw`\b(?:don'?t|do not|no need to|not|never|rather not|no)\s+(?:(?:want|need)\s+(?:an|any)\s+|\w+\s+)?e-?mail|\b(?:(?:don'?t|do not|doesn'?t) (?:have|own|use)|have no|haven'?t got|have not got) (?:an |any )?e-?mail\b|${WITHHOLDS}e-?mail`,
    'i',
  ),
};

/** Whether a message refuses a follow-up, or says the user cannot take it ("don't call me", "I don't have a phone", "my phone is broken"). */
export function refusesFollowUp(kind: FollowUpKind, text: string): boolean {
  const t = text.replace(/[’`]/g, "'");
  return REFUSES[kind].test(t) || (kind === 'callback' && noPhoneToCall(t) !== undefined);
}

// "email instead", "an email would be better", "I'd rather you emailed": the other follow-up in
// other words than asking for it outright.
const PREFERS: Record<FollowUpKind, RegExp> = {
  callback: /\b(?:a |by |over the )?(?:phone ?call|call|phone)\b[^.?!]*\b(?:instead|is (?:fine|better|easier)|would be (?:better|easier|fine))\b|\b(?:rather|prefer)\b[^.?!]*\b(?:call|phone|ring)|^(?:a )?(?:call|phone|phone call|call ?back)[\s.!]*$/i,
  email: /\be-?mail\b[^.?!]*\b(?:instead|is (?:fine|better|easier)|would be (?:better|easier|fine))\b|\b(?:rather|prefer)\b[^.?!]*\be-?mail|^(?:an |by )?e-?mail[\s.!]*$/i,
};

/** Whether a message has the contact detail a follow-up needs typed in it: an email address, or a phone number (seven digits or more, outside any address). */
export function givesContact(kind: FollowUpKind, text: string): boolean {
  return kind === 'email' ? /\S+@\S+\.\S+/.test(text) : holdsPhoneDigits(text);
}

/** The kind of contact detail typed in a message, if any: an email address, or else a phone number. */
export function contactKindIn(text: string): FollowUpKind | undefined {
  return givesContact('email', text) ? 'email' : givesContact('callback', text) ? 'callback' : undefined;
}

/**
 * At the question for what follow-up `kind` needs (the phone number, for a callback): the other
 * follow-up when the message turns to it ("actually can you email me instead"), gives its contact
 * instead ("jo@example.com") or refuses this one ("I don't have a phone"). Undefined for an answer
 * to the question, right or wrong, and for a message that gives this kind's contact ("no, my
 * number is 415 555 0123").
 */
export function followUpInstead(kind: FollowUpKind, text: string | undefined): FollowUpKind | undefined {
  const t = (text ?? '').trim().replace(/[’`]/g, "'");
  if (!t || givesContact(kind, t)) return undefined;
  const other: FollowUpKind = kind === 'callback' ? 'email' : 'callback';
  if (givesContact(other, t) || refusesFollowUp(kind, t)) return other;
  return (WANTS[other].test(t) || PREFERS[other].test(t)) && !refusesFollowUp(other, t) ? other : undefined;
}

export function thanksForRating(rating: number): string {
  return rating >= 4 ? `Thanks for the ${rating}/5! Glad we could help.` : `Thanks for the ${rating}/5. We'll use it to do better. Is there anything else I can help with?`;
}

const RATING_WORDS: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5 };

/** A 1-5 rating in a reply like "4", "5 stars", "4/5", "five"; undefined for anything else. */
export function parseRating(text: string | undefined): number | undefined {
  const t = (text ?? '').trim().toLowerCase();
  const m = /^(?:i(?:'d| would)? (?:give|rate)(?: it)? )?([1-5]|one|two|three|four|five)(?:\s*(?:stars?|\/\s*5|out of (?:5|five)))?\s*[.!]*$/.exec(t);
  if (!m) return undefined;
  return RATING_WORDS[m[1]] ?? Number(m[1]);
}

/**
 * What people put before a question about the wait ("hmm how long will that take", "ok so how
 * long", "hi, how long"): one list, so every place that reads such a question reads the same ones.
 */
export const WAIT_LEAD_IN = /^(?:(?:so|and|but|well|ok|okay|k|oh|hm+|um+|uh+|erm+|hi|hello|hey)(?:[,.!]+\s*|\s+))+/i;

/**
 * "How long?", "where is my technician?", "any update?" from a user in the queue: they want to
 * know where they stand (the router would read these as something else entirely).
 */
export function asksAboutTheWait(text: string | undefined): boolean {
  const t = (text ?? '')
    .trim()
    .toLowerCase()
    .replace(/[’`]/g, "'")
    .replace(/[?.!\s]+$/, '')
    .replace(WAIT_LEAD_IN, '')
    // "how lonh", "how lomg": the last letter of "long" slips to a key beside it (no slip isSlip mends).
    .replace(/^(how|hw|hiw|hoe) lo+[nm][ghfb]?\b/, '$1 long');
  // "hw long now", "how much longer": typed in a hurry, and what a user who waits asks most.
  return /^(?:(?:how|hw|hiw|hoe) (?:much )?long(?:er)?(?: (?:will|do|must|should|till|until) i (?:have to )?(?:wait|be waiting))?(?: now| still| more)?|how long is the wait(?: now)?|what happens (?:now|next)|what(?:'s| is)? next|now what|how long (?:till|until) (?:someone|somebody|a technician|the technician)(?: \w+)*|where(?:'?s| is) (?:my|the) (?:technician|tech|agent|person|human)|any (?:update|news)(?: on (?:my|the) (?:technician|ticket|wait))?|(?:is )?any ?(?:one|body) (?:coming|there)|am i still (?:in (?:the )?(?:queue|line)|waiting)|what(?:'s| is) my (?:place|position|number)(?: in (?:the )?(?:queue|line))?|when will (?:someone|somebody|a technician|the technician) (?:come|be here|join|answer|reply|be with me)|(?:i'm |i am )?still waiting(?: for (?:the|a|my) (?:technician|tech|agent|person|human))?|(?:what'?s|what is|why is (?:this|it|that)) taking (?:so|this|that) long|(?:this|it|that)(?:'s| is)? taking (?:forever|ages|so long|too long|a long time)|(?:please |can you |could you )?hurry(?: it)?(?: up)?(?: please)?|how many (?:people )?(?:are )?(?:ahead of me|before me|in front of me)|(?:how|hw|hiw|hoe) long (?:will|does|is|would) (?:this|it|that) (?:take|going to take|gonna take)(?: now| still)?|(?:how|hw|hiw|hoe) long (?:will|does|would) (?:the|a|my) (?:technician|tech|agent|person)(?: \w+)*|is (?:someone|somebody|any ?one|any ?body|(?:a|the|my) (?:technician|tech|agent|person|human))(?: from (?:the |our |your )?billing(?: team)?)? (?:coming|on (?:the|their|his|her) way)(?: today| soon| now)?)$/.test(t);
}

/**
 * "How long?" names no one, and at a troubleshooting step may be about the step; "is a technician
 * coming?" or "where is my technician?" can only be about a wait, whatever question is open.
 */
export function namesWhoIsAwaited(text: string | undefined): boolean {
  return /\b(?:technicians?|tech|agent|person|human|someone|somebody|any ?one|any ?body|billing|queue|line|tickets?)\b/i.test(text ?? '');
}

/** "whats my ticket number", "what is my reference number", "do i have a ticket?". */
export function asksForTicketNumber(text: string | undefined): boolean {
  const t = withoutGreeting(normalized(text));
  return /\b(?:ticket|case|reference|ref)\s*(?:number|nr|no|num|id|#)|\bnumber of my (?:ticket|case)\b|^(?:do i have|have i got|did you (?:open|make|create|give me)|have you (?:opened|made|created)) (?:a |an |my )?(?:ticket|case)\b/.test(t);
}

/** Asked after a ticket while giving the details for one: it is opened once they are given. */
export function ticketNotYetOpenMessage(): OutgoingMessage {
  return { text: "Your ticket isn't open yet: I'll open it as soon as I have the details I'm asking for." };
}

/** A ticket number asked for by a user with no open ticket: there is none yet, and how one is opened. */
export function noTicketNumberMessage(): OutgoingMessage {
  return { text: "You don't have an open ticket, so there's no ticket number yet. If you'd like a technician or our billing team to contact you, just ask.", suggestions: ['Talk to a technician'] };
}

/** "stop waiting", "cancel", "leave the queue"... (the classifier's cancel intent also counts). */
export function isStopWaiting(text: string | undefined): boolean {
  return leavesTheQueue(text) || /^(?:cancel|stop)(?: (?:it|that|please))?$|^never ?mind$/.test(normalized(text));
}

/**
 * "stop waiting", "cancel my request", "I don't need help anymore": leaving the queue in so many
 * words. Where a bare "cancel" or "never mind" is about something else (the number asked for a
 * callback instead, a new chat), only these leave it.
 */
export function leavesTheQueue(text: string | undefined): boolean {
  return /^(?:please )?(?:stop|quit|done|no more) waiting\b|^(?:please )?cancel (?:the|my) (?:handoff|request)(?: please)?$|\bleave the queue\b|^i (?:don't|do not) want to wait\b|^i (?:don't|do not|no longer) need (?:any )?help(?: any ?more| now)?$/.test(normalized(text));
}

/**
 * At the question for the number or address of a follow-up asked for instead of waiting: "never
 * mind", "cancel", "I'll wait", "actually I'll keep waiting" take back the switch, not the place.
 */
export function keepsWaiting(text: string | undefined): boolean {
  return /^(?:(?:oh|ok|okay|no|actually|hmm|sorry)[,.!]?\s+)*(?:cancel(?: that| it)?|never ?mind|nvm|forget (?:it|that)|no thanks|(?:i'?ll|i will|i can|let me) (?:just )?(?:keep )?wait(?:ing)?|(?:i'?ll )?(?:just )?keep waiting|(?:i'?ll |i will )?stay in (?:the )?(?:queue|line)|keep my place)(?: then| instead| please| thanks)*$/.test(normalized(text));
}

/**
 * A waiting user acknowledging the wait with nothing asked: "ok thanks" ('thanks'), "ok", "ok ill
 * wait", "sure, i'll hang on" ('ok'). Told their place is kept, not "Goodbye!" as if it were over.
 */
export function acknowledgesTheWait(text: string | undefined): 'thanks' | 'ok' | undefined {
  const t = normalized(text).replace(/,/g, '');
  if (THANKS_FOR_THE_WAIT.test(t)) return 'thanks';
  return OK_TO_WAIT.test(t) ? 'ok' : undefined;
}

// Built once: the handoff guard asks this of every message a waiting user sends.
const OK = '(?:ok|okay|k|kk|alright|sure|cool|great|fine|got it|sounds good|no problem|np)';
const WAITS = "(?:(?:i'?ll|i will|i can|let me) (?:just )?(?:keep )?(?:wait(?:ing)?|hang on|hold on)|(?:i'?ll )?(?:just )?keep waiting|(?:i'?ll |i will )?stay in (?:the )?(?:queue|line))";
const THANKS_FOR_THE_WAIT = new RegExp(`^(?:${OK} )*(?:thanks|thank you|thx|ty|cheers)(?: so much| a lot)?$`);
const OK_TO_WAIT = new RegExp(`^(?:${OK} )*(?:${OK}|${WAITS})(?: then| thanks| thank you)?$`);

const normalized = (text: string | undefined) => (text ?? '').trim().toLowerCase().replace(/[’`]/g, "'").replace(/[.!\s]+$/, '');

/** Said to a security report when nobody can take it now: what to do at once rather than wait. */
export const SECURITY_FIRST_STEPS =
  "Until someone can take this, here's what you can do now: from a device you trust, change the account's password (and anywhere else you use the same one), turn on two-step verification, and sign out of all other sessions in the account's security settings. Never share a one-time code with anyone who asks, including us.";

const SCAM_STEPS: Record<ScamPart, string> = {
  support:
    "This is a scam: Microsoft, Apple and other companies never show a pop-up with a number to call, and never phone you about a virus. Don't call the number, and if they're on the phone, hang up. Close any pop-up (if it won't close, restart the computer).",
  payment:
    'Call your bank now on the number on the back of your card: ask them to block the card and dispute the charges, as whoever has the card details can keep using them.',
  wants:
    "Please don't let them connect to your computer unless you contacted us yourself through our official channels, such as this chat or the phone number on our website: real support never calls you or shows a pop-up out of the blue to get into your computer. If they're on the phone, hang up. If you already let them in, disconnect the computer from the internet now (turn off Wi-Fi or unplug the network cable).",
  remote:
    "Disconnect the computer from the internet now (turn off Wi-Fi or unplug the network cable), and don't let them back in. A technician will help you remove their remote access tool and check the computer.",
};
const SCAM_IF_CALLED =
  'If you already called them: if you gave them card or bank details, call your bank now on the number on the back of your card to block it and dispute the charges; if you let them into your computer, disconnect it from the internet now (turn off Wi-Fi or unplug the cable).';
const SCAM_PASSWORDS = 'From another device you trust, change your passwords, your email and bank first, and never share a one-time code with anyone who asks.';

/**
 * What a scam victim does at once, for each part told: a tech-support scam's victim needs the bank
 * or the computer cut off now, which the account advice (SECURITY_FIRST_STEPS) never says. At the
 * start of the report the parts not told are said as "if", and the passwords last; told later, at a
 * question, only what that message adds.
 */
export function scamFirstSteps(parts: ScamPart[], atStart: boolean): string {
  const steps = parts.map((part) => SCAM_STEPS[part]);
  if (!atStart) return steps.join(' ');
  if (!parts.includes('payment') && !parts.includes('remote') && !parts.includes('wants')) steps.push(SCAM_IF_CALLED);
  return [...steps, SCAM_PASSWORDS].join(' ');
}

const SCAM_NAMES: Record<ScamPart, string> = { support: 'tech-support scam', payment: 'card details given', wants: 'someone wants to connect', remote: 'someone has remote access' };
const SECURITY_REPORT = 'Security report';
const HAZARD_MARK = '; hazard: ';
const SAFETY_HAZARD = 'Safety hazard: ';

/** The ticket's reason for a scam report, naming what was told so the technician knows what to check first. */
export function scamReason(parts: ScamPart[]): string {
  return parts.length === 0 ? SECURITY_REPORT : `${SECURITY_REPORT}: ${parts.map((part) => SCAM_NAMES[part]).join(', ')}`;
}

/** Whether a ticket's reason makes it a security report (a hazard may be named after it). */
export function isSecurityReport(reason: string | undefined): boolean {
  return reason?.startsWith(SECURITY_REPORT) === true;
}

/**
 * A ticket's reason once a hazard ("smoke") is told on it. A security report stays one, the hazard
 * named after it ("Security report: tech-support scam; hazard: smoke"): the technicians must see both.
 */
export function reasonWithHazard(reason: string, hazard: string): string {
  if (!reason.startsWith(SECURITY_REPORT)) return `${SAFETY_HAZARD}${hazard}`;
  return `${reason.split(HAZARD_MARK)[0]}${HAZARD_MARK}${hazard}`;
}

/** A ticket's reason once more of a scam is told on it: the report names every part told, and a hazard told before stays named. */
export function reasonWithScam(reason: string, parts: ScamPart[]): string {
  const [before, hazardAfter] = reason.split(HAZARD_MARK);
  const hazard = hazardAfter ?? (before.startsWith(SAFETY_HAZARD) ? before.slice(SAFETY_HAZARD.length) : undefined);
  const reported = before.startsWith(SECURITY_REPORT) ? before : undefined;
  const added = parts.map((part) => SCAM_NAMES[part]).filter((name) => !reported?.includes(name));
  const report = !reported ? scamReason(parts) : added.length === 0 ? reported : reported === SECURITY_REPORT ? `${SECURITY_REPORT}: ${added.join(', ')}` : `${reported}, ${added.join(', ')}`;
  return hazard ? `${report}${HAZARD_MARK}${hazard}` : report;
}

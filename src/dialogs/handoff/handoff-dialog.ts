import type { TurnContext } from 'botbuilder';
import {
  WaterfallDialog,
  type Dialog,
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
  DialogTurnStatus,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChoicePrompt } from '../shared/choice-prompt';
import { z } from 'zod';
import { unavailableNow, type Availability } from '../../services/handoff/availability';
import { CONTACT_FIELDS, type ContactField, type FollowUpKind, type HandoffKind, type HandoffRecord, type HandoffTeam } from '../../services/handoff/handoff-record';
import { followUpIdFor, type HandoffQueue, type QueuePlace } from '../../services/handoff/handoff-queue';
import {
  alreadyQueuedMessage,
  asksAboutFollowUp,
  asksAboutTheWait,
  asksForTicketNumber,
  cancelledMessage,
  followUpAsked,
  followUpDeclinedText,
  followUpSetAsideText,
  followUpInstead,
  followUpMessage,
  followUpStatusMessage,
  givesContact,
  keepsWaiting,
  leavesTheQueue,
  queuedMessage,
  refusesFollowUp,
  SECURITY_FIRST_STEPS,
  scamFirstSteps,
  reasonWithHazard,
  reasonWithScam,
  scamReason,
  staffOf,
  ticketNotYetOpenMessage,
} from '../../services/handoff/handoff-texts';
import type { CaseFacts } from '../../services/handoff/ports';
import { noPhoneToCall, readEmail, readName, readPhone } from '../../services/privacy/contact-fields';
import type { NoticeGate } from '../privacy/notice-gate';
import { setAsideAnswer } from '../privacy/field-collection';
import { namesAFault, type Classification } from '../../services/nlu/router';
import type { ReadsFirst } from '../main-dialog';
import { getClassification, isSure, routableText } from '../classification';
import { userIdOf } from '../identity';
import { innerStack, repromptInnermost, stackLevels } from '../open-question';
import { ARE_YOU_THERE } from '../small-talk';
import { ask, choicePrompt, message } from '../wire';
import { sendInTurn } from './bot-notifier';
import { mendTicketWords } from './handoff-guard';
import { KEEP_TRYING } from '../shared/keep-going';
import { tellEarlierTicket, type FindEarlierTicket } from './earlier-ticket';
import {
  CONTACT_FOR,
  contactOptions,
  detailAddedAtOffer,
  asksWhen,
  FOLLOW_UP_CHOICES,
  followUpAt,
  followUpByContact,
  followUpWhenText,
  insteadText,
  keepDetail,
  leavesAtOffer,
  namesAnotherProblem,
  OFFER_QUESTION,
  OFFER_RETRY,
  type OfferAbout,
  summaryWithDetails,
  unavailableText,
} from './follow-up-offer';
import { FeatureDialog } from '../shared/feature-dialog';
import { DAMAGE_ADVICE, damageReason } from '../shared/damage-advice';
import { hazardIn, physicalDamageIn } from '../../services/nlu/damage';
import { scamPartsIn, type ScamPart } from '../../services/nlu/scam';
import { keepProblemForLater } from '../shared/mentioned-problem';
import { callTimeBesideNumber, type TicketAddition } from '../../services/handoff/ticket-additions';

export const HANDOFF_DIALOG = 'handoff';
const CONTACT_INFO = 'contactInfo';
const FOLLOW_UP_PROMPT = 'handoffFollowUp';
const FLOW = 'handoffFlow';
/**
 * What a feature passes to start a handoff: beginDialog('handoff', options) (or replaceDialog)
 * from any dialog below MainDialog. `human` intent routing passes `{ classification }`.
 */
export interface HandoffDialogOptions {
  reason?: string;
  priority?: 'normal' | 'high';
  caseId?: string;
  /** That case as the caller just wrote it, so the hub event does not read it again. */
  caseFacts?: CaseFacts;
  summary?: string;
  classification?: Classification;
  interrupted?: boolean;
  /** Who picks it up, as the user is told: 'billing' for a billing request; else a technician. */
  team?: HandoffTeam;
  /** A subscription's cancellation, whatever its reason says: "yes cancel it now" at the follow-up offer confirms it. */
  cancellation?: boolean;
}

const optionsSchema = z
  .object({
    reason: z.string().max(500).optional(),
    priority: z.enum(['normal', 'high']).optional(),
    caseId: z.string().max(100).optional(),
    caseFacts: z
      .object({ device: z.string(), problem: z.string(), stepsTried: z.array(z.object({ stepId: z.string(), text: z.string(), outcome: z.string() })) })
      .passthrough()
      .optional(),
    summary: z.string().max(2000).optional(),
    team: z.enum(['technicians', 'billing']).optional(),
    cancellation: z.boolean().optional(),
    /** Asked for at a guide's step, which the guide takes up again if the user declines to keep trying (KEEP_TRYING). */
    fromStep: z.boolean().optional(),
    classification: z.object({ text: z.string(), device: z.string(), security: z.boolean() }).partial().passthrough().optional(),
  })
  .passthrough();


/**
 * Tells the user the follow-up changed kind (insteadText). A broken phone may be a problem to look
 * at: the main dialog keeps it and offers it once the follow-up is done.
 */
async function sayInstead(context: TurnContext, kind: FollowUpKind, team: HandoffTeam | undefined, why: Parameters<typeof insteadText>[2]): Promise<void> {
  if (why === 'phoneBroken') keepProblemForLater(context);
  await context.sendActivity(message(insteadText(kind, team, why)));
}

/** Starts a handoff from a dialog: the one function other features call. */
export function startHandoff(dc: DialogContext, options: HandoffDialogOptions): Promise<DialogTurnResult> {
  return dc.beginDialog(HANDOFF_DIALOG, options);
}

export interface HandoffDialogDeps {
  queue: HandoffQueue;
  availability: () => Promise<Availability>;
  /** The ContactInfoDialog ('contactInfo'); without it the handoff goes ahead without contact details. */
  contactInfo?: Dialog;
  /** The notices, to answer "why do you need that?" at the follow-up offer with the contact notice. */
  notices?: Pick<NoticeGate, 'answer'>;
  /** The case this conversation works on (ConversationData.caseId), when the caller names none. */
  caseIdOf: (context: TurnContext) => Promise<string | undefined>;
  isRecordingOff: (context: TurnContext) => Promise<boolean>;
  /** Masks personal data and removes secrets (redactAll(text).text), for the summary the record keeps. */
  redact: (text: string) => string;
  /** config.policy.defaultRegion: how a national number in the request is read. */
  defaultRegion: string;
  /** Remembers in the conversation's state that a handoff was started (before the owner record is written). */
  markStarted?: (context: TurnContext) => Promise<void>;
  /** False when no handoff was ever started in this conversation (ConversationData.handoffStarted). */
  mayHaveOwner?: (context: TurnContext) => Promise<boolean>;
  /**
   * Takes the conversation's waiting live handoff out of the queue once the follow-up that
   * replaces it is written (a user who would rather be called back). False when a technician
   * took the live one meanwhile: the follow-up is then withdrawn.
   */
  leaveQueue?: (context: TurnContext, followUpId: string) => Promise<boolean>;
  /** The callback or email ticket this conversation opened and that still waits, if any; `id` remembers a new one. */
  openFollowUp?: (context: TurnContext, id?: string) => Promise<HandoffRecord | undefined>;
  /** The user's live ticket from an earlier chat, moved here if it still waits (earlierTicketFinder). */
  earlierTicket?: FindEarlierTicket;
  /** False when the user cannot have a live ticket from an earlier chat, so it is not looked for. */
  mayHaveEarlierTicket?: (context: TurnContext) => Promise<boolean>;
  /** A live ticket moved here from an earlier chat waits here after all: an agent hub is told where (sendHandoffInitiation). */
  onMoved?: (context: TurnContext, handoff: HandoffRecord) => Promise<void>;
  /** Takes the conversation's waiting live ticket out of the queue ("stop waiting"); the ticket, if it was waiting. */
  stopWaiting?: (context: TurnContext) => Promise<HandoffRecord | undefined>;
  /** Ends a waiting follow-up the user no longer needs (HandoffLifecycle.withdraw). */
  withdraw?: (handoffId: string) => Promise<void>;
  /**
   * The billing team's follow-up the user declined in the message before this one ("no thanks", then
   * "actually yes call me"): kept with `declined`, read back without it.
   */
  declinedJustBefore?: (context: TurnContext, declined?: DeclinedRequest) => Promise<DeclinedRequest | undefined>;
  /** After a handoff is queued: the hub event, the Teams alert. Failures are the callee's to log. */
  onStarted: (context: TurnContext, handoff: HandoffRecord, caseFacts?: CaseFacts) => Promise<void>;
  /** After another problem is put on an open ticket: the hub event, the Teams update. Failures are the callee's to log. */
  onAdded?: (context: TurnContext, ticket: HandoffRecord, addition: TicketAddition) => Promise<void>;
}

/** A request for the billing team whose follow-up the user declined: its reason and case. */
export interface DeclinedRequest {
  reason: string;
  caseId?: string;
  cancellation?: boolean;
}

interface FlowValues {
  reason: string;
  priority: 'normal' | 'high';
  caseId?: string;
  caseFacts?: CaseFacts;
  summary?: string;
  device: string;
  team?: HandoffTeam;
  cancellation?: boolean;
  fromStep?: boolean;
  mode: 'live' | 'offer';
  followUp?: FollowUpKind;
  /** Set when a waiting user asked to be called back or emailed instead: their live ticket ends once they have given the contact. */
  replacing?: string;
  /** Set when `replacing` moved here from the user's earlier chat to be switched: no agent hub was told it waits here. */
  movedHere?: boolean;
  /** Set when a user with an open callback asks for an email instead (or the other way round): that ticket ends once the new one exists. */
  replacingFollowUp?: string;
  /** The follow-ups the user said they cannot take ("I don't have a phone"), so they are not offered back. */
  refused?: FollowUpKind[];
  /** What the user added about the problem at the follow-up offer ("it was last tuesday"), masked: the ticket's summary carries it. */
  details?: string[];
  /** The time for the call typed with the number in the request ("... at 646-555-0188 tomorrow morning"), masked: the number is confirmed on a later turn. */
  callTime?: string;
}

/**
 * Hands the conversation to a person: collects name and email (with the contact notice) and
 * queues it, telling the user their place and estimated wait. Outside business hours, or with
 * nobody signed in, it says so and offers a callback or an email follow-up instead.
 */
export class HandoffDialog extends FeatureDialog implements ReadsFirst {
  constructor(private readonly deps: HandoffDialogDeps) {
    super(HANDOFF_DIALOG);
    if (deps.contactInfo) this.addDialog(deps.contactInfo);
    this.addDialog(new ChoicePrompt(FOLLOW_UP_PROMPT, (prompt) => followUpByContact(prompt, deps.notices, async (context) => !(await deps.isRecordingOff(context)), deps.availability)));
    this.addDialog(new WaterfallDialog(FLOW, [this.start.bind(this), this.afterFirst.bind(this), this.afterFollowUpContact.bind(this)]));
    this.initialDialogId = FLOW;
  }

  /**
   * "Actually can you email me instead" or "I don't have a phone" at the question for a callback's
   * phone number: the follow-up becomes the other kind and its question is asked (the contact
   * dialog would only read the message as a phone number that is not there, again and again).
   * An email address typed there is the answer to that question: the contact notice, shown before
   * the phone question, covers it too, so it is kept without asking.
   */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const values = flowValuesOf(innerDc.stack);
    const text = innerDc.context.activity.text ?? '';
    if (values && hazardAtQuestion(innerDc.stack, innerDc.context)) return this.hazardTold(innerDc, values);
    const scam = values && scamAtQuestion(innerDc.stack, innerDc.context);
    if (values && scam) return this.scamTold(innerDc, values, scam);
    const aside = replacedLive(innerDc.stack) && asideWhileSwitching(innerDc.context);
    if (values && aside) return this.whileSwitching(innerDc, values, aside);
    if (values && innerDc.activeDialog?.id === FOLLOW_UP_PROMPT && namesAnotherProblem(innerDc.context, values.device)) {
      // "my printer is broken" at the offer: as "no wait, actually my printer is offline" (afterFirst),
      // the offer is set aside and the main dialog offers the problem's guide, which offers a person again if it fails.
      keepProblemForLater(innerDc.context);
      await innerDc.context.sendActivity(message(followUpSetAsideText(values.team, values.reason)));
      await innerDc.cancelAllDialogs();
      return { status: DialogTurnStatus.complete };
    }
    if (values && keepsTryingAtQuestion(innerDc.stack, innerDc.context)) {
      // "let me keep trying" at the name, email or number question: the guide goes on from its step (TroubleshootDialog), no ticket.
      await innerDc.cancelAllDialogs();
      return { status: DialogTurnStatus.complete, result: { keepTrying: true } };
    }
    const instead = values?.followUp && innerDc.activeDialog?.id === CONTACT_INFO ? followUpInstead(values.followUp, text) : undefined;
    // "how long?" at a contact question: when someone gets back (a follow-up), or that the ticket opens once the details are in.
    if (values && innerDc.activeDialog?.id === CONTACT_INFO && asksWhen(text)) {
      setAsideAnswer(innerDc.context, values.mode === 'live' ? ticketNotYetOpenMessage().text : followUpWhenText(await this.deps.availability()));
    }
    if (!values?.followUp || !instead) {
      const result = await super.onContinueDialog(innerDc);
      // Kept masked, as the summary it joins: the dialog state holds no contact details typed in it (P10).
      const detail = detailAddedAtOffer(innerDc.context);
      if (values && detail) values.details = keepDetail(values.details, this.deps.redact(detail));
      return result;
    }
    const given = givesContact(instead, text);
    const refused = refusesFollowUp(values.followUp, text);
    if (refused) values.refused = [...(values.refused ?? []), values.followUp];
    // "I don't have email, jo@example.com": the address typed outweighs the words.
    if (!given && (values.refused?.includes(instead) || refusesFollowUp(instead, text))) {
      await innerDc.context.sendActivity(message("Without a phone number or an email address I can't arrange a call back or an email. You can ask me again any time.", { handoff: { state: 'unavailable' } }));
      await this.keptWaiting(innerDc.context, values);
      return innerDc.cancelAllDialogs();
    }
    values.followUp = instead;
    const why = given ? 'given' : !refused ? 'asked' : noPhoneToCall(text) === 'broken' ? 'phoneBroken' : 'cannotTakeOther';
    await sayInstead(innerDc.context, instead, values.team, why);
    const field = CONTACT_FOR[instead].field;
    // The address or number now wanted may be on file: offered back, as when asked for first.
    return innerDc.replaceDialog(CONTACT_INFO, { ...contactOptions(instead, values.team), ...(given ? { typed: { [field]: text } } : { offerHeld: heldOffer(values.team, instead) }) });
  }

  /**
   * The main dialog lets this dialog read a message before its interruptions: at the number or
   * address for a follow-up instead of waiting, "never mind" is about the switch (the main
   * dialog would end everything, the queue's guard the place in the queue).
   */
  readsFirst(instance: DialogInstance, context: TurnContext): boolean {
    const stack = innerStack(instance);
    // "my laptop charger is sparking" at the email question: the ticket's reason, not another problem to ask about.
    if (hazardAtQuestion(stack, context)) return true;
    // "they have remote access to my computer now": a scam's victim, never our remote-access consent.
    if (scamAtQuestion(stack, context)) return true;
    // "actually let me try again first" at a contact question: not a name or an address, nor a cancel for the main dialog.
    if (keepsTryingAtQuestion(stack, context)) return true;
    // "bye" at the follow-up offer declines it: not a pause that leaves the offer open for later.
    if (stack.at(-1)?.id === FOLLOW_UP_PROMPT && leavesAtOffer(context)) return true;
    if (replacedLive(stack) !== undefined && asideWhileSwitching(context) !== undefined) return true;
    // "my printer is broken, can you email me instead" at the phone question switches the
    // follow-up (onContinueDialog): not another problem to ask about, nor a request to stop.
    const followUp = askedContactFor(stack);
    return followUp !== undefined && followUpInstead(followUp, context.activity.text) !== undefined;
  }

  /**
   * More of a scam told at the follow-up offer or a contact question ("i gave them my card number",
   * "they have remote access to my computer now"): what to do about it at once, and the ticket names
   * it and goes ahead of the queue, with the words; then the question again.
   */
  private async scamTold(innerDc: DialogContext, values: FlowValues, parts: ScamPart[]): Promise<DialogTurnResult> {
    // The reason names every part told so far ("call microsoft", then "i gave them my card"), and a hazard told before.
    return this.urgentAtQuestion(innerDc, values, scamFirstSteps(parts, false), () => ({ reason: reasonWithScam(values.reason, parts), priority: 'high' }));
  }

  /**
   * A fire or electrical hazard told at the follow-up offer or a contact question ("its smoking
   * now"): the safe first steps at once, and the ticket to come names the hazard and goes ahead of
   * the queue, with the words; then the question again. Not the billing team's ticket: they can't check a device.
   */
  private async hazardTold(innerDc: DialogContext, values: FlowValues): Promise<DialogTurnResult> {
    const text = routableText(innerDc.context.activity.text);
    // A security report stays one, the hazard named after it (reasonWithHazard).
    return this.urgentAtQuestion(innerDc, values, DAMAGE_ADVICE.hazard, () => ({ reason: reasonWithHazard(values.reason, hazardIn(text) ?? 'fire or electrical'), priority: 'high' }));
  }

  /**
   * What a hazard and a scam told at a question share: the advice at once, the technicians' ticket
   * to come named and raised by `ticket` (the billing team's is left as it is), the words kept with
   * it, and the question again.
   */
  private async urgentAtQuestion(innerDc: DialogContext, values: FlowValues, advice: string, ticket: () => Pick<FlowValues, 'reason' | 'priority'>): Promise<DialogTurnResult> {
    const text = routableText(innerDc.context.activity.text);
    await innerDc.context.sendActivity(message(advice));
    if ((values.team ?? 'technicians') === 'technicians') Object.assign(values, ticket());
    values.details = keepDetail(values.details, this.deps.redact(text));
    // The offer asked plainly: its opening hours again, after the advice, would bury the question.
    if (innerDc.activeDialog?.id === FOLLOW_UP_PROMPT) await innerDc.context.sendActivity(ask(OFFER_QUESTION, 'choice', FOLLOW_UP_CHOICES.map((c) => c.value), { handoff: { state: 'unavailable' } }));
    else await repromptInnermost(innerDc);
    return { status: DialogTurnStatus.waiting };
  }

  /**
   * A user switching from the live queue to a follow-up keeps their place until they have given
   * the number or address. "How long?" there is told the place and asked the question again;
   * "never mind" or "I'll wait" drops the switch and keeps the place; only leaving the queue in so
   * many words ("stop waiting", "cancel my request") leaves it.
   */
  private async whileSwitching(innerDc: DialogContext, values: FlowValues, aside: SwitchAside): Promise<DialogTurnResult> {
    const { context } = innerDc;
    if (aside === 'leave') {
      const cancelled = await this.deps.stopWaiting?.(context);
      if (cancelled) await sendInTurn(context, cancelledMessage(cancelled));
      return innerDc.cancelAllDialogs();
    }
    const place = await this.deps.queue.placeOf(values.replacing!);
    if (place?.handoff.status !== 'waiting') {
      // Claimed or ended meanwhile: the technician's arrival, or the end, was announced in this chat.
      return innerDc.cancelAllDialogs();
    }
    const kept = alreadyQueuedMessage(place.handoff, place.position, place.etaSeconds, {
      waitedSeconds: this.deps.queue.waitingSeconds(place.handoff),
      unavailable: await unavailableNow(this.deps.availability),
      switching: true,
      ...(aside === 'stay' ? { lead: `OK, I won't arrange ${values.followUp === 'email' ? 'an email' : 'a call back'}, and you keep your place.` } : aside === 'there' ? { lead: "Yes, I'm here." } : {}),
      // The live ticket ends once the number or address is given: its number is the user's only until then.
      ...(aside === 'number' ? { lead: `Your ticket number is ${place.handoff.id} while you wait in the queue; ${values.followUp === 'email' ? "the email gets a ticket number of its own once you've given your address" : "the call back gets a ticket number of its own once you've given your number"}.` } : {}),
    });
    await sendInTurn(context, kept);
    if (aside === 'stay') {
      await this.keptWaiting(context, values);
      return innerDc.cancelAllDialogs();
    }
    await repromptInnermost(innerDc);
    return { status: DialogTurnStatus.waiting };
  }

  private async start(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const parsed = optionsSchema.safeParse(step.options ?? {});
    const options = parsed.success ? parsed.data : {};
    // No handoff was ever started in this conversation: none can be waiting, no read needed.
    const mayHaveOne = (await this.deps.mayHaveOwner?.(step.context)) ?? true;
    let existing = mayHaveOne ? await this.deps.queue.activeFor(step.context.activity.conversation.id) : undefined;
    const values = step.values as FlowValues;
    const asked = followUpAsked(options.classification?.text ?? step.context.activity.text);
    // Asked again in a new chat, the one they queued in closed: their ticket comes here with its
    // place (or, held by a technician there, the user is told so), rather than a second one.
    // "Call me back instead" moves it only to leave the live queue, as "stop waiting" does.
    const leaving = asked !== undefined && this.deps.leaveQueue !== undefined;
    const earlier = existing || !(await this.deps.mayHaveEarlierTicket?.(step.context)) ? undefined : await this.deps.earlierTicket?.(step.context, { leaving });
    if (earlier?.state === 'taken') {
      await tellEarlierTicket(step.context, this.deps.queue, earlier);
      return step.endDialog();
    }
    if (earlier) existing = earlier.handoff;
    if (existing?.status === 'waiting' && asked && this.deps.leaveQueue) {
      // Waiting too long (a technician at lunch): the ticket becomes a callback or an email. The
      // user keeps their place while giving the number or address, in case they stop half-way.
      return this.collectInstead(step, asked, existing, { replacing: existing.id, movedHere: earlier !== undefined });
    }
    if (earlier) {
      await tellEarlierTicket(step.context, this.deps.queue, earlier);
      return step.endDialog();
    }
    if (existing?.status === 'waiting') {
      const place = await this.deps.queue.placeOf(existing.id);
      const unavailable = place && (await unavailableNow(this.deps.availability));
      if (place) await sendInTurn(step.context, alreadyQueuedMessage(existing, place.position, place.etaSeconds, { waitedSeconds: this.deps.queue.waitingSeconds(existing), unavailable }));
      return step.endDialog();
    }
    // An open callback or email ticket (looked for only when one is named, or below when none can chat now).
    const open = asked ? await this.deps.openFollowUp?.(step.context) : undefined;
    // "Actually, call me instead" with an email ticket open: one ticket of the other kind replaces it.
    if (open && asked && asked !== open.kind) return this.collectInstead(step, asked, open, { replacingFollowUp: open.id });
    if (open) {
      await sendInTurn(step.context, followUpStatusMessage(open, await this.deps.availability()));
      return step.endDialog();
    }
    const security = options.classification?.security === true;
    // "No thanks" to the billing team's call back, then "actually yes call me": that request, for
    // the billing team, not a technician's call about nothing.
    const declined = options.team || options.reason || security ? undefined : await this.deps.declinedJustBefore?.(step.context);
    if (declined) Object.assign(options, { reason: declined.reason, caseId: declined.caseId, team: 'billing', cancellation: declined.cancellation });
    // "my charger is sparking, can i talk to someone": the hazard says why, and how urgent, before the person.
    const told = options.classification?.text ?? step.context.activity.text ?? '';
    const damage = options.reason ? undefined : physicalDamageIn(told);
    const scam = security ? scamPartsIn(told) : [];
    values.reason = options.reason ?? (security ? (scam.length > 0 ? scamReason(scam) : 'Security report') : damage ? damageReason(damage, told) : 'Asked for a technician');
    values.team = options.team;
    values.cancellation = options.cancellation;
    values.fromStep = options.fromStep;
    values.priority = options.priority ?? (security || damage === 'hazard' ? 'high' : 'normal');
    values.caseId = options.caseId ?? (await this.deps.caseIdOf(step.context));
    if (options.caseId && options.caseFacts) values.caseFacts = options.caseFacts;
    // From a troubleshooting flow the case says what the device and the problem are: the
    // technician's queue shows those rather than "none" and the words of the last message.
    const named = options.classification?.device;
    const words = options.summary ?? options.classification?.text;
    if (await this.deps.isRecordingOff(step.context)) {
      // Recording off keeps a case record without message text (P8): not even the user's words
      // as the queue's one-line summary. The case's problem (a flow's title) or the reason says it.
      values.summary = values.caseFacts?.problem ?? values.reason;
    } else {
      // Stored masked, as the transcript is, so the record never holds the contact details or
      // address someone typed in their request (P10); the views mask it again, which keeps placeholders.
      values.summary = words !== undefined ? this.deps.redact(words) : values.caseFacts?.problem;
    }
    values.device = named && named !== 'none' ? named : (values.caseFacts?.device ?? 'none');

    const availability = await this.deps.availability();
    if (availability.available) {
      values.mode = 'live';
      if (!security && damage && damage !== 'impact') await step.context.sendActivity(message(DAMAGE_ADVICE[damage]));
      // A scam can't wait for the technician to join either: the bank called, the computer cut off now.
      if (scam.length > 0) await step.context.sendActivity(message(scamFirstSteps(scam, true)));
      await step.context.sendActivity(
        message(security ? "That sounds like a security issue, so I'm putting you through to a technician with priority." : `I'll connect you with ${staffOf(values.team).one}.`),
      );
      return this.collect(step, { fields: ['name', 'email'], purpose: `so ${staffOf(values.team).someone} can follow up`, ...liveContactIn(options.classification?.text) });
    }
    // Looked for above already when the user named a follow-up.
    const pending = asked ? undefined : await this.deps.openFollowUp?.(step.context);
    // Another team's ticket is no answer to this request: "my card got charged twice" after a technician's
    // email ticket was told that ticket's status, and the billing team never heard of the charge.
    if (pending && (pending.team ?? 'technicians') === (values.team ?? 'technicians')) {
      await sendInTurn(step.context, followUpStatusMessage(pending, availability, await this.addToTicket(step.context, pending, values)));
      return step.endDialog();
    }
    values.mode = 'offer';
    // A hacked account cannot wait for Monday: what the user can do now, before the follow-up offer.
    if (security) await step.context.sendActivity(message(scam.length > 0 ? scamFirstSteps(scam, true) : SECURITY_FIRST_STEPS));
    // Nor can sparks or a soaked laptop: the safe first steps before the call back is arranged.
    else if (damage && damage !== 'impact') await step.context.sendActivity(message(DAMAGE_ADVICE[damage]));
    if (asked) {
      // "Can someone call me?": asked already, so not offered again; the contact question follows.
      values.followUp = asked;
      await step.context.sendActivity(message(unavailableText(availability, values.team, asked), { handoff: { state: 'unavailable' } }));
      // "can someone call me at 646-555-0188 tomorrow morning": the number asked with is the answer to
      // come, read after the contact notice (the time beside it too, afterFollowUpContact); it was asked for again.
      const text = step.context.activity.text ?? '';
      const typed = this.typedFor(asked, text, options.classification?.text);
      const time = typed.typed && asked === 'callback' ? callTimeBesideNumber(typed.typed[CONTACT_FOR[asked].field]!) : undefined;
      if (time) values.callTime = this.deps.redact(time);
      return this.collect(step, { ...contactOptions(asked, values.team), ...typed });
    }
    const offer = choicePrompt(unavailableText(availability, values.team), OFFER_RETRY, FOLLOW_UP_CHOICES, { handoff: { state: 'unavailable' } });
    const about: OfferAbout = { cancellation: values.cancellation === true };
    return step.prompt(FOLLOW_UP_PROMPT, { ...offer, validations: about });
  }

  private async afterFirst(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as FlowValues;
    if (values.replacing || values.replacingFollowUp || values.followUp) return step.next(step.result); // the contact for the follow-up was just collected
    if (values.mode === 'live') {
      const { handoff, place } = await this.queue(step, 'live', step.result);
      if (place) await sendInTurn(step.context, queuedMessage(handoff, place.position, place.etaSeconds));
      await this.deps.onStarted(step.context, handoff, (step.values as FlowValues).caseFacts);
      return step.endDialog({ handoffId: handoff.id });
    }
    const picked = followUpAt((step.result as { index?: number } | undefined)?.index);
    if (picked) {
      values.followUp = picked;
      const text = step.context.activity.text ?? '';
      // "My phone is broken" picked the email (followUpByContact): said as at the phone question, and the call back is not offered back.
      const noPhone = picked === 'email' ? noPhoneToCall(text) : undefined;
      if (noPhone) {
        values.refused = ['callback'];
        await sayInstead(step.context, 'email', values.team, noPhone === 'broken' ? 'phoneBroken' : 'cannotTakeOther');
      }
      // "jo@example.com" typed at the offer picked the email: it is the answer to come, not asked for again.
      const request = optionsSchema.safeParse(step.options ?? {}).data?.classification?.text;
      const typed = this.typedFor(picked, text, request);
      return this.collect(step, { ...contactOptions(picked, values.team), ...typed });
    }
    // "no wait, actually my printer is offline": no follow-up, but the problem is not lost: it is offered once this ends.
    const said = getClassification(step.context);
    if (said?.intent === 'troubleshoot' && said.device !== 'none' && namesAFault(said.text)) keepProblemForLater(step.context);
    // "no wait let me keep trying" after asking at a step: the guide goes on from that step (TroubleshootDialog), nothing ends.
    if (values.fromStep && KEEP_TRYING.test(step.context.activity.text ?? '')) return step.endDialog({ keepTrying: true });
    await step.context.sendActivity(message(followUpDeclinedText(values.team, values.reason, leavesAtOffer(step.context))));
    if (values.team === 'billing') await this.deps.declinedJustBefore?.(step.context, { reason: values.reason, caseId: values.caseId, cancellation: values.cancellation });
    return step.endDialog();
  }

  private async afterFollowUpContact(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as FlowValues;
    const kind = values.followUp ?? 'email';
    const contact = (step.result ?? {}) as Partial<Record<ContactField, unknown>>;
    const needed = CONTACT_FOR[kind].field;
    if (!contact[needed]) {
      const missing = kind === 'callback' ? 'a phone number' : 'an email address';
      await step.context.sendActivity(message(`Without ${missing} I can't arrange that. You can ask me again any time.`, { handoff: { state: 'unavailable' } }));
      await this.keptWaiting(step.context, values);
      return step.endDialog();
    }
    // The follow-up is written before the user leaves the live queue: a failure between the two
    // leaves both tickets, never neither. Its id follows from the live one's, so an answer retried
    // after such a failure finds the follow-up instead of writing a second.
    const replaced = values.replacing ?? values.replacingFollowUp;
    const opened = await this.queue(step, kind, contact, replaced && followUpIdFor(replaced, kind));
    // "(212) 555-0198 after 6pm": the time for the call, typed with the number, goes on the ticket with it.
    const typedNow = kind === 'callback' ? callTimeBesideNumber(step.context.activity.text ?? '') : undefined;
    const time = typedNow ? this.deps.redact(typedNow) : kind === 'callback' ? values.callTime : undefined;
    const handoff = (time && (await this.deps.queue.setPreferredTime(opened.handoff.id, time))) || opened.handoff;
    if (values.replacing && !(await this.deps.leaveQueue?.(step.context, handoff.id))) {
      // A technician picked the user up in the meantime: they are here, no follow-up needed.
      return step.endDialog();
    }
    if (values.replacingFollowUp) await this.deps.withdraw?.(values.replacingFollowUp);
    await this.deps.openFollowUp?.(step.context, handoff.id);
    if (values.replacing) await step.context.sendActivity(message("I've taken you out of the live queue."));
    await sendInTurn(step.context, followUpMessage(handoff, await this.deps.availability()));
    await this.deps.onStarted(step.context, handoff, (step.values as FlowValues).caseFacts);
    return step.endDialog({ handoffId: handoff.id });
  }

  /**
   * A technician asked for about another problem (a guide's case other than the ticket's) while a
   * callback or email ticket is open: the problem goes on that ticket rather than being lost, as
   * the user gets one ticket at a time. Its words are the summary's, masked (and none with recording off).
   */
  private async addToTicket(context: TurnContext, ticket: HandoffRecord, values: FlowValues): Promise<string | undefined> {
    const caseId = values.caseId;
    if (!caseId || caseId === ticket.caseId) return undefined;
    // A device problem is not the billing team's to call back about, nor a billing one a technician's.
    if ((values.team ?? 'technicians') !== (ticket.team ?? 'technicians')) return undefined;
    const problem = values.summary ?? values.reason;
    const device = values.device !== 'none' && values.device !== ticket.device ? ` (${values.device})` : '';
    const note = `also, asked later: ${problem}${device}`;
    // Asked twice about the same problem: the ticket has it, and whoever was told of it needn't be again.
    const already = (ticket.summary ?? ticket.reason).includes(note);
    const added = await this.deps.queue.addProblem(ticket.id, note, { problem, device: values.device, caseId });
    if (added && !already) await this.deps.onAdded?.(context, added, { kind: 'problem', text: `${problem}${device}` });
    return added ? problem : undefined;
  }

  /**
   * The switch to a follow-up was dropped, so the live ticket waits on. One that moved here from an
   * earlier chat for the switch was not announced to an agent hub then (earlierTicketFinder's
   * `leaving`): it is now, so a hub that takes it up writes where the user is.
   */
  private async keptWaiting(context: TurnContext, values: FlowValues): Promise<void> {
    if (!values.movedHere || !values.replacing) return;
    const ticket = await this.deps.queue.get(values.replacing);
    if (ticket?.status === 'waiting' && ticket.conversationId === context.activity.conversation.id) await this.deps.onMoved?.(context, ticket);
  }

  /** "Call me back instead": the ticket `from` becomes a follow-up of the kind asked once the user gives the number or address. */
  private async collectInstead(step: WaterfallStepContext, asked: FollowUpKind, from: HandoffRecord, replaced: Pick<FlowValues, 'replacing' | 'replacingFollowUp' | 'movedHere'>): Promise<DialogTurnResult> {
    Object.assign(step.values, { reason: from.reason, priority: from.priority, caseId: from.caseId, summary: from.summary, device: from.device, team: from.team, mode: 'offer', followUp: asked, ...replaced });
    await step.context.sendActivity(message(insteadText(asked, from.team)));
    return this.collect(step, contactOptions(asked, from.team));
  }

  /**
   * The number or address for `kind` typed in the message just sent, or else in the request that
   * started the handoff ("... my number is 646 555 0188", then "1" at "which of these do you mean?"
   * or "Call me back" at the offer): the answer to come, offered back after the contact notice. The
   * request is read as the question would read it, so an order or serial number in it is not taken
   * for a phone number and refused ("that's not a valid number") before the user was asked anything.
   */
  private typedFor(kind: FollowUpKind, text: string, request: string | undefined): { typed?: Partial<Record<ContactField, string>> } {
    const field = CONTACT_FOR[kind].field;
    if (givesContact(kind, text)) return { typed: { [field]: text } };
    const real = request !== undefined && (kind === 'email' ? readEmail(request) : readPhone(request, this.deps.defaultRegion)).ok;
    return real ? { typed: { [field]: request } } : {};
  }

  private collect(step: WaterfallStepContext, options: { fields: ContactField[]; purpose: string; typed?: Partial<Record<ContactField, string>> }): Promise<DialogTurnResult> {
    if (!step.findDialog(CONTACT_INFO)) return step.next(undefined);
    // A returning user is offered the address or number on file rather than asked for it again.
    const { team, followUp } = step.values as FlowValues;
    return step.beginDialog(CONTACT_INFO, { ...options, offerHeld: heldOffer(team, followUp) });
  }

  private async queue(step: WaterfallStepContext, kind: HandoffKind, contact: unknown, id?: string): Promise<{ handoff: HandoffRecord; place?: QueuePlace }> {
    const values = step.values as FlowValues;
    const given = (contact ?? {}) as Partial<Record<ContactField, unknown>>;
    // Asked before markStarted changes the answer.
    const ownerAbsent = (await this.deps.mayHaveOwner?.(step.context)) === false;
    await this.deps.markStarted?.(step.context);
    const recordingOff = await this.deps.isRecordingOff(step.context);
    // With recording off the record keeps no words of the user (P8), so not what they added either.
    const summary = values.details?.length && !recordingOff ? summaryWithDetails(values.summary ?? values.reason, values.details) : values.summary;
    const created = await this.deps.queue.create({
      conversationId: step.context.activity.conversation.id,
      userId: userIdOf(step.context.activity),
      kind,
      priority: values.priority,
      reason: values.reason,
      ...(summary ? { summary } : {}),
      device: values.device,
      ...(values.caseId ? { caseId: values.caseId } : {}),
      ...(values.team ? { team: values.team } : {}),
      contactFields: CONTACT_FIELDS.filter((f) => Boolean(given[f])),
      recordingOff,
    }, { ownerAbsent, id });
    // Asked again while already waiting: where it stands now.
    const place = created.place ?? (created.created ? undefined : await this.deps.queue.placeOf(created.handoff.id));
    return { handoff: created.handoff, place };
  }
}

// "..., my name is Jo Smith, my email is ...": the name up to the end of its clause.
const NAME_IN_REQUEST = /\bmy name(?:'s| is)\s+([^,.;!?]+)/i;

/**
 * The name and email address typed in a request for a person ("can i talk to a person, my email is
 * jo@example.com"): the answers to come, offered back after the contact notice; they were asked for
 * as if never typed. Only what reads cleanly as one: "my name is Jo and my printer is broken" is asked.
 */
function liveContactIn(request: string | undefined): { typed?: Partial<Record<ContactField, string>> } {
  if (request === undefined) return {};
  const name = NAME_IN_REQUEST.exec(request)?.[1];
  const typed: Partial<Record<ContactField, string>> = {
    ...(name !== undefined && readName(name).ok ? { name } : {}),
    ...(readEmail(request).ok ? { email: request } : {}),
  };
  return Object.keys(typed).length > 0 ? { typed } : {};
}

/** Who would use the details on file, and for what: "Shall the technician email you at j***@example.com?" */
function heldOffer(team: HandoffTeam | undefined, followUp: FollowUpKind | undefined): { who: string; does: string } {
  return { who: staffOf(team).the, does: followUp ? CONTACT_FOR[followUp].does : 'reach you' };
}

/** Whether the message tells of a fire or electrical hazard at a question of the handoff's (the follow-up offer, a contact question). */
function hazardAtQuestion(stack: DialogInstance[], context: TurnContext): boolean {
  const asking = stack.at(-1)?.id;
  return (asking === FOLLOW_UP_PROMPT || asking === CONTACT_INFO) && hazardIn(routableText(context.activity.text)) !== undefined;
}

/**
 * The parts of a scam a message tells at a question of the handoff's (the follow-up offer, a contact
 * question). Card details given count only in a security report's handoff: "i gave them my card
 * number" to the billing team is about a payment.
 */
function scamAtQuestion(stack: DialogInstance[], context: TurnContext): ScamPart[] | undefined {
  const asking = stack.at(-1)?.id;
  if (asking !== FOLLOW_UP_PROMPT && asking !== CONTACT_INFO) return undefined;
  const reported = flowValuesOf(stack)?.reason.startsWith('Security report') === true;
  const parts = scamPartsIn(routableText(context.activity.text)).filter((part) => part !== 'payment' || reported);
  return parts.length > 0 ? parts : undefined;
}

/** Whether a handoff asked for at a guide's step is at a contact question and the user would rather go on with the guide. */
function keepsTryingAtQuestion(stack: DialogInstance[], context: TurnContext): boolean {
  return stack.at(-1)?.id === CONTACT_INFO && flowValuesOf(stack)?.fromStep === true && KEEP_TRYING.test(context.activity.text ?? '');
}

/** What a message at the number or address for a follow-up instead of waiting is about, when not the answer. */
type SwitchAside = 'leave' | 'stay' | 'wait' | 'there' | 'number';

function asideWhileSwitching(context: TurnContext): SwitchAside | undefined {
  const text = context.activity.text;
  if (leavesTheQueue(text)) return 'leave';
  // Any other sure reading of cancel ("forget it") drops the switch: the safe reading keeps the place.
  if (keepsWaiting(text) || isSure(getClassification(context), 'cancel')) return 'stay';
  // As the queue's guard reads them, which leaves them to this dialog here: "whats my tiket number".
  const mended = mendTicketWords(text);
  if (asksForTicketNumber(mended)) return 'number';
  if (asksAboutTheWait(mended) || asksAboutFollowUp(mended)) return 'wait';
  if (ARE_YOU_THERE.test((text ?? '').trim())) return 'there';
  return undefined;
}

/** The flow's step values: the flow is the waterfall at the bottom of a handoff's inner stack, and step.values live in its state. */
function flowValuesOf(stack: DialogInstance[]): FlowValues | undefined {
  return (stack[0]?.state as { values?: FlowValues } | undefined)?.values;
}

/** The follow-up whose number or address a handoff's inner stack is asking for. */
function askedContactFor(stack: DialogInstance[]): FollowUpKind | undefined {
  return stack.at(-1)?.id === CONTACT_INFO ? flowValuesOf(stack)?.followUp : undefined;
}

/** The live ticket a handoff's inner stack is turning into a follow-up, while the number or address for it is asked. */
function replacedLive(stack: DialogInstance[]): string | undefined {
  const replacing = flowValuesOf(stack)?.replacing;
  return replacing && stack.at(-1)?.id === CONTACT_INFO ? replacing : undefined;
}

/** From the stored dialog state: whether a handoff is being asked for (its details collected), so no ticket is open yet but one is coming. */
export function handoffUnderway(dialogState: unknown): boolean {
  for (const level of stackLevels<DialogInstance>(dialogState)) if (level.some((instance) => instance.id === HANDOFF_DIALOG)) return true;
  return false;
}

/**
 * From the stored dialog state (as loaded before the dialogs run): the live ticket the user is
 * turning into a follow-up, while they are asked for the number or address. The queue's guard
 * leaves "stop waiting" and "how long?" to this dialog then.
 */
export function switchingFromLive(dialogState: unknown): string | undefined {
  for (const level of stackLevels<DialogInstance>(dialogState)) {
    const active = level.at(-1)!;
    if (active.id === HANDOFF_DIALOG) return replacedLive(innerStack(active));
  }
  return undefined;
}

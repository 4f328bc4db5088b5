import {
  Dialog,
  type DialogContext,
  type DialogInstance,
  type DialogTurnResult,
  DialogTurnStatus,
  recognizeChoices,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChoicePrompt, NAMES_ONLY } from './shared/choice-prompt';
import { wholeAnswerReader } from './shared/whole-answer';
import { isDecline } from './privacy/field-collection';
import type { Intent } from '../services/nlu/labels';
import { cancelsFirst, markStoppedByUser, SAYS_CANCEL } from './shared/cancel-words';
import { cancelsMyRequest } from '../services/handoff/handoff-texts';
import { inQueue } from './shared/in-queue';
import { namesAPerson } from '../services/nlu/person-request';
import { namesABill, type Classification } from '../services/nlu/router';
import { isQuestion } from '../services/nlu/question';
import { opensNotKnowing } from '../services/nlu/not-knowing';
import { splitClauses } from '../services/nlu/clauses';
import { capabilitiesText, INTENT_CHOICE_LABEL, STARTER_SUGGESTIONS } from './capabilities';
import { classifyActivity, getClassification, SURE_CONFIDENCE, UNMISTAKABLE } from './classification';
import { asksHowToDo, asksWhatIsMeant, asksWhatIAm, asksWhichRouter, FILES_REPLY, onlyFiles, smallTalk } from './small-talk';
import { answeredByPick, innerStack, repromptInnermost } from './open-question';
import { HANDOFF_DIALOG } from './handoff/handoff-dialog';
import { BILLING_DIALOG } from './billing/billing-dialog';
import { insistsOnCancelling } from '../services/billing/billing-answers';
import {
  anotherProblemAt,
  billingPickIn,
  innermostOptions,
  labelsOf,
  matchesOfferedChoice,
  offersAPerson,
  pendingQuickReplies,
  type PromptShape,
  runsInside,
  waitingFor,
  wordsIn,
} from './pending-question';
import { asksPrivacySettings, requestStatusAsked } from '../services/nlu/privacy-questions';
import { choicePrompt, message, type Expects } from './wire';

// What a message typed at an open question is: an answer to it, small talk, or a request that
// interrupts it (and which request, asked about first or taken up at once).

// "what now", "now what?", "so what do i do now": asked at an open question, it is that question.
// "What should I do now dear?": a word of address after it asks nothing more.
const WHAT_NOW = /^(?:(?:ok(?:ay)?|so|and|um+)[,\s]+)?(?:what now|now what|what next|what(?:'?s| is) next|what (?:do|should|shall|can) i do (?:now|next))(?:[,\s]+(?:dear|love|luv|hun|honey|darling|sweetie|mate|please|then))?[?.!\s]*$/i;

/**
 * Intents that may interrupt whatever dialog is active (core-bot's cancel-and-help, widened).
 * Billing too: "I was charged twice" in the middle of a printer flow is a question to answer,
 * not a wrong pick from the step's options.
 */
const INTERRUPTING: ReadonlySet<Intent> = new Set<Intent>([
  'help',
  'cancel',
  'human',
  'billing',
  'opt_out',
  'data_access',
  'data_correction',
  'data_deletion',
  'remote_access',
]);

/** While a prompt waits for one of these, only an unmistakable request interrupts it. */
const DATA_ANSWERS: ReadonlySet<Expects> = new Set<Expects>([
  'name',
  'email',
  'phone',
  'address',
  'birthdate',
  'otp',
  'device_model',
  'purchase_date',
  'serial',
  'diagnostics',
  'rating',
]);

const YES_OR_NO = /^(y|yes|yeah|yep|yup|sure|ok|okay|n|no|nope|nah|not really|no thanks)\b[\s.!]*$/i;
/**
 * At an open question, requests read with less confidence than this are asked about first: answers
 * to a step read like them ("i deleted them all" as deletion at 0.96, "my email is fine on the
 * website" as a correction at 0.81, "its the firestick remote" as remote access at 0.77). A data
 * request opens a record and asks for identity, so it needs a near-certain reading; remote access
 * asks for consent itself, and its withdrawal must never wait. Opt-outs are not asked about:
 * stopping something harms nobody, and "don't record this chat" must work at once.
 */
const ASK_FIRST_BELOW: Partial<Record<Intent, number>> = { data_access: 0.98, data_correction: 0.98, data_deletion: 0.98, remote_access: UNMISTAKABLE };
const CONFIRM_INTERRUPTION = 'confirmInterruption';
const WAS_MY_ANSWER = 'No, that was my answer';
/** Questions for a way to reach the user, where a new problem typed is asked about (see anotherProblemAt). */
const CONTACT_ANSWERS: ReadonlySet<Expects> = new Set<Expects>(['name', 'phone', 'email']);
const HELP_WITH_THAT = 'Help with that now';
const CARRY_ON = 'Carry on where we were';
// The user takes back what they asked before: "no wait", "no, actually", "sorry, I meant". (Not a
// bare "actually" or "instead": "actually, stop emailing me" or "text me instead" take nothing back.)
const CORRECTS = /^(?:no[,.!]?\s+wait|wait[,.!]?\s+no|no[,.!]?\s+(?:actually|sorry)|sorry,?\s+i meant|i meant|scratch that|forget that)\b/i;
// A change of mind at a yes/no question: "no, just show me my data", "actually, ...", "wait, ...".
const CHANGES_MIND = /^(?:no|nope|actually|wait)\b/i;
const INTERRUPTION_PROMPT = 'clarifyInterruption';
// "cancel that, its usb", "no cancel that i meant the usb one": an answer taken back, and what it is instead.
const TAKES_BACK_ANSWER = /^(?:no[,.!]?\s+)?cancel (?:that|this)[\s,.!-]+(?:it'?s|it is|i meant|i mean|actually|its)\b/i;
// "Is this what you want, or was that your answer?": a plain "yes" is the request, a plain "no" the answer.
const readYesOrNo = wholeAnswerReader();
/** Up to this many words typed at an open question may be a (wrong) answer to it rather than a request. */
const BARE_ANSWER_WORDS = 2;

/**
 * A feature that serves several intents and starts over when, while it is active, the user asks
 * for another of them ("delete my data" while an access request waits for its code, "stop sending
 * me offers" while opting back in): the active instance is replaced, and its onEndDialog sees
 * DialogReason.replaceCalled. `text` is what the user typed, as the router read it.
 */
export interface StartsOver {
  startsOverFor(instance: DialogInstance, intent: Intent, text: string): boolean;
}

/** What CONFIRM_INTERRUPTION asks about; `instead`: a new problem typed at this contact question, which replaces what was under way. */
interface ConfirmInterruption {
  classification: Classification;
  instead?: Expects;
}

/** What the interruptions take from the main dialog. */
export interface InterruptionHost {
  company: string;
  /** When technicians work, for small talk's "what are your opening hours?". */
  technicianHours?: string;
  classify(text: string): Classification;
  /** The dialog that serves each intent, by id. */
  featureIds: ReadonlyMap<Intent, string>;
  /** The prompt that asks "which of these?", taking a sure request typed instead as no pick. */
  clarifyPrompt: string;
  /** Whether a request that opens a record in the privacy ledger is under way. */
  privacyRequestUnderway(innerDc: DialogContext): boolean;
  /** Keeps the problem named, to offer once what is under way is done. */
  keep(innerDc: DialogContext, classification: Classification): void;
}

export class Interruptions {
  constructor(private readonly host: InterruptionHost) {}

  /** The prompt the "is this what you want, or was that your answer?" question waits at. */
  prompt(): Dialog {
    return new ChoicePrompt(INTERRUPTION_PROMPT, async (prompt) => {
      if (prompt.recognized.succeeded) return true;
      const answer = readYesOrNo(prompt.context.activity.text);
      if (!answer) return false;
      const index = answer === 'yes' ? 0 : 1;
      prompt.recognized.value = { value: index === 0 ? 'yes' : WAS_MY_ANSWER, index, score: 1 };
      return true;
    });
  }

  /** The dialog that asks before an interruption is taken up. */
  confirmation(): Dialog {
    return new WaterfallDialog(CONFIRM_INTERRUPTION, [this.askInterruption.bind(this), this.afterInterruption.bind(this)]);
  }

  /**
   * The turn, when this message typed at the open question is taken as something else (small talk,
   * or a request that interrupts); undefined when it is for the question to read.
   */
  async interrupt(innerDc: DialogContext, text: string, pending: PromptShape | undefined): Promise<DialogTurnResult | undefined> {
    const expects = waitingFor(pending);
    // An offered answer is an answer, even when it reads like small talk ("I don't know how" picks "I can't find that").
    // Not "where do i find my router": its "where do i find" is no answer of the step's about a setting,
    // but a question about which box the router is, which small talk explains with the step kept.
    // Nor "are you a bot or a real person?": its "person" asks what we are, and picks no "Talk to a technician".
    const offered = text !== '' && expects === 'choice' && matchesOfferedChoice(pending, text) && !asksWhichRouter(text) && !asksWhatIAm(text);
    // "what?" at a phone number question: nothing to pick, so no "pick the answer that fits" (small
    // talk's) and no reading as a request for help; the question's re-ask says what it wants.
    if (expects !== undefined && !answeredByPick(expects) && asksWhatIsMeant(text)) return undefined;
    // "what now" at an open question: that question is what now. Read as "help", it got the whole
    // list of what the bot does before the question again.
    if (expects !== undefined && WHAT_NOW.test(text.trim())) {
      await repromptInnermost(innerDc);
      return Dialog.EndOfTurn;
    }
    // "how do i find that" at the model question: that question says where it is written, for the device asked about.
    if (expects === 'device_model' && asksHowToDo(text)) return undefined;
    const smallTalkContext = { company: this.host.company, technicianHours: this.host.technicianHours };
    const small = offered ? undefined : text ? smallTalk(text, { ...smallTalkContext, questionOpen: expects !== undefined, pickOpen: expects === 'choice' || expects === 'confirm', inQueue: inQueue(innerDc.context), personUnderway: arrangingPerson(innerDc) }) : onlyFiles(innerDc.context) ? FILES_REPLY : undefined;
    if (small?.pause) {
      // The question stays open: what it expects and its quick replies go with the pause, so the
      // buttons are still there when the user is back.
      await innerDc.context.sendActivity(message(small.text, expects ? { expects } : undefined, pendingQuickReplies(pending)));
      return Dialog.EndOfTurn;
    }
    if (small) {
      await innerDc.context.sendActivity(message(small.text));
      await innerDc.context.sendActivity(message("Let's carry on where we were."));
      await repromptInnermost(innerDc);
      return Dialog.EndOfTurn;
    }
    const routed = getClassification(innerDc.context) ?? classifyActivity(innerDc.context, this.host.classify);
    // "i want to cancel my request" at a question of the request under way (a deletion's address) stops
    // it: the router reads it as a subscription cancelled (billing, 0.42), and the address question took it
    // for a mistyped address.
    const classification = routed && expects !== undefined && cancelsMyRequest(routed.text) ? { ...routed, intent: 'cancel' as const, ambiguous: false } : routed;
    // "actually my printer is broken" at the number for a call back: no number, and no answer the
    // question will ever read. It is asked about (the user may be telling the technician what is
    // wrong), as a guessed request is; troubleshoot interrupts nothing on its own (step answers read like it).
    if (classification && expects && anotherProblemAt(expects, classification) && this.host.featureIds.has('troubleshoot')) {
      // Not asked during a privacy request: "Help with that now" ends what was under way, and a
      // request the user made about their data is never dropped for a guide. Finishing it takes an
      // answer or two; the problem is kept (as routed: redacted) and offered after it (MainDialog's offerMentioned).
      if (this.host.privacyRequestUnderway(innerDc)) {
        this.host.keep(innerDc, classification);
        return finishFirst(innerDc, "Then we'll look at the other problem.");
      }
      if (CONTACT_ANSWERS.has(expects)) return innerDc.beginDialog(CONFIRM_INTERRUPTION, { classification, instead: expects });
    }
    // "Did you delete my data yet?" or "what did i just opt out of?" at any question (the code for
    // that very request, the do-not-market address): where the user's requests or choices stand is
    // a quick answer from their records, and the question is asked again after it, as after "help".
    // Only these privacy questions: the others, at a contact question, are about that question, and
    // its notice answers them (field-collection's noticeAnswer).
    const privacyInfo = this.host.featureIds.get('privacy_info');
    const asksWhereThingsStand = classification !== undefined && (requestStatusAsked(classification.text) !== undefined || asksPrivacySettings(classification.text));
    if (privacyInfo && classification?.intent === 'privacy_info' && asksWhereThingsStand) return innerDc.beginDialog(privacyInfo, { classification });
    if (!classification || !INTERRUPTING.has(classification.intent)) return undefined;
    // "i dont want to give my email" at an address question declines it (opt_out at 0.9: it turned
    // off marketing email, at a data request's own question too); the question says what follows.
    if (expects && DATA_ANSWERS.has(expects) && isDecline(text)) return undefined;
    const unmistakable = classification.confidence >= UNMISTAKABLE;
    const saysCancel = classification.intent === 'cancel' && SAYS_CANCEL.test(classification.text);
    // Opening with a word for stopping, read as cancel however unsure: "cancel my request" at a
    // privacy request's email question reads as cancel at 0.40, close to an access request (its
    // "request"). Not "12 Bus Stop Lane" at the address question (cancel at 0.47).
    const cancelsOutright = saysCancel && (cancelsFirst(classification.text) || cancelsMyRequest(classification.text));
    if (classification.ambiguous && !cancelsOutright) return undefined;
    // "monthly" or "twice" at "Windows PC or Mac?": billing to the router (0.88, 0.68), but a word or
    // two naming no bill, asked nothing, is a (wrong) answer to the open question, which asks again.
    if (classification.intent === 'billing' && expects !== undefined && wordsIn(text) <= BARE_ANSWER_WORDS && !namesABill(text) && !isQuestion(text)) return undefined;
    // Stopping loses the user's place: only on a word for it, or a sure reading when no question is
    // open. Answers read as cancel: "its blue" at 0.66, and at 0.89 "doing it now".
    if (classification.intent === 'cancel' && !saysCancel && (expects !== undefined || !unmistakable)) return undefined;
    // "yes cancel it now" while the cancellation goes to the billing team confirms it: stopped, no
    // one would have cancelled the subscription the user now thinks is cancelled.
    if (classification.intent === 'cancel' && insistsOnCancelling(classification.text) && cancellationUnderway(innerDc)) return undefined;
    // "cancel that, its usb" takes back an answer and gives another, as "wait its actually usb" does:
    // the question reads it. Stopped, the whole guide was lost.
    if (expects !== undefined && TAKES_BACK_ANSWER.test(classification.text.trim())) return undefined;
    // Asking for a person names one, or a way to reach one: at an open question the router's "human"
    // without such a word is an answer ("i think so" reads as human at 0.79).
    if (classification.intent === 'human' && expects !== undefined && !unmistakable && !namesAPerson(classification.text)) return undefined;
    // At a data request's code a person asked for is the privacy team, whom the code question names
    // (verify-identity-dialog): the technicians' queue, or an old ticket of theirs, is no help with it.
    if (classification.intent === 'human' && expects === 'otp') return undefined;
    // "no more texts either" (opt_out at 0.7) at the opt-out's own address question: another opt-out, which it takes up (startsOverFor).
    const anotherOptOut = classification.intent === 'opt_out' && classification.confidence >= SURE_CONFIDENCE && this.activeStartsOverFor(innerDc, classification);
    if (expects && DATA_ANSWERS.has(expects) && !unmistakable && !cancelsOutright && !anotherOptOut) return undefined;
    if (!expects || !DATA_ANSWERS.has(expects)) {
      if (classification.confidence < SURE_CONFIDENCE && !saysCancel) return undefined;
      // "no I won't do that, get me a real person": the "no" picks nothing when a person is asked
      // for. A step that offers a technician itself hands over with the case, so it reads that.
      const asksForPerson = classification.intent === 'human' && namesAPerson(classification.text) && !offersAPerson(pending);
      if (expects === 'choice' && !asksForPerson && !this.changesMindTo(innerDc, classification) && (matchesOfferedChoice(pending, classification.text) || billingPickIn(pending?.choices, classification) !== undefined)) return undefined;
      // "no" to a yes/no question is an answer, not a request to cancel.
      if (expects === 'confirm' && YES_OR_NO.test(classification.text.trim())) return undefined;
      // "No idea" reads like "no" to the router (cancel), but to an open question it is an answer.
      if (expects && classification.intent === 'cancel' && opensNotKnowing(classification.text) && !saysCancel) return undefined;
    }

    switch (classification.intent) {
      case 'help':
        await innerDc.context.sendActivity(message(capabilitiesText(this.host.company)));
        await innerDc.context.sendActivity(message("Let's carry on where we were."));
        await repromptInnermost(innerDc);
        return Dialog.EndOfTurn;
      case 'cancel': {
        await innerDc.cancelAllDialogs();
        markStoppedByUser(innerDc.context);
        const instead = this.requestAfterStop(classification.text);
        if (instead) {
          await innerDc.context.sendActivity(message("OK, I've stopped that."));
          return innerDc.beginDialog(instead.featureId, { classification: instead.classification });
        }
        await innerDc.context.sendActivity(message("OK, I've stopped that. What else can I help with?", undefined, STARTER_SUGGESTIONS));
        return { status: DialogTurnStatus.cancelled };
      }
      default: {
        const featureId = this.host.featureIds.get(classification.intent);
        const active = innerDc.activeDialog;
        if (!featureId) return undefined;
        // "can i just talk to someone" at a refund's question: the billing team takes the refund (BillingDialog reads it).
        if (classification.intent === 'human' && active !== undefined && active.id === this.host.featureIds.get('billing')) return undefined;
        // A handoff a billing request started runs inside the billing dialog: "call me instead" at
        // its email question is for that handoff to read, not the start of a second one.
        if (featureId !== active?.id && runsInside(innerDc, featureId)) return undefined;
        if (featureId === active?.id) {
          const feature = innerDc.findDialog(featureId) as Partial<StartsOver> | undefined;
          if (!feature?.startsOverFor?.(active, classification.intent, classification.text)) return undefined;
          return innerDc.replaceDialog(featureId, { classification, interrupted: true });
        }
        if (expects && classification.confidence < (ASK_FIRST_BELOW[classification.intent] ?? 0)) {
          return innerDc.beginDialog(CONFIRM_INTERRUPTION, { classification });
        }
        // "No wait, I just want to cancel my subscription": the new request replaces the one under
        // way, which is not picked up again afterwards. Otherwise it resumes once this one is done.
        if (active && CORRECTS.test(classification.text)) return innerDc.replaceDialog(featureId, { classification, interrupted: true });
        return innerDc.beginDialog(featureId, { classification, interrupted: true });
      }
    }
  }

  /** Whether the active feature starts over for this request (StartsOver). */
  private activeStartsOverFor(innerDc: DialogContext, classification: Classification): boolean {
    const active = innerDc.activeDialog;
    if (!active || this.host.featureIds.get(classification.intent) !== active.id) return false;
    return (innerDc.findDialog(active.id) as Partial<StartsOver> | undefined)?.startsOverFor?.(active, classification.intent, classification.text) ?? false;
  }

  /**
   * "Actually no, just show me my data" at the erasure question: the "no" in it is no answer but
   * the user changing their mind to another request the active feature starts over for (the open
   * one is closed with its receipt, and the named one started).
   */
  private changesMindTo(innerDc: DialogContext, classification: Classification): boolean {
    return CHANGES_MIND.test(classification.text) && this.activeStartsOverFor(innerDc, classification);
  }

  /** "Just to be sure": a request that would leave the open question, asked about before it is opened. */
  private async askInterruption(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { classification, instead } = step.options as ConfirmInterruption;
    if (instead) {
      const asked = instead === 'phone' ? 'your phone number' : instead === 'name' ? 'your name' : 'your email address';
      return step.prompt(
        this.host.clarifyPrompt,
        choicePrompt(`That sounds like another problem. Shall I help you with it now (I'll stop asking for ${asked}), or carry on where we were?`, 'Please pick one of the options.', [HELP_WITH_THAT, CARRY_ON]),
      );
    }
    return step.prompt(
      INTERRUPTION_PROMPT,
      choicePrompt('Just to be sure: is this what you want, or was that your answer to my question?', 'Please pick one of the options.', [
        INTENT_CHOICE_LABEL[classification.intent],
        WAS_MY_ANSWER,
      ]),
    );
  }

  private async afterInterruption(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { classification, instead } = step.options as ConfirmInterruption;
    const featureId = this.host.featureIds.get(classification.intent);
    const picked = (step.result as { index?: number } | undefined)?.index === 0 && featureId;
    if (picked && instead) {
      // The guide replaces what was asked (a call back's number is not asked for after it): the
      // guide offers a technician when it does not help, and that handoff carries the steps tried;
      // asked again after a guide that fixed it, the user would have to say "cancel" to get out.
      await step.cancelAllDialogs();
      return step.beginDialog(featureId, { classification });
    }
    if (picked) return step.replaceDialog(featureId, { classification, interrupted: true });
    await step.context.sendActivity(message("OK. Let's carry on where we were."));
    // Ending hands the turn back to the dialog underneath, which asks its question again.
    return step.endDialog();
  }

  /**
   * "forget it, i want to switch to annual instead": a word for stopping, then a request of its own,
   * which the router reads as a cancel (0.55) and which was lost with what it stopped. The clauses
   * after the stop are classified alone; a sure request there (one that may interrupt) is taken up at once.
   */
  private requestAfterStop(text: string): { featureId: string; classification: Classification } | undefined {
    const [first, ...rest] = splitClauses(text);
    const after = rest.join(' ');
    if (!first || !SAYS_CANCEL.test(first) || after === '' || SAYS_CANCEL.test(after)) return undefined;
    const classification = this.host.classify(after);
    if (!classification || classification.ambiguous || classification.confidence < SURE_CONFIDENCE) return undefined;
    // Only a request that could interrupt anyway: "stop, this is taking forever" complains, it asks for no guide.
    if (!INTERRUPTING.has(classification.intent) || classification.intent === 'cancel' || classification.intent === 'help') return undefined;
    const featureId = this.host.featureIds.get(classification.intent);
    return featureId ? { featureId, classification } : undefined;
  }
}

/**
 * "Still offline" typed at the email question of a request that interrupted a troubleshooting
 * step answers the step underneath, not this question: the user is told the step comes back
 * after this, instead of that their email address looks wrong.
 */
export async function answersStepUnder(innerDc: DialogContext, text: string, pending: PromptShape | undefined): Promise<boolean> {
  const expects = waitingFor(pending);
  if (!text || !expects || !DATA_ANSWERS.has(expects)) return false;
  // A stack's active dialog is its last entry; the ones before it wait underneath.
  const underneath = innerDc.stack.slice(0, -1).reverse().map(innermostOptions).find((o) => o?.choices?.length);
  // By the options' own words only: "no" or "1" (synonyms, numbers) answer this question too.
  const labels = labelsOf(underneath?.choices);
  if (recognizeChoices(text, labels, NAMES_ONLY).length === 0) return false;
  await finishFirst(innerDc, "Then we'll go back to where we were.");
  return true;
}

/** The open question stays open: it is asked again after saying what comes once it is answered. */
async function finishFirst(innerDc: DialogContext, then: string): Promise<DialogTurnResult> {
  await innerDc.context.sendActivity(message(`Let's finish this first. ${then}`));
  await repromptInnermost(innerDc);
  return Dialog.EndOfTurn;
}

/** Whether the handoff dialog is anywhere on the stack (the billing and troubleshooting dialogs begin it inside their own). */
function arrangingPerson(innerDc: DialogContext): boolean {
  for (let stack: DialogInstance[] = innerDc.stack; stack.length > 0; stack = innerStack(stack.at(-1))) {
    if (stack.some((d) => d.id === HANDOFF_DIALOG)) return true;
  }
  return false;
}

/** Whether a subscription's cancellation is being passed to the billing team (the billing dialog's topic). */
function cancellationUnderway(innerDc: DialogContext): boolean {
  return innerDc.stack.some((d) => d.id === BILLING_DIALOG && (d.state as { billingTopic?: string }).billingTopic === 'cancel');
}

import {
  recognizeChoices,
  type Choice,
  ComponentDialog,
  Dialog,
  DialogContext,
  type DialogInstance,
  DialogSet,
  DialogTurnResult,
  DialogTurnStatus,
  type FoundChoice,
  type PromptValidatorContext,
  WaterfallDialog,
  WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChoicePrompt, NAMES_ONLY, picksIn } from './shared/choice-prompt';
import { wholeAnswerReader } from './shared/whole-answer';
import { isDecline } from './privacy/field-collection';
import type { Activity, StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Device, Intent } from '../services/nlu/labels';
import { ONLY_ENGLISH, otherLanguage } from '../services/nlu/language';
import { cancelsFirst, markStoppedByUser, SAYS_CANCEL } from './shared/cancel-words';
import { inQueue } from './shared/in-queue';
import { problemKeptForLater } from './shared/mentioned-problem';
import { namesAPerson, personDeclinedIn, personQuestionIn } from '../services/nlu/person-request';
import { namesABill, namesAFault, type Classification } from '../services/nlu/router';
import { isQuestion } from '../services/nlu/question';
import { opensNotKnowing } from '../services/nlu/not-knowing';
import { splitClauses } from '../services/nlu/clauses';
import { capabilitiesText, INTENT_CHOICE_LABEL, STARTER_SUGGESTIONS } from './capabilities';
import { dataRequestBesideOptOut, getClassification, routableText, SURE_CONFIDENCE, UNMISTAKABLE } from './classification';
import { annoyedEmojiOnly, asksHowToDo, asksWhatIsMeant, asksWhichRouter, smallTalk, yesToNothing, type SmallTalkContext } from './small-talk';
import { isFirstMessage } from './conversation-data';
import { answeredByPick, innermost, innermostContext, repromptInnermost } from './open-question';
import type { MentionedProblem } from './troubleshoot/troubleshoot-dialog';
import { asksToOptIn } from '../services/privacy/requests/purposes';
import { asksPrivacySettings, requestStatusAsked } from '../services/nlu/privacy-questions';
import { contactKindIn, SIGN_OFF } from '../services/handoff/handoff-texts';
import { choicePrompt, helplineData, message, type Expects } from './wire';

// The turn-state key botbuilder-dialogs' DialogStateManager looks for (a string in its source).
// "what now", "now what?", "so what do i do now": asked at an open question, it is that question.
const WHAT_NOW = /^(?:(?:ok(?:ay)?|so|and|um+)[,\s]+)?(?:what now|now what|what next|what(?:'?s| is) next|what (?:do|should) i do (?:now|next))[?.!\s]*$/i;

const STATE_CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

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

const EMOJI_ONLY = /^[\p{Emoji_Presentation}\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}\s]+$/u;
const ACKNOWLEDGEMENT = /^(?:ok(?:ay)?|k+|cool|alright|all right|got it|sure|fine|great|nice|noted|understood|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic})+)[\s.!]*$/iu;
// "?", "huh?", "hmm" with nothing asked: unsure what this chat is for, not a request we cannot serve.
const UNSURE = /^(?:\?+|h+u+h+|h+m+|u+m+|e+h+|er+m*)[\s.!?…]*$/i;
// What the router makes of a bare "yes" ("yes please" reads as an unsure cancel).
const READ_AS_NOTHING = new Set<Intent>(['out_of_scope', 'cancel']);
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
/** Questions no device problem answers (see anotherProblemAt), and the device each is about. */
// The name is about no device ('none'): any device's problem is another one.
const ANOTHER_PROBLEM_AT: Partial<Record<Expects, Device>> = { name: 'none', phone: 'phone', email: 'email', otp: 'email' };
const HELP_WITH_THAT = 'Help with that now';
const CARRY_ON = 'Carry on where we were';
// The user takes back what they asked before: "no wait", "no, actually", "sorry, I meant". (Not a
// bare "actually" or "instead": "actually, stop emailing me" or "text me instead" take nothing back.)
const CORRECTS = /^(?:no[,.!]?\s+wait|wait[,.!]?\s+no|no[,.!]?\s+(?:actually|sorry)|sorry,?\s+i meant|i meant|scratch that|forget that)\b/i;
// A change of mind at a yes/no question: "no, just show me my data", "actually, ...", "wait, ...".
const CHANGES_MIND = /^(?:no|nope|actually|wait)\b/i;
const CLARIFY_PROMPT = 'clarify';
const INTERRUPTION_PROMPT = 'clarifyInterruption';
// "Is this what you want, or was that your answer?": a plain "yes" is the request, a plain "no" the answer.
const readYesOrNo = wholeAnswerReader();
/**
 * Requests that open a record in the privacy ledger: on a guess ("hola" reads like "hold"), the
 * bot asks first rather than open a data request the user never made.
 */
const ASK_BEFORE_OPENING: ReadonlySet<Intent> = new Set<Intent>(['opt_out', 'data_access', 'data_correction', 'data_deletion']);
const ROUTE = 'route';
/** Offered next to "Talk to a technician" when the user asked whether someone can help with a device. */
const TRY_A_GUIDE = 'Try a guide first';

export interface MainDialogOptions {
  company: string;
  classify(text: string): Classification;
  /** The dialog that serves each intent; intents without one get an honest answer. */
  features: Partial<Record<Intent, Dialog>>;
  /** Dialogs features start from inside their own (e.g. 'deviceInfo' from a troubleshooting step). */
  shared?: Dialog[];
  /**
   * Asked at the first routed message of a conversation: unfinished work to offer to continue
   * (e.g. a troubleshooting flow or a refund request from an earlier conversation) that fits what
   * the user came back with.
   */
  offerResume?: (context: TurnContext, opening: Classification) => Promise<ResumeOffer | undefined>;
  /** The user chose to start something new: the offered work is not offered again. */
  declineResume?: (context: TurnContext, offer: ResumeOffer) => Promise<void>;
  /**
   * At the offer, a message that is neither option but carries on the offered work (the answer to
   * the step the user stopped at): what to add to the offer's options to continue with it.
   */
  continuesResume?: (context: TurnContext, offer: ResumeOffer, typed: Classification | undefined) => object | undefined;
  /**
   * A message that carries on the last answer: "still not working" right after a problem was fixed,
   * "ill take that one" right after the plans. The dialog and options that take it up; undefined
   * for anything else, which is routed as usual.
   */
  carriesOn?: (context: TurnContext, classification: Classification) => Promise<{ dialogId: string; options: object } | undefined>;
  /** When technicians work (describeHours), for "what are your opening hours?". */
  technicianHours?: string;
}

/**
 * A feature that serves several intents and starts over when, while it is active, the user asks
 * for another of them ("delete my data" while an access request waits for its code, "stop sending
 * me offers" while opting back in): the active instance is replaced, and its onEndDialog sees
 * DialogReason.replaceCalled. `text` is what the user typed, as the router read it.
 */
export interface StartsOver {
  startsOverFor(instance: DialogInstance, intent: Intent, text: string): boolean;
}

/**
 * A feature with a question at which words that read as interruptions mean something of its own
 * ("never mind" at the number for a callback instead of waiting takes back the callback, not the
 * place in the queue): while it is active, at any depth, it reads such a message first.
 */
export interface ReadsFirst {
  readsFirst(instance: DialogInstance, context: TurnContext): boolean;
}

/** The main dialog's own state (beside its inner dialog stack), kept while something is under way. */
interface MainDialogState {
  /** Another problem the user typed at a privacy request's question, as routed (redacted): offered once the request is done. */
  mentioned?: string;
}

export interface ResumeOffer {
  question: string;
  dialogId: string;
  options: object;
}

/** Intents after which offering to resume earlier work makes sense (not privacy requests, say); offerResume says which work fits. */
const RESUMABLE_AFTER: ReadonlySet<Intent> = new Set<Intent>(['greeting', 'troubleshoot', 'help', 'out_of_scope', 'billing']);
const RESUME_PROMPT = 'resume';
/** "continue", "carry on where we left off" as a first message: the returning user wants the old work. */
const CONTINUES = /^(?:(?:can we |let'?s |please )?(?:continue|resume|carry on|pick up where we (?:left off|stopped))(?: where we (?:left off|stopped)| from last time| please)?)[\s.!]*$/i;
/** What a returning user may bring instead of continuing (not a greeting, nor "what can you do?"). */
const STARTS_SOMETHING_NEW: ReadonlySet<Intent> = new Set<Intent>(['troubleshoot', 'human', 'billing', 'cancel', 'privacy_info', 'remote_access']);
/** Marks a "start something new" that was a request typed instead of a pick. */
const TYPED_INSTEAD = 'typed instead';
/** Marks the billing option picked by words that name a bill ("refund", "my bill", "charged twice"). */
const BILL_NAMED = 'bill named';
/** Marks a "continue" that was the old work carried on instead of a pick ("usb" at "how is the printer connected?"). */
const CARRIED_ON = 'carried on';
const CONTINUE = 'Continue where we stopped';
const START_NEW = 'Start something new';
// "continue" reads as cancel to the router (0.93): at this question it is the first answer.
const RESUME_CHOICES: Choice[] = [
  { value: CONTINUE, synonyms: ['continue', 'yes', 'yes please', 'yes continue', 'yeah', 'yep', 'sure', 'ok', 'carry on', 'resume', 'go on', "let's continue", 'pick up where we left off'] },
  // "nah, different issue": found before the old work is looked for in the message (which reads a bare "issue" as the old one still there).
  {
    value: START_NEW,
    synonyms: ['no', 'no thanks', 'nope', 'nah', 'start fresh', 'start over', 'something new', 'something else', 'new problem', 'new issue', 'different problem', 'different issue', 'another problem', 'another issue', 'start again'],
  },
];

/**
 * The root of every conversation. It routes each new request to the dialog for its intent
 * and lets a few requests interrupt any dialog, which resumes afterwards where that makes sense.
 * An empty dialog stack is the idle state: the next message is routed afresh.
 */
export class MainDialog extends ComponentDialog {
  private readonly featureIds = new Map<Intent, string>();

  constructor(private readonly options: MainDialogOptions) {
    super('main');
    const added = new Set<string>();
    for (const [intent, dialog] of Object.entries(options.features) as [Intent, Dialog][]) {
      if (!added.has(dialog.id)) {
        this.addDialog(dialog);
        added.add(dialog.id);
      }
      this.featureIds.set(intent, dialog.id);
    }
    for (const dialog of options.shared ?? []) {
      if (!added.has(dialog.id)) {
        this.addDialog(dialog);
        added.add(dialog.id);
      }
    }
    this.addDialog(new ChoicePrompt(CLARIFY_PROMPT, (prompt) => this.saidInOtherWords(prompt)));
    this.addDialog(
      new ChoicePrompt(INTERRUPTION_PROMPT, async (prompt) => {
        if (prompt.recognized.succeeded) return true;
        const answer = readYesOrNo(prompt.context.activity.text);
        if (!answer) return false;
        const index = answer === 'yes' ? 0 : 1;
        prompt.recognized.value = { value: index === 0 ? 'yes' : WAS_MY_ANSWER, index, score: 1 };
        return true;
      }),
    );
    this.addDialog(new ChoicePrompt(RESUME_PROMPT, (prompt) => this.newProblemInstead(prompt)));
    this.addDialog(new WaterfallDialog(ROUTE, [this.resumeStep.bind(this), this.routeStep.bind(this), this.clarifiedStep.bind(this)]));
    this.addDialog(new WaterfallDialog(CONFIRM_INTERRUPTION, [this.askInterruption.bind(this), this.afterInterruption.bind(this)]));
    this.initialDialogId = ROUTE;
  }

  /** Runs one turn: continues the active dialog or starts routing. */
  async run(context: TurnContext, accessor: StatePropertyAccessor): Promise<void> {
    const dc = await this.contextFor(context, accessor);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog(this.id);
  }

  /** Asks the active prompt's question again (e.g. after the bot said something else first). */
  async reprompt(context: TurnContext, accessor: StatePropertyAccessor): Promise<void> {
    const dc = await this.contextFor(context, accessor);
    if (dc.activeDialog) await repromptInnermost(dc);
  }

  private stateConfiguration?: unknown;

  /**
   * The root dialog context of a turn. botbuilder-dialogs builds its memory-scope configuration
   * (a dependency-injection container) anew in every turn unless the turn state already holds
   * one; its DialogManager keeps one for all turns, and so does this.
   */
  private async contextFor(context: TurnContext, accessor: StatePropertyAccessor): Promise<DialogContext> {
    if (this.stateConfiguration) context.turnState.set(STATE_CONFIGURATION_KEY, this.stateConfiguration);
    const dc = await new DialogSet(accessor).add(this).createContext(context);
    this.stateConfiguration ??= context.turnState.get(STATE_CONFIGURATION_KEY);
    return dc;
  }

  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const result = await this.continueInner(innerDc);
    // A feature's question took the message as something else first ("my phone is broken" at a call
    // back's number switches it to email): the problem it names is offered once that is done.
    if (problemKeptForLater(innerDc.context)) this.keep(innerDc);
    return result.status === DialogTurnStatus.waiting ? result : this.offerMentioned(innerDc, result);
  }

  private async continueInner(innerDc: DialogContext): Promise<DialogTurnResult> {
    if (this.activeFeatureReadsFirst(innerDc)) return super.onContinueDialog(innerDc);
    // Read once per message: what was typed and what the open prompt waits for.
    const text = routableText(innerDc.context.activity.text);
    const pending = pendingOptions(innerDc);
    const interrupted = await this.interrupt(innerDc, text, pending);
    if (interrupted) return interrupted;
    if (await this.answersStepUnder(innerDc, text, pending)) return Dialog.EndOfTurn;
    return super.onContinueDialog(innerDc);
  }

  /**
   * Everything under way is done: another problem the user mentioned at a privacy request's
   * question, told to wait until the request was finished (see interrupt), is offered now
   * ("You also mentioned ... Shall we look at that now?"), as the troubleshooting dialog offers a
   * second problem named in a first message. Not after "cancel": that ends this dialog, and with it
   * what it kept.
   */
  private async offerMentioned(innerDc: DialogContext, result: DialogTurnResult): Promise<DialogTurnResult> {
    const kept = this.kept(innerDc);
    const troubleshoot = this.featureIds.get('troubleshoot');
    if (!kept.mentioned || !troubleshoot || result.status === DialogTurnStatus.cancelled) return result;
    const mentioned = this.options.classify(kept.mentioned);
    delete kept.mentioned;
    return innerDc.beginDialog(troubleshoot, { mentioned } satisfies MentionedProblem);
  }

  /** Keeps the problem this message names, as routed (redacted), to offer once what is under way is done (offerMentioned). A later one replaces it. */
  private keep(innerDc: DialogContext, classification = getClassification(innerDc.context) ?? this.classifyActivity(innerDc.context)): void {
    if (classification) this.kept(innerDc).mentioned = classification.text;
  }

  /** What this dialog keeps of its own while something is under way: its instance's state, beside the stack of what runs inside it. */
  private kept(innerDc: DialogContext): MainDialogState {
    return (innerDc.parent?.activeDialog?.state ?? {}) as MainDialogState;
  }

  /**
   * "Still offline" typed at the email question of a request that interrupted a troubleshooting
   * step answers the step underneath, not this question: the user is told the step comes back
   * after this, instead of that their email address looks wrong.
   */
  private async answersStepUnder(innerDc: DialogContext, text: string, pending: PromptShape | undefined): Promise<boolean> {
    const expects = waitingFor(pending);
    if (!text || !expects || !DATA_ANSWERS.has(expects)) return false;
    // A stack's active dialog is its last entry; the ones before it wait underneath.
    const underneath = innerDc.stack.slice(0, -1).reverse().map(innermostOptions).find((o) => o?.choices?.length);
    // By the options' own words only: "no" or "1" (synonyms, numbers) answer this question too.
    const labels = labelsOf(underneath?.choices);
    if (recognizeChoices(text, labels, NAMES_ONLY).length === 0) return false;
    await this.finishFirst(innerDc, "Then we'll go back to where we were.");
    return true;
  }

  /** The open question stays open: it is asked again after saying what comes once it is answered. */
  private async finishFirst(innerDc: DialogContext, then: string): Promise<DialogTurnResult> {
    await innerDc.context.sendActivity(message(`Let's finish this first. ${then}`));
    await repromptInnermost(innerDc);
    return Dialog.EndOfTurn;
  }

  /**
   * Whether a request that opens a record in the privacy ledger (ASK_BEFORE_OPENING) is under way:
   * active, or waiting under another request that interrupted it ("talk to a person" at its email question).
   */
  private privacyRequestUnderway(innerDc: DialogContext): boolean {
    const ids = new Set([...ASK_BEFORE_OPENING].map((intent) => this.featureIds.get(intent)));
    return innerDc.stack.some((instance) => ids.has(instance.id));
  }

  private activeFeatureReadsFirst(dc: DialogContext): boolean {
    for (let inner: DialogContext | undefined = dc; inner?.activeDialog; inner = inner.child) {
      const feature = inner.findDialog(inner.activeDialog.id) as Partial<ReadsFirst> | undefined;
      if (feature?.readsFirst?.(inner.activeDialog, dc.context)) return true;
    }
    return false;
  }

  private get smallTalkContext(): SmallTalkContext {
    return { company: this.options.company, technicianHours: this.options.technicianHours };
  }

  private async interrupt(innerDc: DialogContext, text: string, pending: PromptShape | undefined): Promise<DialogTurnResult | undefined> {
    const expects = waitingFor(pending);
    // An offered answer is an answer, even when it reads like small talk ("I don't know how" picks "I can't find that").
    // Not "where do i find my router": its "where do i find" is no answer of the step's about a setting,
    // but a question about which box the router is, which small talk explains with the step kept.
    const offered = text !== '' && expects === 'choice' && matchesOfferedChoice(pending, text) && !asksWhichRouter(text);
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
    const small = offered ? undefined : text ? smallTalk(text, { ...this.smallTalkContext, questionOpen: expects !== undefined, pickOpen: expects === 'choice' || expects === 'confirm', inQueue: inQueue(innerDc.context) }) : onlyFiles(innerDc.context) ? FILES_REPLY : undefined;
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
    const classification = getClassification(innerDc.context) ?? this.classifyActivity(innerDc.context);
    // "actually my printer is broken" at the number for a call back: no number, and no answer the
    // question will ever read. It is asked about (the user may be telling the technician what is
    // wrong), as a guessed request is; troubleshoot interrupts nothing on its own (step answers read like it).
    if (classification && expects && anotherProblemAt(expects, classification) && this.featureIds.has('troubleshoot')) {
      // Not asked during a privacy request: "Help with that now" ends what was under way, and a
      // request the user made about their data is never dropped for a guide. Finishing it takes an
      // answer or two; the problem is kept (as routed: redacted) and offered after it (offerMentioned).
      if (this.privacyRequestUnderway(innerDc)) {
        this.keep(innerDc, classification);
        return this.finishFirst(innerDc, "Then we'll look at the other problem.");
      }
      if (CONTACT_ANSWERS.has(expects)) return innerDc.beginDialog(CONFIRM_INTERRUPTION, { classification, instead: expects });
    }
    // "Did you delete my data yet?" or "what did i just opt out of?" at any question (the code for
    // that very request, the do-not-market address): where the user's requests or choices stand is
    // a quick answer from their records, and the question is asked again after it, as after "help".
    // Only these privacy questions: the others, at a contact question, are about that question, and
    // its notice answers them (field-collection's noticeAnswer).
    const privacyInfo = this.featureIds.get('privacy_info');
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
    const cancelsOutright = saysCancel && cancelsFirst(classification.text);
    if (classification.ambiguous && !cancelsOutright) return undefined;
    // "monthly" or "twice" at "Windows PC or Mac?": billing to the router (0.88, 0.68), but a word or
    // two naming no bill, asked nothing, is a (wrong) answer to the open question, which asks again.
    if (classification.intent === 'billing' && expects !== undefined && wordsIn(text) <= BARE_ANSWER_WORDS && !namesABill(text) && !isQuestion(text)) return undefined;
    // Stopping loses the user's place: only on a word for it, or a sure reading when no question is
    // open. Answers read as cancel: "its blue" at 0.66, and at 0.89 "doing it now".
    if (classification.intent === 'cancel' && !saysCancel && (expects !== undefined || !unmistakable)) return undefined;
    // Asking for a person names one, or a way to reach one: at an open question the router's "human"
    // without such a word is an answer ("i think so" reads as human at 0.79).
    if (classification.intent === 'human' && expects !== undefined && !unmistakable && !namesAPerson(classification.text)) return undefined;
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
        await innerDc.context.sendActivity(message(capabilitiesText(this.options.company)));
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
        const featureId = this.featureIds.get(classification.intent);
        const active = innerDc.activeDialog;
        if (!featureId) return undefined;
        // A handoff a billing request started runs inside the billing dialog: "call me instead" at
        // its email question is for that handoff to read, not the start of a second one.
        if (featureId !== active?.id && runsInside(innerDc, featureId)) return undefined;
        if (featureId === active?.id) {
          const feature = this.findDialog(featureId) as Partial<StartsOver> | undefined;
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
    if (!active || this.featureIds.get(classification.intent) !== active.id) return false;
    return (this.findDialog(active.id) as Partial<StartsOver> | undefined)?.startsOverFor?.(active, classification.intent, classification.text) ?? false;
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
        CLARIFY_PROMPT,
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
    const featureId = this.featureIds.get(classification.intent);
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
    const classification = this.options.classify(after);
    if (!classification || classification.ambiguous || classification.confidence < SURE_CONFIDENCE) return undefined;
    // Only a request that could interrupt anyway: "stop, this is taking forever" complains, it asks for no guide.
    if (!INTERRUPTING.has(classification.intent) || classification.intent === 'cancel' || classification.intent === 'help') return undefined;
    const featureId = this.featureIds.get(classification.intent);
    return featureId ? { featureId, classification } : undefined;
  }

  private classifyActivity(context: TurnContext): Classification | undefined {
    const text = routableText(context.activity.text);
    return text ? this.options.classify(text) : undefined;
  }

  private async resumeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const classification = getClassification(step.context) ?? this.classifyActivity(step.context);
    const resumable = classification && (RESUMABLE_AFTER.has(classification.intent) || CONTINUES.test(classification.text.trim()));
    if (!resumable || !this.options.offerResume) return step.next();
    const offer = await this.options.offerResume(step.context, classification);
    if (!offer) return step.next();
    Object.assign(step.values, { resume: offer, opening: classification });
    // The offer goes with the prompt, for its validator to ask whether a typed message carries it on.
    return step.prompt(RESUME_PROMPT, { ...choicePrompt(offer.question, `Please pick "${CONTINUE}" or "${START_NEW}".`, RESUME_CHOICES), validations: offer });
  }

  /**
   * At "continue where we stopped?", a message that is neither option but carries on the old work
   * ("usb" at the step the user stopped at, "still not working") is the answer "continue"; one that
   * is a request of its own ("my phone won't charge", "forget the printer") is "start something new", with it.
   */
  private async newProblemInstead(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return true;
    const typed = getClassification(prompt.context) ?? this.classifyActivity(prompt.context);
    // "it's a diferent problem now": the options' words as the router reads them, typos corrected.
    // Before the old work is looked for, as the options' words are (see RESUME_CHOICES).
    const corrected = typed && pickIn(typed.symptoms.join(' '), RESUME_CHOICES);
    if (corrected) {
      prompt.recognized.succeeded = true;
      prompt.recognized.value = corrected;
      return true;
    }
    const offer = prompt.options.validations as ResumeOffer | undefined;
    if (offer && this.options.continuesResume?.(prompt.context, offer, typed)) {
      prompt.recognized.succeeded = true;
      prompt.recognized.value = { value: CONTINUE, index: 0, score: 1, synonym: CARRIED_ON };
      return true;
    }
    if (!typed || typed.ambiguous || typed.confidence < SURE_CONFIDENCE || !STARTS_SOMETHING_NEW.has(typed.intent)) return false;
    prompt.recognized.succeeded = true;
    prompt.recognized.value = { value: START_NEW, index: 1, score: 1, synonym: TYPED_INSTEAD };
    return true;
  }

  /**
   * "Please pick one of the options, or tell me in other words": a message the router reads surely
   * ("thanks bye", "my printer is offline") is those other words, routed afresh (clarifiedStep).
   * Anything less sure is asked again, so the question cannot go round in a loop.
   */
  private async saidInOtherWords(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return true;
    const typed = getClassification(prompt.context) ?? this.classifyActivity(prompt.context);
    const billing = billingPickIn(prompt.options.choices, typed);
    if (billing !== undefined) {
      prompt.recognized.succeeded = true;
      prompt.recognized.value = { value: INTENT_CHOICE_LABEL.billing, index: billing, score: 1, synonym: BILL_NAMED };
      return true;
    }
    if (!typed || typed.ambiguous || typed.confidence < SURE_CONFIDENCE || typed.intent === 'out_of_scope') return false;
    prompt.recognized.succeeded = true;
    prompt.recognized.value = { value: typed.intent, index: -1, score: 1, synonym: TYPED_INSTEAD };
    return true;
  }

  private async routeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { resume: offer, opening } = step.values as { resume?: ResumeOffer; opening?: Classification };
    let classification = getClassification(step.context) ?? this.classifyActivity(step.context);
    if (offer) {
      const picked = step.result as FoundChoice;
      if (picked.index === 0) {
        const carried = picked.synonym === CARRIED_ON ? this.options.continuesResume?.(step.context, offer, classification) : undefined;
        return step.replaceDialog(offer.dialogId, { ...offer.options, ...carried });
      }
      // The new problem: the one just typed instead of a pick, else the one the user came back with.
      const next = picked.synonym === TYPED_INSTEAD ? classification : opening;
      // A cancel typed here is no choice against the old work: it is offered again next time.
      if (next?.intent !== 'cancel' || picked.synonym !== TYPED_INSTEAD) await this.options.declineResume?.(step.context, offer);
      if (!next || next.intent === 'cancel' || !STARTS_SOMETHING_NEW.has(next.intent)) {
        await step.context.sendActivity(message('OK, starting fresh. What can I help you with?', undefined, STARTER_SUGGESTIONS));
        return step.endDialog();
      }
      classification = next;
    }
    if (!classification) {
      const text = onlyFiles(step.context) ? FILES_REPLY.text : capabilitiesText(this.options.company);
      await step.context.sendActivity(message(text, undefined, STARTER_SUGGESTIONS));
      return step.endDialog();
    }
    // Before any other reading: "still nothing" reads as a goodbye or a problem of no device.
    const back = await this.options.carriesOn?.(step.context, classification);
    if (back) return step.replaceDialog(back.dialogId, back.options);
    // "😡" or "👍" as the first thing said answers nothing of ours: no apology for help not yet
    // tried, no "anything else?", but an opening.
    if (EMOJI_ONLY.test(classification.text.trim()) && isFirstMessage(step.context)) {
      const text = annoyedEmojiOnly(classification.text) ? "I'm here to help. What's going wrong?" : capabilitiesText(this.options.company);
      await step.context.sendActivity(message(text, undefined, STARTER_SUGGESTIONS));
      return step.endDialog();
    }
    // A "yes" a guard has read as a request (an earlier chat's, started again) is not a yes to nothing.
    const small = smallTalk(classification.text, this.smallTalkContext) ?? (READ_AS_NOTHING.has(classification.intent) ? yesToNothing(classification.text) : undefined);
    if (small) {
      await step.context.sendActivity(message(small.text, undefined, small.suggestions ?? (small.pause ? undefined : STARTER_SUGGESTIONS)));
      return step.endDialog();
    }
    const language = classification.intent === 'out_of_scope' || classification.confidence < SURE_CONFIDENCE ? otherLanguage(classification.text) : undefined;
    if (language) {
      await step.context.sendActivity(
        message(`${ONLY_ENGLISH[language]}\n\nSorry, I can only chat in English for now. Please describe the problem in English if you can, or ask for a technician.`, undefined, [
          INTENT_CHOICE_LABEL.human,
        ]),
      );
      return step.endDialog();
    }
    // "I want your newsletter again": an opt-in asks its own yes, so a guess needs no "just to be sure" first.
    if (classification.intent === 'opt_out' && asksToOptIn(classification.text)) return this.dispatch(step, 'opt_out', classification);
    if (!classification.ambiguous && ASK_BEFORE_OPENING.has(classification.intent) && classification.confidence < SURE_CONFIDENCE) {
      Object.assign(step.values, { classification, choices: [classification.intent, 'out_of_scope'] });
      return step.prompt(
        CLARIFY_PROMPT,
        choicePrompt('Just to be sure I help with the right thing: is this what you want?', 'Please pick one of the options, or tell me in other words.', [
          INTENT_CHOICE_LABEL[classification.intent],
          INTENT_CHOICE_LABEL.out_of_scope,
        ]),
      );
    }
    // Two rights asked for at once: the opt-out first (it takes effect at once, P7), then the data
    // request (clarifiedStep). Asking "which of these?" would drop the other.
    const then = dataRequestBesideOptOut(classification);
    const optOut = this.featureIds.get('opt_out');
    if (then && optOut) {
      Object.assign(step.values, { classification, then });
      await step.context.sendActivity(message('You asked for two things: first I stop what you asked me to stop, then I take up your request about your data.'));
      return step.beginDialog(optOut, { classification: { ...classification, intent: 'opt_out', ambiguous: false } });
    }
    if (classification.ambiguous && classification.alternatives.length >= 2) {
      const [a, b] = classification.alternatives;
      Object.assign(step.values, { classification, choices: [a.intent, b.intent] });
      return step.prompt(
        CLARIFY_PROMPT,
        choicePrompt('Just to be sure I help with the right thing: which of these do you mean?', 'Please pick one of the options, or tell me in other words.', [
          INTENT_CHOICE_LABEL[a.intent],
          INTENT_CHOICE_LABEL[b.intent],
        ]),
      );
    }
    // "is there someone who can fix my laptop": yes, and a guide for the laptop is the other way to
    // go; the user picks. Without a device there is no guide to offer, so the handoff starts at once.
    if (classification.intent === 'human' && !classification.security && personQuestionIn(classification.text)) {
      if (classification.device !== 'none' && this.featureIds.has('troubleshoot')) {
        Object.assign(step.values, { classification, choices: ['human', 'troubleshoot'] });
        return step.prompt(
          CLARIFY_PROMPT,
          choicePrompt('Yes, a technician can help with that. Would you like to talk to one, or try a guide with me first?', 'Please pick one of the options.', [
            INTENT_CHOICE_LABEL.human,
            TRY_A_GUIDE,
          ]),
        );
      }
      await step.context.sendActivity(message('Yes, our technicians can help.'));
    }
    return this.dispatch(step, classification.intent, classification);
  }

  private async clarifiedStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as { classification: Classification; choices: Intent[]; then?: Intent };
    // The opt-out of a message that also made a data request is done: now the data request.
    if (values.then) return this.dispatch(step, values.then, { ...values.classification, intent: values.then, ambiguous: false });
    if (step.result === undefined) return step.endDialog();
    if ((step.result as FoundChoice).synonym === TYPED_INSTEAD) return step.replaceDialog(ROUTE);
    // "charged twice" picked billing: what the bill is about is in those words, not the first message's.
    const typed = (step.result as FoundChoice).synonym === BILL_NAMED ? (getClassification(step.context) ?? this.classifyActivity(step.context)) : undefined;
    if (typed) return this.dispatch(step, 'billing', { ...typed, intent: 'billing', ambiguous: false });
    const intent = values.choices[(step.result as { index: number }).index];
    if (intent === 'out_of_scope') {
      await step.context.sendActivity(message('OK. Tell me in your own words what you need, or pick one of these.', undefined, STARTER_SUGGESTIONS));
      return step.endDialog();
    }
    return this.dispatch(step, intent, values.classification);
  }

  private async dispatch(step: WaterfallStepContext, intent: Intent, classification: Classification): Promise<DialogTurnResult> {
    const company = this.options.company;
    const say = (text: string, suggestions?: string[]) => step.context.sendActivity(message(text, undefined, suggestions));
    const featureId = this.featureIds.get(intent);
    if (featureId) return step.replaceDialog(featureId, { classification: { ...classification, intent } });
    switch (intent) {
      case 'greeting':
        await say(`Hi! I'm the ${company} assistant. What can I help you with today?`, STARTER_SUGGESTIONS);
        break;
      case 'goodbye':
        await say(`Glad I could help. ${SIGN_OFF}`);
        break;
      case 'help':
        await say(capabilitiesText(company), STARTER_SUGGESTIONS);
        break;
      case 'cancel':
        // Short phrases the router has no better label for read as cancel ("its blue" at 0.66):
        // with nothing to stop, only a word for stopping or a sure reading is answered as one.
        if (CONTINUES.test(classification.text.trim())) await say("I don't have anything unfinished of yours to continue. What can I help with?", STARTER_SUGGESTIONS);
        else if (SAYS_CANCEL.test(classification.text) || classification.confidence >= UNMISTAKABLE) await say("There's nothing in progress to cancel. What can I help with?", STARTER_SUGGESTIONS);
        else await say(`Sorry, I'm not sure what you mean. Could you tell me what's going on in a sentence, like "my printer says offline"?`, STARTER_SUGGESTIONS);
        break;
      case 'out_of_scope':
        // "i dont want to talk to a person", and nothing else: the router reads no request in it, but
        // the user worries a person is what they will get. The way to one stays among the suggestions.
        if (personDeclinedIn(classification.text)) {
          await say("No problem, you don't need to talk to anyone: I can help with most things myself. What's going on?", STARTER_SUGGESTIONS);
          break;
        }
        // "ok" or a thumbs-up after an answer is an acknowledgement, not a request we cannot serve.
        if (ACKNOWLEDGEMENT.test(classification.text.trim())) await say('OK. Is there anything else I can help with?', STARTER_SUGGESTIONS);
        else if (UNSURE.test(classification.text.trim())) await say(capabilitiesText(company), STARTER_SUGGESTIONS);
        else await say(`Sorry, that's not something I can help with. ${capabilitiesText(company)}`, STARTER_SUGGESTIONS);
        break;
      default:
        await say(`I can't do that in this chat yet. ${capabilitiesText(company)}`, STARTER_SUGGESTIONS);
    }
    return step.endDialog();
  }
}

/**
 * A picture or file without words (Teams lets users paste a screenshot): the bot cannot read it,
 * and a question it asked stays open, as for a pause.
 */
const FILES_REPLY = { text: "I can't look at pictures or files in this chat. Please tell me in words what it shows, for example the exact error message.", pause: true } as const;

function onlyFiles(context: TurnContext): boolean {
  return !context.activity.text?.trim() && (context.activity.attachments?.length ?? 0) > 0;
}

/** What CONFIRM_INTERRUPTION asks about; `instead`: a new problem typed at this contact question, which replaces what was under way. */
interface ConfirmInterruption {
  classification: Classification;
  instead?: Expects;
}

/**
 * A problem with a device typed at a question for a phone number, an email address or an emailed
 * code ("wait, my wifi is down too"): not the answer, which it does not hold. Any reading of one,
 * however unsure ("my wifi is down too" is 0.49), as it is asked about. Not the device the question
 * is about: the phone at the phone question, email at the email question ("it's my work email") or
 * at the code's ("my email isn't working": the code may not reach them).
 */
function anotherProblemAt(expects: Expects, classification: Classification): boolean {
  const about = ANOTHER_PROBLEM_AT[expects];
  if (!about || classification.intent !== 'troubleshoot' || classification.ambiguous) return false;
  const { device, text } = classification;
  // A name may be a device's ("Mac Miller"): at the name question only a fault named makes it a problem.
  if (expects === 'name' && !namesAFault(text)) return false;
  return device !== 'none' && device !== about && contactKindIn(text) === undefined;
}

/** Up to this many words typed at an open question may be a (wrong) answer to it rather than a request. */
const BARE_ANSWER_WORDS = 2;

function wordsIn(text: string): number {
  return text.split(/\s+/).filter((w) => /\w/.test(w)).length;
}

/** What the innermost active prompt is waiting for, read from the activity it sent. */
function waitingFor(pending: PromptShape | undefined): Expects | undefined {
  return helplineData(pending?.prompt).expects;
}

/** The options of the innermost active dialog: a waiting prompt's question and choices. */
interface PromptShape {
  prompt?: Partial<Activity>;
  choices?: (Choice | string)[];
}

function pendingOptions(dc: DialogContext): PromptShape | undefined {
  return innermostContext(dc).activeDialog?.state?.options as PromptShape | undefined;
}

/** Whether a dialog with this id is active below the active dialog (in the child contexts). */
function runsInside(dc: DialogContext, id: string): boolean {
  for (let inner = dc.child; inner; inner = inner.child) if (inner.activeDialog?.id === id) return true;
  return false;
}

/** A prompt's choices as the labels shown. */
function labelsOf(choices: (Choice | string)[] | undefined): string[] {
  return (choices ?? []).map((c) => (typeof c === 'string' ? c : c.value));
}

/** The quick replies of the waiting prompt: its choices, or the suggestions it was asked with. */
function pendingQuickReplies(pending: PromptShape | undefined): string[] | undefined {
  const choices = labelsOf(pending?.choices);
  return choices.length ? choices : pending?.prompt?.suggestedActions?.actions.map((a) => a.title ?? String(a.value));
}

/** Whether the active choice prompt offers a person ("Talk to a technician") among its options. */
function offersAPerson(pending: PromptShape | undefined): boolean {
  return labelsOf(pending?.choices).some(namesAPerson);
}

/** The one choice the text names in words, if it names just one (a number among other words, "2 hours", picks nothing). */
function pickIn(text: string, choices: Choice[]): FoundChoice | undefined {
  const found = recognizeChoices(text, choices, NAMES_ONLY);
  return new Set(found.map((m) => m.resolution.index)).size === 1 ? found[0].resolution : undefined;
}

/**
 * The billing option ("Plans, billing and refunds") that a message naming a bill in so many words
 * picks, when it is the one such option offered: "refund", "my bill" or "charged twice" at "which of
 * these do you mean?" were read as a billing question interrupting it, answered, and the question
 * asked again. Not a message that also names a fault ("my printer is broken and I want a refund"),
 * or picks an option by its own words: those are read as before.
 */
function billingPickIn(choices: (Choice | string)[] | undefined, typed: Classification | undefined): number | undefined {
  const labels = labelsOf(choices);
  const index = labels.indexOf(INTENT_CHOICE_LABEL.billing);
  if (index < 0 || labels.lastIndexOf(INTENT_CHOICE_LABEL.billing) !== index || !typed || typed.intent !== 'billing') return undefined;
  if (!namesABill(typed.text) || namesAFault(typed.text) || picksIn(typed.text, labels).length > 0) return undefined;
  return index;
}

/** Whether the text picks one of the active choice prompt's options (by value, synonym, number or ordinal). */
function matchesOfferedChoice(pending: PromptShape | undefined, text: string): boolean {
  const choices = pending?.choices ?? [];
  if (choices.length === 0) return false;
  // The same recognizer the ChoicePrompt uses, so "I cant find that" matches "I can't find that";
  // a number only as the whole message ("one sec" is no pick of option 1).
  return picksIn(text, choices).length > 0;
}

/** The options of the innermost dialog under a suspended one (its question and choices, if a prompt). */
function innermostOptions(instance: DialogInstance): PromptShape | undefined {
  return innermost(instance).state?.options as PromptShape | undefined;
}

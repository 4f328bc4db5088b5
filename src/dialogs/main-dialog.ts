import {
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
import { ChoicePrompt } from './shared/choice-prompt';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { Intent } from '../services/nlu/labels';
import { ONLY_ENGLISH, otherLanguage } from '../services/nlu/language';
import { SAYS_CANCEL } from './shared/cancel-words';
import { problemKeptForLater } from './shared/mentioned-problem';
import { personDeclinedIn, personQuestionIn } from '../services/nlu/person-request';
import type { Classification } from '../services/nlu/router';
import { capabilitiesText, INTENT_CHOICE_LABEL, STARTER_SUGGESTIONS } from './capabilities';
import { classifyActivity, dataRequestBesideOptOut, getClassification, requestBesideProblem, routableText, SURE_CONFIDENCE, UNMISTAKABLE } from './classification';
import { billingTopic } from '../services/billing/billing-answers';
import { annoyedEmojiOnly, contactsAgain, FILES_REPLY, onlyFiles, smallTalk, vendorSupport, yesToNothing, type SmallTalkContext } from './small-talk';
import { isFirstMessage } from './conversation-data';
import { repromptInnermost } from './open-question';
import { answersStepUnder, Interruptions } from './interruptions';
import { billingPickIn, pendingOptions, pickIn } from './pending-question';
import { andList, type MentionedProblem } from './troubleshoot/troubleshoot-dialog';
import { asksToOptIn } from '../services/privacy/requests/purposes';
import { SIGN_OFF } from '../services/handoff/handoff-texts';
import { asksAbout } from '../services/nlu/question';
import { choicePrompt, message } from './wire';

// The turn-state key botbuilder-dialogs' DialogStateManager looks for (a string in its source).
const STATE_CONFIGURATION_KEY = 'DialogStateManagerConfiguration';

const EMOJI_ONLY = /^[\p{Emoji_Presentation}\p{Extended_Pictographic}\u{FE0F}\u{200D}\u{1F3FB}-\u{1F3FF}\s]+$/u;
const ACKNOWLEDGEMENT = /^(?:ok(?:ay)?|k+|cool|alright|all right|got it|sure|fine|great|nice|noted|understood|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic})+)[\s.!]*$/iu;
// "?", "huh?", "hmm" with nothing asked: unsure what this chat is for, not a request we cannot serve.
const UNSURE = /^(?:\?+|h+u+h+|h+m+|u+m+|e+h+|er+m*)[\s.!?…]*$/i;
// A bare "no" once something is done answers the "anything else?" such answers end with: the user
// is done. The router reads it as an unsure cancel, or out of scope.
const NOTHING_ELSE = /^(?:no+|nope|nah|no,? (?:i'?m|im) (?:good|fine|ok(?:ay)?)|not really|nothing(?: else)?)[\s.!]*$/i;
// What the router makes of a bare "yes" ("yes please" reads as an unsure cancel).
const READ_AS_NOTHING = new Set<Intent>(['out_of_scope', 'cancel']);
const CLARIFY_PROMPT = 'clarify';
/** The "which of these do you mean?" question, told from the clarify prompt's other questions (where "both" means nothing). */
const WHICH_OF_THESE = { whichOfThese: true };
const BOTH = /^(?:both|both of them|both please|both of those|the two of them|i need both|i want both|both things)[\s.!]*$/i;
const BOTH_PICKED = 'both';
/**
 * Requests that open a record in the privacy ledger: on a guess ("hola" reads like "hold"), the
 * bot asks first rather than open a data request the user never made.
 */
const ASK_BEFORE_OPENING: ReadonlySet<Intent> = new Set<Intent>(['opt_out', 'data_access', 'data_correction', 'data_deletion']);
const ROUTE = 'route';
const HOW_MANY: Record<number, string> = { 2: 'two', 3: 'three', 4: 'four' };
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
  /** A device problem as the user is told of it ('"Printer paper jam"'), when it can be named: what comes after a request made beside it. */
  nameProblem?: (problem: Classification) => string | undefined;
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
/**
 * "its me again", "im back", "did you fix it?", "its me again, still no luck": a returning user asking
 * where things stand. The router reads them as cancel or a goodbye ("Glad I could help... Goodbye!").
 */
const RETURNS = new RegExp(
  String.raw`^(?:(?:hi|hey|hello|ok(?:ay)?)[,\s]+)?(?:(?:it'?s|its|it is) me(?: again)?|me again|(?:i'?m|im|i am) back(?: again)?|did (?:you|u|anyone|someone|somebody) (?:fix|sort|solve|look at) (?:it|that|this|my \w+)(?: yet| already)?|(?:is|has) (?:it|that) (?:been )?(?:fixed|sorted|solved)(?: yet| now)?|(?:have|did) (?:you|u) (?:fixed|sorted|solved) (?:it|that)(?: yet)?)(?:[,.!\s]+(?:lol|again|still no luck|no luck|still (?:not working|broken|nothing|the same)))?[\s.!?]*$`,
  'i',
);
/** A returning user asking whether we fixed it: the bot fixes nothing from afar, so it says so before where things stand. */
const ASKS_IF_FIXED = /\b(?:did (?:you|u|anyone|someone|somebody) (?:fix|sort|solve)|(?:have|did) (?:you|u) (?:fixed|sorted|solved)|(?:is|has) (?:it|that) (?:been )?(?:fixed|sorted|solved))\b/i;
const CANT_FIX_FROM_HERE = "I can't fix anything from here: we fix it together, step by step.";
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
  private readonly interruptions: Interruptions;

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
    this.interruptions = new Interruptions({
      company: options.company,
      technicianHours: options.technicianHours,
      classify: options.classify,
      featureIds: this.featureIds,
      clarifyPrompt: CLARIFY_PROMPT,
      privacyRequestUnderway: (innerDc) => this.privacyRequestUnderway(innerDc),
      keep: (innerDc, classification) => this.keep(innerDc, classification),
    });
    // In the order they were always added: the set's version, stored with each conversation's
    // dialog state, hashes the dialogs in order, and a new one raises versionChanged in open chats.
    this.addDialog(this.interruptions.prompt());
    this.addDialog(new ChoicePrompt(RESUME_PROMPT, (prompt) => this.newProblemInstead(prompt)));
    this.addDialog(new WaterfallDialog(ROUTE, [this.resumeStep.bind(this), this.routeStep.bind(this), this.clarifiedStep.bind(this), this.thenStep.bind(this)]));
    this.addDialog(this.interruptions.confirmation());
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

  // "how much is the annual plan and my tv has no sound": the plans are told in the turn they are
  // asked, so the problem kept beside them is offered in that turn too.
  protected override async onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    const result = await super.onBeginDialog(innerDc, options);
    return result.status === DialogTurnStatus.waiting ? result : this.offerMentioned(innerDc, result);
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
    const interrupted = await this.interruptions.interrupt(innerDc, text, pending);
    if (interrupted) return interrupted;
    if (await answersStepUnder(innerDc, text, pending)) return Dialog.EndOfTurn;
    return super.onContinueDialog(innerDc);
  }

  /**
   * Everything under way is done: another problem the user mentioned at a privacy request's
   * question, told to wait until the request was finished (see Interruptions.interrupt), is offered now
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
  private keep(innerDc: DialogContext, classification = getClassification(innerDc.context) ?? classifyActivity(innerDc.context, this.options.classify)): void {
    if (classification) this.kept(innerDc).mentioned = classification.text;
  }

  /** What this dialog keeps of its own while something is under way: its instance's state, beside the stack of what runs inside it. */
  private kept(innerDc: DialogContext): MainDialogState {
    return (innerDc.parent?.activeDialog?.state ?? {}) as MainDialogState;
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

  private async resumeStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const classification = getClassification(step.context) ?? classifyActivity(step.context, this.options.classify);
    const said = classification?.text.trim().replace(/[’`]/g, "'") ?? '';
    const returns = RETURNS.test(said);
    const resumable = classification && (RESUMABLE_AFTER.has(classification.intent) || CONTINUES.test(said) || returns);
    if (!resumable || !this.options.offerResume) return step.next();
    // Offered as to a hello: "its me again" is no request of its own to take up after "start something new".
    const opening: Classification = returns ? { ...classification, intent: 'greeting' } : classification;
    const offer = await this.options.offerResume(step.context, opening);
    if (!offer) return step.next();
    if (ASKS_IF_FIXED.test(said)) await step.context.sendActivity(message(CANT_FIX_FROM_HERE));
    Object.assign(step.values, { resume: offer, opening });
    // The offer goes with the prompt, for its validator to ask whether a typed message carries it on.
    return step.prompt(RESUME_PROMPT, { ...choicePrompt(offer.question, `Please pick "${CONTINUE}" or "${START_NEW}".`, RESUME_CHOICES), validations: offer });
  }

  /**
   * At "continue where we stopped?", a message that is neither option but carries on the old work
   * ("usb" at the step the user stopped at, "still not working") is the answer "continue"; one that
   * is a request of its own ("my phone won't charge", "forget the printer") is "start something new", with it.
   */
  private async newProblemInstead(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    const typed = getClassification(prompt.context) ?? classifyActivity(prompt.context, this.options.classify);
    if (prompt.recognized.succeeded && this.yesToSomethingElse(prompt, typed)) {
      prompt.recognized.value = { value: START_NEW, index: 1, score: 1, synonym: TYPED_INSTEAD };
      return true;
    }
    if (prompt.recognized.succeeded) return true;
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
   * "sure, now what about my printer" or "yes, my printer is jammed too" at the offer of the TV's guide:
   * the yes goes with another thing, so it is something new, not the old work (the old work named,
   * "sure, what about the tv", still is the old work).
   */
  private yesToSomethingElse(prompt: PromptValidatorContext<FoundChoice>, typed: Classification | undefined): boolean {
    if (prompt.recognized.value?.value !== CONTINUE || !typed) return false;
    const aboutAnother = asksAbout(typed.text) || (typed.intent === 'troubleshoot' && !typed.ambiguous && typed.confidence >= SURE_CONFIDENCE);
    const offer = prompt.options.validations as ResumeOffer | undefined;
    return aboutAnother && !(offer && this.options.continuesResume?.(prompt.context, offer, typed));
  }

  /**
   * "Please pick one of the options, or tell me in other words": a message the router reads surely
   * ("thanks bye", "my printer is offline") is those other words, routed afresh (clarifiedStep).
   * Anything less sure is asked again, so the question cannot go round in a loop.
   */
  private async saidInOtherWords(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
    if (prompt.recognized.succeeded) return true;
    // "both" at "which of these do you mean?": the first, then the other (clarifiedStep).
    if (BOTH.test(prompt.context.activity.text?.trim() ?? '') && (prompt.options.choices?.length ?? 0) === 2 && (prompt.options.validations as typeof WHICH_OF_THESE | undefined)?.whichOfThese) {
      prompt.recognized.succeeded = true;
      prompt.recognized.value = { value: 'both', index: 0, score: 1, synonym: BOTH_PICKED };
      return true;
    }
    const typed = getClassification(prompt.context) ?? classifyActivity(prompt.context, this.options.classify);
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
    let classification = getClassification(step.context) ?? classifyActivity(step.context, this.options.classify);
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
    // "did you fix it?" with nothing under way (RETURNS found nothing to continue): the router read
    // it as a goodbye. Nobody here fixes things from afar; the problem itself is what to ask for.
    if (RETURNS.test(classification.text.trim().replace(/[’`]/g, "'")) && ASKS_IF_FIXED.test(classification.text)) {
      await step.context.sendActivity(message(`${CANT_FIX_FROM_HERE} What's the problem? Tell me what's going on, like "my printer says offline", or ask for a technician.`, undefined, STARTER_SUGGESTIONS));
      return step.endDialog();
    }
    // "😡" or "👍" as the first thing said answers nothing of ours: no apology for help not yet
    // tried, no "anything else?", but an opening.
    if (EMOJI_ONLY.test(classification.text.trim()) && isFirstMessage(step.context)) {
      const text = annoyedEmojiOnly(classification.text) ? "I'm here to help. What's going wrong?" : capabilitiesText(this.options.company);
      await step.context.sendActivity(message(text, undefined, STARTER_SUGGESTIONS));
      return step.endDialog();
    }
    // A "yes" a guard has read as a request (an earlier chat's, started again) is not a yes to nothing.
    const small = smallTalk(classification.text, this.smallTalkContext) ?? (classification.security ? undefined : vendorSupport(classification.text, this.options.company)) ?? (READ_AS_NOTHING.has(classification.intent) ? yesToNothing(classification.text) : undefined);
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
    // An opt-out beside a problem is read surely (the objection guard settles it on its words): the
    // problem would be dropped all the same.
    const mayBeTwo = classification.confidence < SURE_CONFIDENCE || classification.ambiguous || classification.intent === 'opt_out';
    const besideProblem = mayBeTwo ? requestBesideProblem(classification, this.options.classify) : undefined;
    // A bill told with a repeat contact waits for the technician instead (below).
    const bill = besideProblem?.request.intent === 'billing';
    if (besideProblem && !(bill && contactsAgain(classification.text)) && this.featureIds.has(besideProblem.request.intent)) {
      this.keep(step, this.options.classify(besideProblem.problem));
      const first =
        besideProblem.request.intent === 'opt_out'
          ? 'I stop what you asked me to stop'
          : `I take up ${!bill ? 'your request about your data' : billingTopic(besideProblem.request.text) === 'refund' ? 'your refund' : 'the billing side'}`;
      const { problems } = besideProblem;
      const names = problems.map((p) => this.options.nameProblem?.(p));
      const then = names.every((n) => n !== undefined) ? andList([...new Set(names)]) : problems.length > 1 ? 'the problems you mentioned' : 'the problem you mentioned';
      await step.context.sendActivity(message(`You asked for ${HOW_MANY[problems.length + 1] ?? 'several'} things: first ${first}, then we'll look at ${then}.`));
      return this.dispatch(step, besideProblem.request.intent, besideProblem.request);
    }
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
    // "this is the THIRD time im contacting you. my printer STILL doesnt work": an apology, and a
    // technician at once rather than a guide they have likely been through; a refund asked for
    // beside it is taken up after (clarifiedStep). It was "which of these do you mean?", no apology.
    if (contactsAgain(classification.text)) {
      await step.context.sendActivity(message("I'm sorry you've had to contact us about this again."));
      const human = this.featureIds.get('human');
      const asked = classification.ambiguous ? classification.alternatives.slice(0, 2).map((a) => a.intent) : [classification.intent];
      if (human && classification.device !== 'none' && asked.includes('troubleshoot')) {
        const then = asked.find((intent) => intent === 'billing');
        Object.assign(step.values, { classification, then });
        const after = then && (billingTopic(classification.text) === 'refund' ? 'your refund' : 'the billing side');
        await step.context.sendActivity(message(`I'll pass this to a technician straight away${after ? `, and then we'll look at ${after}` : ''}.`));
        return step.beginDialog(human, { classification: { ...classification, intent: 'human', ambiguous: false } });
      }
    }
    if (classification.ambiguous && classification.alternatives.length >= 2) {
      const [a, b] = classification.alternatives;
      Object.assign(step.values, { classification, choices: [a.intent, b.intent] });
      const which = choicePrompt('Just to be sure I help with the right thing: which of these do you mean?', 'Please pick one of the options, or tell me in other words.', [
        INTENT_CHOICE_LABEL[a.intent],
        INTENT_CHOICE_LABEL[b.intent],
      ]);
      return step.prompt(CLARIFY_PROMPT, { ...which, validations: WHICH_OF_THESE });
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
    const typed = (step.result as FoundChoice).synonym === BILL_NAMED ? (getClassification(step.context) ?? classifyActivity(step.context, this.options.classify)) : undefined;
    if (typed) return this.dispatch(step, 'billing', { ...typed, intent: 'billing', ambiguous: false });
    const [first, second] = values.choices;
    const firstId = this.featureIds.get(first);
    if ((step.result as FoundChoice).synonym === BOTH_PICKED && firstId) {
      await step.context.sendActivity(message(`OK, let's do both: first "${INTENT_CHOICE_LABEL[first]}", then "${INTENT_CHOICE_LABEL[second]}".`));
      values.then = second;
      return step.beginDialog(firstId, { classification: { ...values.classification, intent: first, ambiguous: false } });
    }
    const intent = values.choices[(step.result as { index: number }).index];
    if (intent === 'out_of_scope') {
      await step.context.sendActivity(message('OK. Tell me in your own words what you need, or pick one of these.', undefined, STARTER_SUGGESTIONS));
      return step.endDialog();
    }
    return this.dispatch(step, intent, values.classification);
  }

  /** "both" picked at "which of these?": the first is done, now the other. */
  private async thenStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const values = step.values as { classification: Classification; then?: Intent };
    if (!values.then) return step.endDialog();
    return this.dispatch(step, values.then, { ...values.classification, intent: values.then, ambiguous: false });
  }

  private async dispatch(step: WaterfallStepContext, intent: Intent, classification: Classification): Promise<DialogTurnResult> {
    const company = this.options.company;
    const say = (text: string, suggestions?: string[]) => step.context.sendActivity(message(text, undefined, suggestions));
    const featureId = this.featureIds.get(intent);
    if (featureId) return step.replaceDialog(featureId, { classification: { ...classification, intent } });
    if (READ_AS_NOTHING.has(intent) && NOTHING_ELSE.test(classification.text.trim()) && !isFirstMessage(step.context)) intent = 'goodbye';
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

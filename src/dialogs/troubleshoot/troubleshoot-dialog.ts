import {
  ConfirmPrompt,
  ListStyle,
  WaterfallDialog,
  type DialogContext,
  type DialogTurnResult,
  type FoundChoice,
  type PromptOptions,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChoicePrompt, type OnceOptions } from '../shared/choice-prompt';
import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import type { DialogInstance } from 'botbuilder-dialogs';
import type { ReadsFirst } from '../main-dialog';
import { innerStack } from '../open-question';
import type { CaseRecord, CaseStore } from '../../services/cases/case-store';
import { isQuestion } from '../../services/nlu/question';
import { asksWhetherWeFix } from '../../services/nlu/fix-question';
import type { Device } from '../../services/nlu/labels';
import { namesAFault, type Classification } from '../../services/nlu/router';
import { getFlow, type FlowCatalog } from '../../services/troubleshooting/flow-loader';
import { explainTerm, type Glossary } from '../../services/troubleshooting/glossary';
import { TECHNICIAN_OPTION, type Flow } from '../../services/troubleshooting/flow-schema';
import { closeMatches, familyNamesOf, otherProblems, selectFlows } from '../../services/troubleshooting/flow-selection';
import { advance, reansweredInWords, answeredByOpening, setupInOpening, caseSummary, currentStep, parseFlowProgress, startFlow, stepRef, type CurrentStep, type FlowProgress } from '../../services/troubleshooting/troubleshoot-engine';
import { codesIn, saidDone } from '../../services/troubleshooting/told-before';
import { getClassification, routableText } from '../classification';
import { userIdOf } from '../identity';
import type { FlowMemory } from './flow-memory';
import { clearYesOrNo } from '../shared/clear-answer';
import { ask, choicePrompt, message, yesNoPrompt } from '../wire';
import { NOT_YET, NOTED, WORKED, readingsOf, synonymsFor } from './answer-words';
import { ANOTHER_PROBLEM, CHANGED_ANSWER, CLEAR_GUIDE_SCORE, DETAIL, MIN_SCORE, OWN_WIFI, changesProblem, guidesFor, namesOtherDevice, ownWifiGuide, takenBackReadings, turnsElsewhere } from './change-of-subject';
import { SOMETHING_ELSE, describesProblemAgain, readsAccountPick, readsDevicePick, readsGuidePick } from './picks';
import { SAID_FIXED, TOLD_HAZARD, detailsTold, keepsWords, readsFixedOrNot, readsStepAnswer, saysFixed, saysNotFixed, stepAnswerIn, stepAnswersOf } from './step-reading';
import { asksToKeepUsing, hazardIn, type Damage } from '../../services/nlu/damage';
import { DAMAGE_ADVICE, DAMAGE_DECLINED, KEEP_USING_ANSWER, SAFETY_ANSWER, damageReason } from '../shared/damage-advice';
import { conversationData, forNextMessage, justSaid, type ConversationData } from '../conversation-data';
import { keepGoingCase } from '../shared/keep-going';
import { MAX_GUIDES_OFFERED, openingFor } from './opening';
import { FeatureDialog } from '../shared/feature-dialog';
import { asksWhatIsMeant } from '../small-talk';
import { leavesWithThanks as saysGoodbyeAt, SIGN_OFF } from '../shared/goodbye';

export const TROUBLESHOOT_DIALOG = 'troubleshoot';
const PICK_FLOW = 'ts.pickFlow';
const STEP_CHOICE = 'ts.stepChoice';
const CONFIRM = 'ts.confirm';
const FIXED_CONFIRM = 'ts.fixedConfirm';
const NO_GUIDE = 'ts.noGuide';
const PICK_DEVICE = 'ts.pickDevice';
/** The device-info dialog (its parent's), which a collect step begins. */
const DEVICE_INFO = 'deviceInfo';
/** The device families with guides, as the user picks one when the problem named none ("it's broken"). */
const DEVICE_CHOICES: Record<string, Exclude<Device, 'none'>> = {
  'Smart speaker': 'smart_speaker',
  Computer: 'computer',
  Printer: 'printer',
  'Wi-Fi or internet': 'network',
  Email: 'email',
  'Phone or tablet': 'phone',
  TV: 'tv',
};
/** Each device as the user would say they want help with it: "Yes, I can help with phones and tablets." */
const HELPED_WITH: Record<Exclude<Device, 'none'>, string> = {
  smart_speaker: 'smart speakers',
  computer: 'computers',
  printer: 'printers',
  network: 'Wi-Fi and internet connections',
  email: 'email',
  phone: 'phones and tablets',
  tv: 'TVs',
};
const PICK_ACCOUNT = 'ts.pickAccount';
const SELECT = 'ts.select';
const STEP_LOOP = 'ts.step';
const OFFER_MENTIONED = 'ts.offerMentioned';
const OFFER_LATER = 'ts.offerLater';
const TECHNICIAN_THEN_BACK = 'ts.technicianThenBack';
const WANT_TECHNICIAN_RETRY = 'Would you like a technician to help? Please answer yes or no.';

const GOODBYE = `No problem. ${SIGN_OFF}`;
// Plain refusals of the offer keep their reply (tell me more, or ask for a technician any time).
const PLAIN_NO = /^(?:n|no|nope|nah|no thanks|no thank you)$/;
const METAL_TOOL = /\b(?:tweezers?|pliers|knife|knives|screwdrivers?|scissors|forks?|paper ?clips?)\b/i;
const PRINTER_TOOL_SAFETY = 'A safety tip for next time: turn the printer off and unplug it before reaching inside, and keep tweezers and other metal tools away from the rollers and the board; pull paper out by hand.';
const leavesWithThanks = (context: TurnContext) => saysGoodbyeAt(context, (said) => PLAIN_NO.test(said));

/** "Shall we look at that now?": "ok thanks" or "thanks, bye" is a no (the recognizer reads the "ok" as a yes). */
async function readsNextProblemOffer(prompt: PromptValidatorContext<boolean>): Promise<boolean> {
  if (!leavesWithThanks(prompt.context)) return prompt.recognized.succeeded;
  Object.assign(prompt.recognized, { succeeded: true, value: false });
  return true;
}

const OFFER_TECHNICIAN = 'Would you like me to connect you with a technician?';

/** The offer of a technician after damage advice: `damage` goes with it for its validator (readsTechnicianOffer). */
function damageOffer(said: string, damage: Damage): PromptOptions {
  return { ...yesNoPrompt(`${said} ${OFFER_TECHNICIAN}`, WANT_TECHNICIAN_RETRY), validations: { damage } };
}

async function readsTechnicianOffer(prompt: PromptValidatorContext<boolean>): Promise<boolean> {
  const text = routableText(prompt.context.activity.text);
  // "the battery is swelling up": a yes, and more; noFlowStep reads the hazard again for the advice and the ticket.
  if (hazardIn(text)) {
    Object.assign(prompt.recognized, { succeeded: true, value: true });
    return true;
  }
  // "can i keep using it if its plugged in?" after the advice: answered, then the offer again; "yes" or "no" were no answer to it.
  const damage = (prompt.options.validations as { damage?: Damage } | undefined)?.damage;
  if (damage && asksToKeepUsing(text)) {
    prompt.options.retryPrompt = damageOffer(KEEP_USING_ANSWER[damage], damage).prompt;
    return false;
  }
  if (!leavesWithThanks(prompt.context)) return describesProblemAgain(prompt);
  Object.assign(prompt.recognized, { succeeded: true, value: false });
  return true;
}

/** A step of a flow: where a user stopped. */
export interface StepAt {
  flowId: string;
  stepId: string;
}

/** The user's most recent unfinished flow: where they stopped, and what that step asks (instructions and questions). */
export interface PendingFlow {
  caseId: string;
  conversationId: string;
  /** When its case was last written: a refund left since is the more recent work. */
  updatedAt: string;
  title: string;
  n: number;
  at: StepAt;
  asks?: string;
}

interface StepLoopOptions {
  progress: FlowProgress;
  caseId: string;
  /** A flow for another problem the user named in the same message, offered when this one is fixed. */
  next?: string;
  /** Flows for the problems named after that one ("... and my tv has no sound"), offered one after another after it. */
  later?: string[];
  /** The case as last written, kept in dialog state so a milestone writes it without reading it first. */
  record?: CaseRecord;
  /**
   * The message the user opened with, as typed and as its typo-corrected words, until they answer
   * a step: a question it already answers is not asked. (A string in states saved before.)
   */
  opening?: string | string[];
  /**
   * How the answer that led to this step settled the problem, so an ending there does not ask
   * "Did that fix it?": 'fixed', the user said it is gone ("That worked", "fixed it thanks");
   * 'answered', the step's answer led straight to the ending ("It charges fine", "Found them", "Yes,
   * there's an outage"), which says how it ended but may be no repair.
   */
  settled?: 'fixed' | 'answered';
  /** The user told a detail at this step (givesDetail): it is acknowledged and the step's result asked again, not the whole step. */
  reask?: boolean;
  /**
   * The opening message's readings for the whole guide: what it says was done already, or the code
   * it gives, stays true after the user's first answer, so a step asking for it is passed over however late it comes.
   */
  openedWith?: string[];
}

/**
 * Begins the dialog with an offer of a problem the user mentioned while something else had to be
 * finished first (at a privacy request's question): "Shall we look at that now?", and on yes the
 * guide for it is chosen as for a first message.
 */
export interface MentionedProblem {
  mentioned: Classification;
}

export interface TroubleshootDialogOptions {
  catalog: FlowCatalog;
  cases: CaseStore;
  /** Where the progress between the case's milestones is kept (conversationFlowMemory). */
  memory: FlowMemory;
  /** What the steps' words mean ("what is a stop code?"), answered at a step; none, no answers. */
  glossary?: Glossary;
  now?: () => number;
  /** Where a declined offer after damage advice is kept for the next message (keepsUsing); none, not kept. */
  conversationData?: StatePropertyAccessor<ConversationData>;
}

/** "is back", "came back", "again" (not "back online", which says it works). */
const SAYS_BACK = /\b(?:is|it'?s|its|are|came|come|comes|coming) back\b(?! (?:on|online|up|to normal))|\bagain\b/i;
/** "the tv thing from yesterday", "same problem as last time": an earlier problem told of again, not a new one. */
const REFERS_BACK = /\b(?:thing|problem|issue|trouble)\s+(?:from|since|as|like)\s+(?:yesterday|last (?:time|night|week)|before|earlier|the other day)\b|\bsame (?:old )?(?:thing|problem|issue|trouble)(?: as| again| is back)?\b/i;

/**
 * Walks the user through one troubleshooting flow, one step per turn (issue: troubleshooting).
 * Progress lives in the dialog state (so a restart continues the same conversation) and in the
 * FlowMemory, and the user's case is written at the milestones: the flow starts, ends, is handed
 * to a technician or taken up in another conversation (so a new conversation can offer to
 * continue where they stopped, reading the progress its case points to).
 */
export class TroubleshootDialog extends FeatureDialog implements ReadsFirst {
  constructor(private readonly options: TroubleshootDialogOptions) {
    super(TROUBLESHOOT_DIALOG);
    this.addDialog(new ChoicePrompt(PICK_FLOW, (prompt) => readsGuidePick(prompt, options.catalog)));
    this.addDialog(new ChoicePrompt(PICK_DEVICE, readsDevicePick));
    this.addDialog(new ChoicePrompt(PICK_ACCOUNT, readsAccountPick));
    this.addDialog(new ChoicePrompt(STEP_CHOICE, (prompt) => readsStepAnswer(prompt, options.catalog, options.glossary)));
    // ask() already offers Yes/No as suggested actions; the prompt must not append "(1) Yes or (2) No".
    // "Shall we look at that now?" about a second problem: "ok thanks" there is a goodbye, not a yes.
    this.addDialog(Object.assign(new ConfirmPrompt(CONFIRM, clearYesOrNo(readsNextProblemOffer), 'en-us'), { style: ListStyle.none }));
    // "Did that fix it?": its yes closes the case as resolved and its no hands over, so a bare "ok"
    // (said after reading a step as often as after a fix) is asked about too. It is also answered in
    // the words of a step's answers: "it still doesn't work", "that fixed it".
    this.addDialog(Object.assign(new ConfirmPrompt(FIXED_CONFIRM, clearYesOrNo(readsFixedOrNot), 'en-us'), { style: ListStyle.none }));
    // Its yes starts a handoff: a bare "ok" is asked about (clearYesOrNo), and "ok thanks" is a goodbye.
    this.addDialog(Object.assign(new ConfirmPrompt(NO_GUIDE, clearYesOrNo(readsTechnicianOffer), 'en-us'), { style: ListStyle.none }));
    this.addDialog(new WaterfallDialog(SELECT, [this.selectStep.bind(this), this.pickedStep.bind(this), this.noFlowStep.bind(this)]));
    this.addDialog(
      new WaterfallDialog(STEP_LOOP, [this.showStep.bind(this), this.answerStep.bind(this), this.endingStep.bind(this), this.nextProblemStep.bind(this)]),
    );
    this.addDialog(new WaterfallDialog(OFFER_MENTIONED, [this.offerMentionedStep.bind(this), this.nextProblemStep.bind(this)]));
    this.addDialog(new WaterfallDialog(OFFER_LATER, [this.offerLaterStep.bind(this), this.nextProblemStep.bind(this)]));
    this.addDialog(new WaterfallDialog(TECHNICIAN_THEN_BACK, [this.technicianAskedStep.bind(this), this.backToStep.bind(this)]));
    this.initialDialogId = SELECT;
  }

  protected override onBeginDialog(innerDc: DialogContext, options?: object): Promise<DialogTurnResult> {
    if (options && 'mentioned' in options) return innerDc.beginDialog(OFFER_MENTIONED, options);
    return super.onBeginDialog(innerDc, options);
  }

  /**
   * "no wait its the wifi", "actually its my printer" or "my printer is offline" at a guide's device
   * question (the make and model) turns to that problem as at a step, rather than being noted as the device's details:
   * the question ends with the turn as its answer, which answerStep reads as a step's.
   */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const [loop, asking] = innerDc.stack.slice(-2);
    const flowId = (loop?.state?.options as Partial<StepLoopOptions> | undefined)?.progress?.flowId;
    if (asking?.id === DEVICE_INFO && loop?.id === STEP_LOOP && flowId) {
      const text = routableText(innerDc.context.activity.text);
      const classification = getClassification(innerDc.context);
      const flow = getFlow(this.options.catalog, flowId);
      const turn = text ? turnsElsewhere(text, classification, this.options.catalog, flow) : undefined;
      if (turn) return innerDc.endDialog(turn);
      // "my printer is offline" at the phone's model question: another device's problem, which no
      // make and model is (a step reads it so when it answers nothing). The phone's own ("my phone
      // is overheating") is the problem told again, which the question says it has already.
      if (text && flow && namesOtherDevice(classification, flow) && changesProblem(text, classification, this.options.catalog, flow)) return innerDc.endDialog(ANOTHER_PROBLEM);
    }
    return super.onContinueDialog(innerDc);
  }

  /**
   * The main dialog lets this dialog read a goodbye at "I don't have a guide ... connect you with a
   * technician?" first: "bye" there declines the offer and closes, as "ok thanks" does, where at other
   * questions it is a pause that leaves them open for later. And a step reads a question about a word
   * of the glossary first.
   */
  readsFirst(instance: DialogInstance, context: TurnContext): boolean {
    const asking = innerStack(instance).at(-1)?.id;
    // Small talk took "what do you mean by input" for "I didn't explain that well", and the router
    // "what do u mean by input" for a request for help: neither says what the word is. Nor, to a
    // bare "what does that mean", what the step is for (readsStepAnswer).
    const text = routableText(context.activity.text);
    if (asking === STEP_CHOICE) return explainTerm(this.options.glossary, text) !== undefined || asksWhatIsMeant(text);
    return asking === NO_GUIDE && leavesWithThanks(context);
  }

  /**
   * The user's most recent unfinished flow, for "continue where you stopped?": with a problem told
   * (`opening`), the most recent one that problem is not clearly another one than
   * (isAnotherProblem), so "my laptop still wont charge" finds the laptop's guide behind a later
   * printer's; none when the problem is new.
   */
  async pendingFlow(userId: string, opening?: Classification): Promise<PendingFlow | undefined> {
    const open = (await this.options.cases.list(userId))
      .filter((c) => c.status === 'open' && !c.notes.resumeDeclined && parseFlowProgress(c.notes.progress))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    for (const record of open) {
      const progress = await this.latestProgress(record);
      const flow = progress && getFlow(this.options.catalog, progress.flowId);
      if (!flow) continue;
      const at = { flowId: flow.id, stepId: progress.stepId };
      if (opening && this.isAnotherProblem(at, opening)) continue;
      const step = flow.steps[progress.stepId];
      const asks = step?.kind === 'question' || step?.kind === 'instruction' ? step.text : undefined;
      return { caseId: record.id, conversationId: record.conversationId, updatedAt: record.updatedAt, title: flow.title, n: progress.n, at, ...(asks ? { asks } : {}) };
    }
    return undefined;
  }

  /**
   * Whether a returning user's opening problem is clearly another one than the guide left half-way:
   * another device, or one other guide that clearly fits ("my printer is jammed now" after the
   * laptop's guide). Offering to continue the old one first only stands in its way.
   */
  isAnotherProblem(at: StepAt, classification: Classification): boolean {
    const flow = getFlow(this.options.catalog, at.flowId);
    if (!flow || classification.intent !== 'troubleshoot') return false;
    if (classification.device !== 'none' && classification.device !== flow.device) return true;
    // "the tv thing from yesterday is back": the earlier problem on the same device, whatever guide its words fit.
    if (REFERS_BACK.test(classification.text)) return false;
    const close = closeMatches(selectFlows(this.options.catalog, { device: classification.device, symptoms: classification.symptoms, text: classification.text }).filter((m) => m.score >= CLEAR_GUIDE_SCORE));
    return close.length === 1 && close[0].flow.id !== flow.id;
  }

  /**
   * What a returning user typed at "continue where we stopped?" when it carries on the old work:
   * the answer to the step they stopped at ("usb" at "How is the printer connected?"), or the
   * problem told again with nothing new ("still not working", "the printer is still offline").
   * Undefined when it is a problem a guide of its own fits better ("my wifi keeps dropping").
   */
  continuesAt(at: StepAt, classification: Classification | undefined, text: string): { answer?: string } | undefined {
    const catalog = this.options.catalog;
    const flow = getFlow(catalog, at.flowId);
    if (!flow) return undefined;
    const matches = classification ? selectFlows(catalog, { device: classification.device, symptoms: classification.symptoms, text: classification.text }).filter((m) => m.score >= MIN_SCORE) : [];
    const close = closeMatches(matches);
    // One guide clearly fits, and it is another one: a new problem, whatever option word it shares.
    if (close.length === 1 && close[0].flow.id !== at.flowId) return undefined;
    const asked = stepAnswersOf(flow, at.stepId);
    const answer = asked && stepAnswerIn(text, asked.choices, asked.answers.answers, readingsOf(text, classification), false, flow);
    // "Talk to a technician" is a request of its own there: the main dialog opens it.
    if (answer && answer !== TECHNICIAN_OPTION) return { answer };
    // "sure, what about the tv" names the guide's device and no other problem: the router reads no request in it.
    if (classification?.intent === 'out_of_scope' && classification.device === flow.device) return {};
    if (classification?.intent !== 'troubleshoot' || (classification.device !== 'none' && classification.device !== flow.device)) return undefined;
    return close.length === 0 || close[0].flow.id === at.flowId ? {} : undefined;
  }

  /**
   * Right after a guide ended as fixed in this conversation, a message saying the trouble is back
   * ("still not working", "it stopped working again") that names no other device and fits no other
   * guide: the options to begin this dialog with, which reopen that case (see reopen). Else undefined.
   */
  async problemBack(context: TurnContext, classification: Classification): Promise<object | undefined> {
    return (await this.backFromThisChat(context, classification)) ?? (await this.backFromEarlierChat(context, classification));
  }

  /**
   * In a new chat, "the printer thing from yesterday is back" or "my printer is offline again": the
   * device's latest problem a guide fixed in an earlier chat, unless the words clearly fit another of
   * its guides ("my printer is jammed again" after the offline one). The options that revive that case.
   */
  private async backFromEarlierChat(context: TurnContext, classification: Classification): Promise<object | undefined> {
    const text = classification.text;
    if (classification.intent !== 'troubleshoot' || classification.device === 'none' || isQuestion(text) || !(SAYS_BACK.test(text) || REFERS_BACK.test(text))) return undefined;
    const here = context.activity.conversation.id;
    const fixed = (await this.options.cases.list(userIdOf(context.activity)))
      .filter((c) => c.status === 'resolved' && c.device === classification.device && c.conversationId !== here && c.flowId && getFlow(this.options.catalog, c.flowId))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
    const clear = closeMatches(selectFlows(this.options.catalog, { device: classification.device, symptoms: classification.symptoms, text }).filter((m) => m.score >= CLEAR_GUIDE_SCORE));
    const record = fixed.find((c) => REFERS_BACK.test(text) || clear.length === 0 || clear.some((m) => m.flow.id === c.flowId));
    return record && { reviveCaseId: record.id };
  }

  private async backFromThisChat(context: TurnContext, classification: Classification): Promise<object | undefined> {
    const fixed = await this.options.memory.lastFixed(context);
    const flow = fixed && getFlow(this.options.catalog, fixed.progress.flowId);
    if (!fixed || !flow) return undefined;
    if (classification.device !== 'none' && classification.device !== flow.device) return undefined;
    const matches = selectFlows(this.options.catalog, { device: classification.device, symptoms: classification.symptoms, text: classification.text });
    // "still drops", "it dropped again": the fixed guide's own fault, in words no general fault list has.
    const ownFaultBack = STILL_OR_AGAIN.test(classification.text) && !isQuestion(classification.text) && matches.some((m) => m.flow.id === flow.id);
    if (!ownFaultBack && !saysProblemBack(classification.text)) return undefined;
    // "my printer is still jammed" after its offline guide: the jam's guide, a problem of its own.
    // Not a guide that shares a stray word ("still nothing" and "nothing on screen").
    const clear = closeMatches(matches.filter((m) => m.score >= CLEAR_GUIDE_SCORE));
    if (clear.length > 0 && !clear.some((m) => m.flow.id === flow.id)) return undefined;
    // The case as it ended, lately: not one erased since, nor a fix of days ago in a chat that stays open (Teams).
    const record = await this.options.cases.get(userIdOf(context.activity), fixed.caseId);
    const since = (this.options.now?.() ?? Date.now()) - Date.parse(record?.updatedAt ?? '');
    if (record?.status !== 'resolved' || !(since <= REOPEN_WITHIN_MS)) return undefined;
    return { reopenCaseId: fixed.caseId, classification };
  }

  /**
   * Right after a technician was declined at damage advice, "can i keep using it if its plugged in?"
   * or "it still works tho, is that ok?": the options to begin this dialog with, which answer it and
   * offer the technician again, for the damage first told. Else undefined.
   */
  async keepsUsing(context: TurnContext, classification: Classification): Promise<object | undefined> {
    const advised = this.options.conversationData && (await justSaid(this.options.conversationData, context, 'damageAdvised'));
    if (!advised || !asksToKeepUsing(classification.text)) return undefined;
    return { keepUsing: advised.damage, classification: advised.classification };
  }

  /** The live ticket asked for at a step was withdrawn this turn (the queue's guard, markKeepGoing): the options that go on from that step. */
  keepsGoing(context: TurnContext): object | undefined {
    const caseId = keepGoingCase(context);
    return caseId ? { keepGoingCaseId: caseId } : undefined;
  }

  /** Whether this conversation keeps the step at which case `caseId`'s live ticket was asked for. */
  async queuedAtStep(context: TurnContext, caseId: string): Promise<boolean> {
    const data = this.options.conversationData && (await conversationData(this.options.conversationData, context));
    return data?.queuedAtStep?.caseId === caseId;
  }

  /** The user chose to start something new over continuing this case: it is not offered again. */
  async declineResume(userId: string, caseId: string): Promise<void> {
    await this.options.cases.declineResume(userId, caseId, (c) => c.status === 'open');
  }

  /** The case's progress: what its conversation kept since the last write (kept by case id), else the record's own. */
  private async latestProgress(record: CaseRecord): Promise<FlowProgress | undefined> {
    const kept = await this.options.memory.recall(record.userId, record.conversationId, record.id);
    return kept ?? parseFlowProgress(record.notes.progress);
  }

  /**
   * Writes this conversation's progress on its case (on `caseId`, when given) to the case record,
   * for whoever reads the case next: a technician picking up a handoff, or nobody soon when another
   * flow starts in this conversation. No write when there is nothing newer.
   */
  async syncCase(context: TurnContext, caseId?: string): Promise<void> {
    const kept = await this.options.memory.current(context, caseId);
    if (!kept) return;
    const { progress } = kept;
    const record = await this.options.cases.get(userIdOf(context.activity), kept.caseId);
    // A finished case was written when it finished; one worked on elsewhere since is not ours to write.
    if (!record || record.status !== 'open' || record.conversationId !== context.activity.conversation.id) return;
    const written = parseFlowProgress(record.notes.progress);
    if (written && written.n >= progress.n && written.history.length >= progress.history.length) return;
    await this.options.cases.save({ ...record, ...caseFacts(this.options.catalog, progress), notes: { ...record.notes, progress }, updatedAt: new Date(this.options.now?.() ?? Date.now()).toISOString() });
  }

  private async selectStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const opts = step.options as { classification?: Classification; keepUsing?: Damage; keepGoingCaseId?: string; resumeCaseId?: string; answer?: string; at?: StepAt; reopenCaseId?: string; reviveCaseId?: string; rest?: string[]; browse?: string[] };
    const userId = userIdOf(step.context.activity);
    if (opts.reopenCaseId) {
      const reopened = await this.reopen(step, opts.reopenCaseId);
      if (reopened) return reopened;
    }
    if (opts.reviveCaseId) {
      const revived = await this.revive(step, opts.reviveCaseId);
      if (revived) return revived;
    }
    if (opts.keepGoingCaseId && this.options.conversationData) {
      const data = await conversationData(this.options.conversationData, step.context);
      const progress = parseFlowProgress(data.queuedAtStep?.progress);
      delete data.queuedAtStep;
      const found = await this.options.cases.get(userId, opts.keepGoingCaseId);
      if (found && progress) return this.keepGoing(step, { progress, caseId: found.id, record: found });
    }
    if (opts.resumeCaseId) {
      const found = await this.options.cases.get(userId, opts.resumeCaseId);
      const kept = found && (await this.latestProgress(found));
      const flow = kept && getFlow(this.options.catalog, kept.flowId);
      if (found && kept && flow) {
        // The answer typed at the offer is taken as given at the step it was offered for (not a step moved on since).
        const answered = opts.answer !== undefined && opts.at?.stepId === kept.stepId && opts.at.flowId === kept.flowId;
        const progress = answered ? advance(this.options.catalog, kept, opts.answer!) : kept;
        await step.context.sendActivity(message(`OK, let's pick up "${flow.title}" where we stopped${answered ? `, with your answer: ${opts.answer}` : ''}.`));
        // The case moves to this conversation (a milestone): its progress is kept here from now on.
        const record: CaseRecord = { ...found, conversationId: step.context.activity.conversation.id };
        await this.options.memory.remember(step.context, record.id, progress);
        const loop: StepLoopOptions = { progress, caseId: record.id, record };
        return step.replaceDialog(STEP_LOOP, { ...loop, record: await this.saveCase(step.context, loop, 'open') } satisfies StepLoopOptions);
      }
    }
    const c = opts.classification;
    if (opts.keepUsing) {
      Object.assign(step.values, { damage: opts.keepUsing });
      return step.prompt(NO_GUIDE, damageOffer(KEEP_USING_ANSWER[opts.keepUsing], opts.keepUsing));
    }
    if (opts.browse) {
      Object.assign(step.values, { candidates: opts.browse.slice(0, MAX_GUIDES_OFFERED), rest: opts.browse.slice(MAX_GUIDES_OFFERED) });
      const titles = opts.browse.slice(0, MAX_GUIDES_OFFERED).map((id) => getFlow(this.options.catalog, id)!.title);
      return step.prompt(
        PICK_FLOW,
        choicePrompt('OK. These are the guides I do have for it, in case one fits after all:', 'Please pick the guide that fits best, or "Something else".', [...titles, SOMETHING_ELSE]),
      );
    }
    if (opts.rest) {
      // "Something else" at a pick of the best fits: the others that fit, then a technician.
      Object.assign(step.values, { candidates: opts.rest });
      const titles = opts.rest.map((id) => getFlow(this.options.catalog, id)!.title);
      return step.prompt(
        PICK_FLOW,
        choicePrompt('These guides could fit too. Does one of them sound like your problem?', 'Please pick the guide that fits best, or "Something else".', [...titles, SOMETHING_ELSE]),
      );
    }
    const opening = openingFor(this.options.catalog, c);
    if (opening.kind === 'damage') {
      Object.assign(step.values, { damage: opening.damage });
      return step.prompt(NO_GUIDE, damageOffer(DAMAGE_ADVICE[opening.damage], opening.damage));
    }
    if (opening.kind === 'safety') {
      // Nothing is happening, so no safety ending: a guide begun from here reads none of the question's words ("gets hot") as its answers.
      await step.context.sendActivity(message(SAFETY_ANSWER));
      if (opening.matches.length === 0) return step.prompt(NO_GUIDE, yesNoPrompt('Would you like me to connect you with a technician?', WANT_TECHNICIAN_RETRY));
      Object.assign(step.values, { candidates: opening.matches.map((m) => m.flow.id), asked: true });
      return step.prompt(
        PICK_FLOW,
        choicePrompt('If something isn\'t working as it should, a guide may help. Or pick "Something else" for a technician.', 'Please pick the guide that fits best, or "Something else".', [
          ...opening.matches.map((m) => m.flow.title),
          SOMETHING_ELSE,
        ]),
      );
    }
    if (opening.kind === 'device') {
      Object.assign(step.values, { askedDevice: true });
      const among = opening.among;
      const devices = Object.keys(DEVICE_CHOICES).filter((label) => !among || among.includes(DEVICE_CHOICES[label]));
      return step.prompt(
        PICK_DEVICE,
        choicePrompt(among ? 'Which device is it?' : 'Sorry to hear that. Which device is it?', 'Please pick the device, or tell me what it is in your own words.', [...devices, SOMETHING_ELSE]),
      );
    }
    if (opening.kind === 'account') {
      Object.assign(step.values, { askedDevice: true });
      return step.prompt(
        PICK_ACCOUNT,
        choicePrompt('Which account do you need help with? I have guides for email accounts (like Outlook, Gmail or iCloud Mail).', 'Please pick one, or tell me which account it is in your own words.', [
          'Email',
          SOMETHING_ELSE,
        ]),
      );
    }
    if (opening.kind === 'none') {
      const problem = opening.notCovered ? `that problem on a ${opening.notCovered}` : 'that problem';
      // "my tv has no subtitles": no guide for the fault, but the TV has guides; declining the
      // technician lists them, in case the fault was put in other words than theirs.
      const deviceGuides = opening.notCovered || !c || c.device === 'none' ? [] : Object.values(this.options.catalog.flows).filter((f) => f.device === c.device).map((f) => f.id);
      Object.assign(step.values, { deviceGuides });
      return step.prompt(NO_GUIDE, yesNoPrompt(`I don't have a guide for ${problem} yet. Would you like me to connect you with a technician?`, WANT_TECHNICIAN_RETRY));
    }
    const close = opening.matches;
    if (close.length === 1) return this.begin(step, close[0].flow.id, c);
    Object.assign(step.values, { candidates: close.map((m) => m.flow.id), rest: opening.more.map((m) => m.flow.id) });
    // "My laptop is slow and my printer won't print": the guides offered are for one problem; the
    // other is not forgotten (begin() finds it again after the pick) and the user is told so.
    const others = c ? otherProblems(this.options.catalog, { device: c.device, symptoms: c.symptoms, text: c.text }, close[0].flow.id).filter((o) => !close.some((m) => m.flow.id === o.flow.id)) : [];
    const later = others.length ? ` (${alsoMentioned(others.map((o) => o.flow.title))})` : '';
    // "do you fix iphones": a yes, and the guides are what we help with for it.
    const question = c && c.device !== 'none' && asksWhetherWeFix(c.text) ? `Yes, I can help with ${HELPED_WITH[c.device]}. These are the problems I have guides for: which one is yours?${later}` : undefined;
    return step.prompt(
      PICK_FLOW,
      choicePrompt(question ?? `I have a few guides that could fit. Which sounds most like your problem?${later}`, 'Please pick the guide that fits best, or "Something else".', [
        ...close.map((m) => m.flow.title),
        SOMETHING_ELSE,
      ]),
    );
  }

  /**
   * The problem a guide fixed is back: the same case, open again, carried on from the step whose
   * answer said it worked with that step's "still not working" answer (its next step), or the guide
   * from its start where that step has none. Undefined when the case or its guide is gone.
   */
  private async reopen(step: WaterfallStepContext, caseId: string): Promise<DialogTurnResult | undefined> {
    const fixed = await this.options.memory.lastFixed(step.context);
    await this.options.memory.endedFixed(step.context, undefined);
    const found = fixed?.caseId === caseId ? await this.options.cases.get(userIdOf(step.context.activity), caseId) : undefined;
    const flow = found && getFlow(this.options.catalog, fixed!.progress.flowId);
    if (!found || !flow) return undefined;
    const carried = carriedOn(this.options.catalog, flow, fixed!.progress);
    // The steps tried stay with the case: the technician, if it comes to one, sees it worked for a while.
    const progress = carried ?? { ...startFlow(this.options.catalog, flow.id), history: fixed!.progress.history };
    const how = carried ? `Let's carry on with "${flow.title}" from where we were.` : `Let's go through "${flow.title}" again.`;
    await step.context.sendActivity(message(`I'm sorry it's not working again. ${how} You can ask for a technician at any point.`));
    await this.options.memory.remember(step.context, caseId, progress);
    const loop: StepLoopOptions = { progress, caseId, record: found };
    return step.replaceDialog(STEP_LOOP, { ...loop, record: await this.saveCase(step.context, loop, 'open') } satisfies StepLoopOptions);
  }

  /**
   * A problem a guide fixed in an earlier chat is back: what fixed it last time is told, and the same
   * case, open again here, goes through its guide from the start. The steps tried then stay with it
   * and it is marked as come back, so a technician it reaches sees it was fixed once and returned.
   */
  private async revive(step: WaterfallStepContext, caseId: string): Promise<DialogTurnResult | undefined> {
    const found = await this.options.cases.get(userIdOf(step.context.activity), caseId);
    const flow = found?.flowId ? getFlow(this.options.catalog, found.flowId) : undefined;
    if (!found || !flow) return undefined;
    const fixedBy = found.stepsTried.at(-1)?.text;
    const last = fixedBy ? ` Last time, "${flow.title}" was fixed by: ${fixedBy}` : '';
    await step.context.sendActivity(message(`Sorry it's back.${last} Let's go through it again.`));
    const progress = { ...startFlow(this.options.catalog, flow.id), history: found.stepsTried.map((h) => ({ ...h })) };
    const record: CaseRecord = { ...found, conversationId: step.context.activity.conversation.id, notes: { ...found.notes, cameBack: { fixedAt: found.updatedAt, ...(fixedBy ? { fixedBy } : {}) } } };
    await this.options.memory.remember(step.context, caseId, progress);
    const loop: StepLoopOptions = { progress, caseId, record };
    return step.replaceDialog(STEP_LOOP, { ...loop, record: await this.saveCase(step.context, loop, 'open') } satisfies StepLoopOptions);
  }

  private async pickedStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { candidates, askedDevice, rest } = step.values as { candidates?: string[]; askedDevice?: boolean; rest?: string[] };
    if (askedDevice) {
      const device = step.result && DEVICE_CHOICES[(step.result as FoundChoice).value];
      // The problem they opened with, on the device picked; a device or problem typed instead is read afresh.
      if (device) return step.replaceDialog(SELECT, { classification: { ...(step.options as { classification: Classification }).classification, device } });
      if (step.result === undefined) return this.selectAgain(step);
      return step.prompt(NO_GUIDE, yesNoPrompt("Then I don't have a guide for it. Would you like me to connect you with a technician?", WANT_TECHNICIAN_RETRY));
    }
    if (!candidates) return step.next(step.result); // came from the "no guide" question
    if (step.result === undefined) return this.selectAgain(step);
    if ((step.result as FoundChoice).value === DETAIL) {
      // The detail goes with the problem told: the pick is offered again for both, and the guide begun skips what it answers.
      const before = (step.options as { classification?: Classification }).classification;
      const detail = routableText(step.context.activity.text);
      await step.context.sendActivity(message("Thanks, I've noted that."));
      return step.replaceDialog(SELECT, { classification: before && { ...before, text: `${before.text}. ${detail}` } });
    }
    const { value } = step.result as FoundChoice;
    if (value === ANOTHER_PROBLEM || value === OWN_WIFI) return this.turnTo(step, value, getFlow(this.options.catalog, candidates[0])!);
    const picked = (step.result as FoundChoice).index;
    const { asked } = step.values as { asked?: boolean };
    if (picked < candidates.length) return this.begin(step, candidates[picked], asked ? undefined : (step.options as { classification?: Classification }).classification);
    if (rest?.length) return step.replaceDialog(SELECT, { classification: (step.options as { classification?: Classification }).classification, rest });
    return step.prompt(NO_GUIDE, yesNoPrompt("Then I don't have a guide that fits. Would you like me to connect you with a technician?", WANT_TECHNICIAN_RETRY));
  }

  /**
   * The user turned from `flow` (a step's guide, or the guides offered to pick from) to another
   * problem (see turnsElsewhere): its guide is chosen, as for a new description.
   */
  private async turnTo(step: WaterfallStepContext, turn: typeof ANOTHER_PROBLEM | typeof OWN_WIFI, flow: Flow): Promise<DialogTurnResult> {
    await step.context.sendActivity(message("OK, let's look at that instead."));
    const classification = getClassification(step.context);
    const own = turn === OWN_WIFI ? ownWifiGuide(classification, this.options.catalog, flow) : undefined;
    // A TV's or computer's trouble taken to the network's guides ("actually its the wifi"): its
    // device still answers their "What kind of device can't join?" (begin).
    const known = classification?.device === 'network' && flow.device !== 'network' ? { knownDevice: flow.device } : {};
    if (own) return step.replaceDialog(SELECT, { classification: own, ...known });
    return this.selectAgain(step, known);
  }

  /**
   * The user described the problem again instead of answering: choose a guide for the new words.
   * Words naming no device are about the one named before ("my computer", then at the pick "it is
   * really slow": the computer's guide, not every slow device's, which are too many to fit).
   */
  private selectAgain(step: WaterfallStepContext, known: { knownDevice?: Device } = {}): Promise<DialogTurnResult> {
    const now = getClassification(step.context);
    const before = (step.options as { classification?: Classification }).classification;
    const device = now?.device === 'none' && before ? before.device : now?.device;
    return step.replaceDialog(SELECT, { classification: now && device && { ...now, device }, ...known });
  }

  private async noFlowStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    if (step.result === undefined) return this.selectAgain(step);
    const typed = routableText(step.context.activity.text);
    // "the battery is swelling up" at the offer (a yes to it, readsTechnicianOffer): a hazard now, whatever the offer was for.
    const told = hazardIn(typed) !== undefined;
    const { damage: offeredFor } = step.values as { damage?: Damage };
    const damage = told ? 'hazard' : offeredFor;
    if (step.result === true && damage) {
      // The user's own words (masked by the handoff) and the device tell the technician what happened.
      const opening = (step.options as { classification?: Classification }).classification;
      // The offer after a hazard gave the advice already; its words go with the problem's.
      if (told && offeredFor !== 'hazard') await step.context.sendActivity(message(DAMAGE_ADVICE.hazard));
      const classification = told && opening ? { ...opening, text: `${opening.text}. ${typed}` } : opening;
      const reason = damageReason(damage, told ? typed : (classification?.text ?? ''));
      // A hazard goes ahead of the queue: the device may still be plugged in, and someone may be hurt.
      const priority = damage === 'hazard' ? 'high' : 'normal';
      return step.findDialog('handoff') ? step.replaceDialog('handoff', { reason, priority, classification }) : this.toTechnician(step, reason, undefined, undefined, [], priority);
    }
    if (step.result === true) return this.toTechnician(step, 'No troubleshooting guide fits the problem');
    if (leavesWithThanks(step.context)) {
      await step.context.sendActivity(message(GOODBYE));
      return step.endDialog();
    }
    const { deviceGuides } = step.values as { deviceGuides?: string[] };
    if (!damage && deviceGuides?.length) {
      return step.replaceDialog(SELECT, { classification: (step.options as { classification?: Classification }).classification, browse: deviceGuides });
    }
    const said = damage ? DAMAGE_DECLINED[damage] : 'OK. Tell me more about the problem in other words, or ask for a technician any time.';
    await step.context.sendActivity(message(said));
    if (damage && this.options.conversationData) {
      const classification = (step.options as { classification?: Classification }).classification;
      await forNextMessage(this.options.conversationData, step.context, 'damageAdvised', { damage, ...(classification ? { classification } : {}) });
    }
    return step.endDialog();
  }

  /** `queued`: the flows of problems named after this one, when the message that named them is gone (begun from an offer). */
  private async begin(step: WaterfallStepContext, flowId: string, classification?: Classification, queued: string[] = []): Promise<DialogTurnResult> {
    const flow = getFlow(this.options.catalog, flowId)!;
    // The device of the guide before, when the user turned from it to the network's guides ("actually its the wifi").
    // Only for the network's guides: the device's own guide is about it anyway.
    const knownDevice = flow.device === 'network' ? (step.options as { knownDevice?: Device }).knownDevice : undefined;
    const [next, ...later] = classification ? otherProblems(this.options.catalog, { device: classification.device, symptoms: classification.symptoms, text: classification.text }, flowId).map((m) => m.flow.id) : queued;
    // The conversation is about to keep this flow's progress instead: an unfinished one's case gets its steps first.
    await this.syncCase(step.context);
    // "still not working" from now on is about this problem, not one fixed before it.
    await this.options.memory.endedFixed(step.context, undefined);
    const progress = startFlow(this.options.catalog, flowId);
    const record = await this.options.cases.open({
      userId: userIdOf(step.context.activity),
      conversationId: step.context.activity.conversation.id,
      device: flow.device,
      problem: flow.title,
      flowId,
      notes: { progress },
    });
    await this.options.memory.remember(step.context, record.id, progress);
    const also = next ? ` ${alsoMentioned([next, ...later].map((id) => getFlow(this.options.catalog, id)!.title))}` : '';
    await step.context.sendActivity(message(`Let's work through "${flow.title}" step by step.${also} You can ask for a technician at any point.`));
    return step.replaceDialog(STEP_LOOP, {
      progress,
      caseId: record.id,
      record,
      ...(next ? { next } : {}),
      ...(later.length ? { later } : {}),
      ...(classification ? { openedWith: readingsOf(classification.text, classification) } : {}),
      ...(classification || knownDevice ? { opening: [...(classification ? readingsOf(classification.text, classification) : []), ...(knownDevice ? familyNamesOf(knownDevice) : [])] } : {}),
    } satisfies StepLoopOptions);
  }

  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const loop = step.options as StepLoopOptions;
    const { progress } = loop;
    const current = currentStep(this.options.catalog, progress);
    const s = current.step;
    const ref = stepRef(progress);
    // A goto carried the case on in another guide (see arrive): the user is told, and the case is that guide's now.
    if (loop.record?.flowId && loop.record.flowId !== progress.flowId) {
      await step.context.sendActivity(message(`Let's go through "${getFlow(this.options.catalog, progress.flowId)!.title}" then.`));
      Object.assign(loop, { record: await this.saveCase(step.context, loop, 'open') });
    }
    // A question already answered at this guide is asked again if it comes back: the user's answer then was theirs to give.
    const askedBefore = progress.history.some((h) => h.stepId === progress.stepId && !h.outcome.startsWith('Detail: '));
    const told = askedBefore ? [] : detailsTold(progress.history);
    const setup = !askedBefore && loop.openedWith ? setupInOpening(s, loop.openedWith) : undefined;
    const known = (loop.opening ? answeredByOpening(s, loop.opening) : undefined) ?? setup ?? (told.length > 0 ? answeredByOpening(s, told) : undefined);
    if (known) {
      // "My mac is slow" is not asked "Windows PC or Mac?": the answer is recorded as if picked.
      await step.context.sendActivity(message(`Going by what you told me: ${known}.`, { step: ref }));
      const next = advance(this.options.catalog, progress, known);
      await this.options.memory.remember(step.context, loop.caseId, next);
      return step.replaceDialog(STEP_LOOP, { ...loop, progress: next } satisfies StepLoopOptions);
    }
    const passed = askedBefore ? undefined : this.toldBefore(current, loop);
    if (passed) {
      // Kept with the step as a detail, as the code typed at the step is: whoever reads the case sees why it was passed over.
      await step.context.sendActivity(message(passed.say, { step: ref }));
      const next = advance(this.options.catalog, withOutcome(progress, current, `Detail: ${passed.detail}`), passed.label);
      await this.options.memory.remember(step.context, loop.caseId, next);
      return step.replaceDialog(STEP_LOOP, { ...loop, progress: next } satisfies StepLoopOptions);
    }
    switch (s.kind) {
      case 'collect':
        await step.context.sendActivity(message(s.text, { step: ref }));
        if (step.findDialog(DEVICE_INFO)) return step.beginDialog(DEVICE_INFO, { fields: s.fields, optional: s.fields, purpose: s.text, device: current.flowId && getFlow(this.options.catalog, current.flowId)?.device });
        return step.next('Skipped');
      case 'resolved':
      case 'escalate':
        return step.next();
      default: {
        const link = 'link' in s && s.link ? `\n\n${s.link.title}: ${s.link.url}` : '';
        // After an instruction, "ok" or "done" means the user did it, not how it went: ask that. A
        // step with one answer ("OK" after a warning, "Done" after unplugging) has no outcome to ask
        // about: it only waits for the user.
        // Nor does writing down a stop code: "how did it go?" is for a fix that was tried.
        const [only, ...more] = s.options;
        const triesAFix = s.kind === 'instruction' && !s.options.some((o) => synonymsFor(o.label) === NOTED);
        const retry = more.length === 0 ? `When you're ready, just say "${only.label}"` : `${triesAFix ? "Once you've tried that, how did it go? " : ''}Please pick one of the options`;
        const flow = getFlow(this.options.catalog, progress.flowId)!;
        const { choices, answers: own } = stepAnswersOf(flow, progress.stepId)!;
        const answered = progress.history.filter((h) => flow.steps[h.stepId]?.kind === 'question').map(({ stepId, outcome }) => ({ stepId, outcome }));
        const answers = { ...own, ...(answered.length > 0 ? { answered } : {}), ...(s.kind === 'instruction' ? { instruction: `${s.text}${link}` } : { question: `${s.text}${link}` }) };
        if (loop.reask) {
          // The result question is asked now: a "yes" to it is "That worked", not asked it once more.
          const { check, ...rest } = answers;
          const asks = check ?? lastQuestionIn(s.text) ?? retry;
          // Thanked once: "where is that button?" next is answered with the question alone.
          const once: OnceOptions = {
            ...choicePrompt(`Thanks, I've noted that. ${asks}`, `${retry}, or say "${TECHNICIAN_OPTION}".`, choices, { step: ref }),
            thenPrompt: ask(asks, 'choice', undefined, { step: ref }),
            validations: rest,
          };
          return step.prompt(STEP_CHOICE, once);
        }
        return step.prompt(STEP_CHOICE, {
          ...choicePrompt(`${s.text}${link}`, `${retry}, or say "${TECHNICIAN_OPTION}".`, choices, { step: ref }),
          validations: answers,
        });
      }
    }
  }

  /**
   * An instruction the user has done already by their opening message or a detail told since: the
   * code its "I've noted it" asks for ("a blue screen with CRITICAL_PROCESS_DIED"), or the action of
   * its `said_done` ("i already restarted it"), answered by its "Still ..." answer or its only one.
   */
  private toldBefore(current: CurrentStep, loop: StepLoopOptions): { label: string; detail: string; say: string } | undefined {
    const s = current.step;
    if (s.kind !== 'instruction') return undefined;
    const told = [...(loop.openedWith ?? []), ...loop.progress.history.filter((h) => h.outcome.startsWith('Detail: ')).map((h) => h.outcome.slice('Detail: '.length))];
    const noted = s.options.find((o) => synonymsFor(o.label) === NOTED);
    const code = noted && codesIn(told);
    if (noted && code) return { label: noted.label, detail: code, say: `You've given me the code already (${code}): I've noted it for the technician.` };
    const after = s.options.length === 1 ? s.options[0] : s.options.find((o) => synonymsFor(o.label) === NOT_YET);
    const flow = getFlow(this.options.catalog, current.flowId);
    const did = after && s.said_done && flow && saidDone(s.said_done, told, familyNamesOf(flow.device));
    if (!after || !did) return undefined;
    return { label: after.label, detail: did, say: `You've already ${yours(did)}, so let's go on.` };
  }

  /** Whether the words say the action of any of the guide's steps was done already (its `said_done`). */
  private tellsALaterAction(flowId: string, typed: string): boolean {
    const flow = getFlow(this.options.catalog, flowId);
    if (!flow) return false;
    const phrases = Object.values(flow.steps).flatMap((s) => (s.kind === 'instruction' ? (s.said_done ?? []) : []));
    return phrases.length > 0 && saidDone(phrases, [typed], familyNamesOf(flow.device)) !== undefined;
  }

  private async answerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const loop = step.options as StepLoopOptions;
    const current = currentStep(this.options.catalog, loop.progress);
    if (current.step.kind === 'resolved') {
      await step.context.sendActivity(message(current.step.text, { step: stepRef(loop.progress) }));
      // "That worked", "It charges fine" or "Yes, there's an outage" led here: asking "Did that fix
      // it?" would ask what the answer said.
      if (loop.settled) return step.next(true);
      return step.prompt(FIXED_CONFIRM, yesNoPrompt('Did that fix it?', 'Did that fix the problem? Please answer yes or no.'));
    }
    if (current.step.kind === 'escalate') {
      await step.context.sendActivity(message(current.step.text, { step: stepRef(loop.progress) }));
      const record = await this.saveCase(step.context, loop, 'escalated');
      const { reason, security } = current.step;
      if (security) return this.toTechnician(step, `Security report: ${reason}`, loop.caseId, record, stillToCome(loop), 'high');
      return this.toTechnician(step, reason, loop.caseId, record, stillToCome(loop));
    }
    const chosen = current.step.kind === 'collect' ? summarizeCollected(step.result) : (step.result as FoundChoice).value;
    // "got it out with tweezers": metal inside a printer can short its board or tear its rollers.
    if (getFlow(this.options.catalog, loop.progress.flowId)?.device === 'printer' && METAL_TOOL.test(step.context.activity.text ?? '')) {
      await step.context.sendActivity(message(PRINTER_TOOL_SAFETY));
    }
    if (chosen === TECHNICIAN_OPTION) {
      const asked = { ...loop, progress: withOutcome(loop.progress, current, TECHNICIAN_OPTION) };
      const record = await this.saveCase(step.context, asked, 'escalated');
      const nextFlowIds = stillToCome(loop);
      // The user may think better of it ("no wait let me keep trying"): the guide waits beneath the handoff.
      if (step.findDialog('handoff') && nextFlowIds.length === 0) return step.replaceDialog(TECHNICIAN_THEN_BACK, { ...asked, record } satisfies StepLoopOptions);
      return this.toTechnician(step, 'User asked for a technician during troubleshooting', loop.caseId, record, nextFlowIds);
    }
    if (chosen === ANOTHER_PROBLEM || chosen === OWN_WIFI) {
      // This case stays open, with the step it stopped at (begin() writes it), for a later chat to offer.
      await this.options.memory.remember(step.context, loop.caseId, withOutcome(loop.progress, current, ANOTHER_PROBLEM));
      return this.turnTo(step, chosen, getFlow(this.options.catalog, loop.progress.flowId)!);
    }
    if (chosen === CHANGED_ANSWER) {
      // Back to the question the correction answers, taking the branch it names; what was tried stays in the history.
      const flow = getFlow(this.options.catalog, loop.progress.flowId)!;
      const text = routableText(step.context.activity.text);
      const changed = reansweredInWords(flow, loop.progress.history, takenBackReadings(text, getClassification(step.context)))!;
      const before = [...loop.progress.history].reverse().find((h) => h.stepId === changed.stepId)?.outcome;
      const back = { ...withOutcome(loop.progress, current, CHANGED_ANSWER), stepId: changed.stepId };
      const progress = advance(this.options.catalog, back, changed.label);
      await this.options.memory.remember(step.context, loop.caseId, progress);
      await step.context.sendActivity(message(`Got it: ${changed.label}${before ? `, not ${before}` : ''}.`));
      return step.replaceDialog(STEP_LOOP, { ...loop, progress, opening: undefined, settled: undefined, reask: undefined } satisfies StepLoopOptions);
    }
    if (chosen === DETAIL) {
      // Kept with the step for whoever reads the case; the step stays, asked again by its result question.
      const progress = withOutcome(loop.progress, current, `Detail: ${routableText(step.context.activity.text)}`);
      await this.options.memory.remember(step.context, loop.caseId, progress);
      return step.replaceDialog(STEP_LOOP, { ...loop, progress, reask: true } satisfies StepLoopOptions);
    }
    if (chosen === TOLD_HAZARD) return this.hazardTold(step, loop);
    if (chosen === SAID_FIXED) {
      // Ended as a flow that fixed it (the ending step's "yes"), with this step's outcome recorded.
      // (endingStep reads the loop from the dialog's options: the outcome goes there.)
      Object.assign(loop, { progress: withOutcome(loop.progress, current, SAID_FIXED) });
      return step.next(true);
    }
    // A step is no milestone: the progress goes with the conversation's state, not to the case record.
    // "its on my iphone" said for "OK", "still says jam" for "Done": kept with the step for whoever reads the case.
    const typed = routableText(step.context.activity.text);
    // "i already rebooted the router" at the printer's power-cycle step: kept too, so the later step
    // that asks to reboot the router is passed over (toldBefore reads the details kept).
    const keeps = keepsWords(typed, chosen, current.options.length === 1, getClassification(step.context)) || this.tellsALaterAction(loop.progress.flowId, typed);
    const progress = advance(this.options.catalog, keeps ? withOutcome(loop.progress, current, `Detail: ${typed}`) : loop.progress, chosen);
    await this.options.memory.remember(step.context, loop.caseId, progress);
    // From the user's first answer on, their opening message no longer answers anything for them.
    // "OK" to a warning, the one answer its step has, says nothing new: "gmail keeps asking for my
    // password" still answers the question after it.
    const saidNothingNew = current.options.length === 1;
    // An answer that says the problem is gone, or one of several that leads straight to an ending,
    // ends the guide without asking whether it is fixed. A step's only answer ("Done") says the user
    // did it, not how it went: its ending still asks.
    const saidFixed = synonymsFor(chosen) === WORKED || saysFixed(routableText(step.context.activity.text));
    const endsHere = !saidNothingNew && currentStep(this.options.catalog, progress).step.kind === 'resolved';
    return step.replaceDialog(STEP_LOOP, {
      ...loop,
      progress,
      opening: saidNothingNew ? loop.opening : undefined,
      settled: saidFixed ? 'fixed' : endsHere ? 'answered' : undefined,
      reask: undefined,
    } satisfies StepLoopOptions);
  }

  /**
   * A fire or electrical hazard told at a step or at "Did that fix it?": the guide stops there, its
   * words kept with the step for the technician, who is asked for at once as at a guide's own safety ending.
   */
  private async hazardTold(step: WaterfallStepContext, loop: StepLoopOptions): Promise<DialogTurnResult> {
    const typed = routableText(step.context.activity.text);
    const current = currentStep(this.options.catalog, loop.progress);
    await step.context.sendActivity(message(DAMAGE_ADVICE.hazard, { step: stepRef(loop.progress) }));
    const record = await this.saveCase(step.context, { ...loop, progress: withOutcome(loop.progress, current, `Detail: ${typed}`) }, 'escalated');
    return this.toTechnician(step, damageReason('hazard', typed), loop.caseId, record, stillToCome(loop), 'high');
  }

  private async endingStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const loop = step.options as StepLoopOptions;
    // Only "Did that fix it?" answers no here (readsFixedOrNot), and reads a hazard as its no.
    if (step.result === false && hazardIn(routableText(step.context.activity.text))) return this.hazardTold(step, loop);
    if (step.result === true) {
      await this.saveCase(step.context, loop, 'resolved');
      const next = loop.next && getFlow(this.options.catalog, loop.next);
      // An ending the step's answer led to may be no repair ("there's an outage"): its own text
      // said how things stand, so only a fix the user said or confirmed is welcomed.
      const glad = loop.settled === 'answered' ? undefined : "Great, I'm glad it's working again!";
      // Should it come back ("still not working"), the same case is taken up again from here.
      if (glad) await this.options.memory.endedFixed(step.context, { caseId: loop.caseId, progress: loop.progress });
      if (next) {
        if (glad) await step.context.sendActivity(message(glad));
        return this.offerNext(step, `"${next.title}"`);
      }
      await step.context.sendActivity(message(glad ? `${glad} Is there anything else I can help with?` : 'Is there anything else I can help with?'));
      return step.endDialog();
    }
    const record = await this.saveCase(step.context, loop, 'escalated');
    await step.context.sendActivity(message("I'm sorry it's still not right. I'll pass everything we tried to a technician so you don't have to repeat it."));
    return this.toTechnician(step, 'Troubleshooting guide finished without a fix', loop.caseId, record, stillToCome(loop));
  }

  /** "Shall we look at that now?" about another problem the user named (`what`: its guide's title in quotes): nextProblemStep reads the answer. */
  private offerNext(step: WaterfallStepContext, what: string): Promise<DialogTurnResult> {
    return step.prompt(CONFIRM, yesNoPrompt(`You also mentioned ${what}. Shall we look at that now?`, `Shall we look at ${what} now? Please answer yes or no.`));
  }

  /**
   * The problem mentioned while something else was finished (MentionedProblem), named by its guide
   * when a yes begins that one (selectStep); else by its device ("my phone is broken" fits several
   * phone guides, to pick from after the yes), not by a guess at one of them.
   */
  private async offerMentionedStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { mentioned: c } = step.options as MentionedProblem;
    return this.offerNext(step, this.nameOf(c) ?? 'another problem');
  }

  /** A problem as the user is told of it: its guide's title in quotes when one clearly fits, else its device's ("a problem with your printer"). */
  nameOf(c: Classification): string | undefined {
    const fits = closeMatches(guidesFor(this.options.catalog, c));
    const family = Object.keys(DEVICE_CHOICES).find((label) => DEVICE_CHOICES[label] === c.device);
    return fits.length === 1 ? `"${fits[0].flow.title}"` : family ? `a problem with your ${family.toLowerCase()}` : undefined;
  }

  /** The next of several other problems named at once, after the one before it was declined. */
  private offerLaterStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { next } = step.options as Pick<StepLoopOptions, 'next' | 'later'>;
    return this.offerNext(step, `"${getFlow(this.options.catalog, next!)!.title}"`);
  }

  /** After a fixed problem, or once what came first is done: the other problem the user named, if they want it now. */
  private async nextProblemStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { next, later = [], mentioned } = step.options as Partial<StepLoopOptions & MentionedProblem>;
    // The guide is chosen as for a first message: one that fits begins, several are offered to pick from.
    if (step.result === true && mentioned) return step.replaceDialog(SELECT, { classification: mentioned });
    if (step.result === true && next) return this.begin(step, next, undefined, later);
    // "no" to one of several: the next is offered, not dropped with it.
    if (step.result === false && next && later.length && !leavesWithThanks(step.context)) return step.replaceDialog(OFFER_LATER, { next: later[0], later: later.slice(1) });
    await step.context.sendActivity(message(leavesWithThanks(step.context) ? GOODBYE : 'OK. Is there anything else I can help with?'));
    return step.endDialog();
  }

  private async saveCase(context: TurnContext, loop: StepLoopOptions, status: 'open' | 'resolved' | 'escalated'): Promise<CaseRecord | undefined> {
    const userId = userIdOf(context.activity);
    // An ended case's record holds all of it: the conversation need not keep its progress any more.
    if (status !== 'open') await this.options.memory.forget(context, loop.caseId);
    const change = (c: CaseRecord) => {
      Object.assign(c, caseFacts(this.options.catalog, loop.progress));
      c.status = status;
      c.notes = { ...c.notes, progress: status === 'open' ? loop.progress : undefined };
    };
    if (!loop.record) return this.options.cases.update(userId, loop.caseId, change);
    const record: CaseRecord = { ...loop.record, notes: { ...loop.record.notes } };
    change(record);
    record.updatedAt = new Date(this.options.now?.() ?? Date.now()).toISOString();
    await this.options.cases.save(record);
    return record;
  }

  private async technicianAskedStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { caseId, record } = step.options as StepLoopOptions;
    const caseFacts = record && { device: record.device, problem: record.problem, stepsTried: record.stepsTried };
    const back = cameBack(record);
    return step.beginDialog('handoff', {
      reason: 'User asked for a technician during troubleshooting',
      priority: 'normal',
      caseId,
      fromStep: true,
      ...(caseFacts ? { caseFacts } : {}),
      ...(back ? { summary: `${record!.problem}; ${back}` } : {}),
    });
  }

  /** The technician declined to keep trying: the case open again, and the step it stopped at asked again. */
  private async backToStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const loop = step.options as StepLoopOptions;
    const result = step.result as { keepTrying?: boolean; handoffId?: string } | undefined;
    if (result?.keepTrying === true) return this.keepGoing(step, loop);
    // A ticket now waits: "let me keep trying" while it does goes on from this step all the same (the queue's guard withdraws it).
    if (result?.handoffId && this.options.conversationData) {
      (await conversationData(this.options.conversationData, step.context)).queuedAtStep = { caseId: loop.caseId, progress: loop.progress };
    }
    return step.endDialog(step.result);
  }

  private async keepGoing(step: WaterfallStepContext, loop: StepLoopOptions): Promise<DialogTurnResult> {
    await this.options.memory.remember(step.context, loop.caseId, loop.progress);
    await step.context.sendActivity(message("OK, let's keep going from where we were."));
    return step.replaceDialog(STEP_LOOP, { ...loop, record: await this.saveCase(step.context, loop, 'open'), opening: undefined, settled: undefined, reask: undefined } satisfies StepLoopOptions);
  }

  /** `nextFlowIds`: the other problems the user named, which the technician is told about too instead of them being dropped. */
  private async toTechnician(step: WaterfallStepContext, reason: string, caseId?: string, record?: CaseRecord, nextFlowIds: string[] = [], priority: 'normal' | 'high' = 'normal'): Promise<DialogTurnResult> {
    const titles = nextFlowIds.map((id) => getFlow(this.options.catalog, id)?.title).filter((t): t is string => t !== undefined);
    const other = titles.length ? andList(titles.map((t) => `"${t}"`)) : undefined;
    if (other) await step.context.sendActivity(message(`I'll tell the technician about ${other} as well.`));
    if (!step.findDialog('handoff')) {
      await step.context.sendActivity(message('A technician will follow up on this case.'));
      return step.endDialog();
    }
    const caseFacts = record && { device: record.device, problem: record.problem, stepsTried: record.stepsTried };
    const said = [cameBack(record), titles.length ? `also mentioned: ${titles.join(', ')}` : undefined].filter((part): part is string => part !== undefined);
    const summary = said.length && record ? { summary: `${record.problem}; ${said.join('; ')}` } : {};
    return step.replaceDialog('handoff', { reason, priority, caseId, ...(caseFacts ? { caseFacts } : {}), ...summary });
  }
}

/** For the technician: the case came back after a guide fixed it in an earlier chat (revive), and what fixed it then. */
function cameBack(record: CaseRecord | undefined): string | undefined {
  const back = record?.notes.cameBack as { fixedAt: string; fixedBy?: string } | undefined;
  return back && `came back after it was fixed on ${back.fixedAt.slice(0, 10)}${back.fixedBy ? ` by: ${back.fixedBy}` : ''}`;
}

/** The other problems named with this one, still to be looked at. */
function stillToCome(loop: StepLoopOptions): string[] {
  return loop.next ? [loop.next, ...(loop.later ?? [])] : [];
}

/** "A", "A and B", "A, B and C". */
export function andList(items: string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

/** "You also mentioned "X": we'll look at that next.", for one other problem's guide title or several. */
function alsoMentioned(titles: string[]): string {
  return `You also mentioned ${andList(titles.map((t) => `"${t}"`))}: we'll look at ${titles.length > 1 ? 'those' : 'that'} next.`;
}

/**
 * The progress of a guide that ended as fixed, carried on from the step whose answer said so
 * (the last one recorded) with that step's "still not working" answer; undefined if it has none.
 */
function carriedOn(catalog: FlowCatalog, flow: Flow, fixed: FlowProgress): FlowProgress | undefined {
  const said = fixed.history.at(-1);
  const s = said && flow.steps[said.stepId];
  if (!s || (s.kind !== 'instruction' && s.kind !== 'question')) return undefined;
  const notYet = s.options.find((o) => synonymsFor(o.label) === NOT_YET);
  if (!notYet) return undefined;
  // An answer that moved on ("That worked") counted the ending as a step shown; one that stayed did not.
  const n = fixed.stepId === said.stepId ? fixed.n : Math.max(1, fixed.n - 1);
  return advance(catalog, { flowId: flow.id, stepId: said.stepId, n, history: fixed.history }, notYet.label);
}

/** How long after a fix "still not working" is taken as that problem back. */
const REOPEN_WITHIN_MS = 24 * 3600_000;

// "still", "again": said of a problem that was gone ("still not working", "it stopped working again", "still nothing").
const STILL_OR_AGAIN = /\b(?:still|again|anymore|any more)\b/i;

// "i tried a different outlet", "we've already tried restarting it": what was tried, so it isn't fixed.
const TRIED_MORE = /^(?:(?:i|we)(?:'?ve| have)? (?:also |already |even )?tried|(?:i|we) (?:also |already )?(?:tried|did that|restarted|unplugged|plugged))\b/i;

/** Whether the message says the trouble is back or never went ("still not working"), not that it works again. */
function saysProblemBack(text: string): boolean {
  if (isQuestion(text)) return false;
  // "i tried a different outlet": more of the trouble, told as if the guide were still on.
  if (TRIED_MORE.test(text)) return true;
  if (!STILL_OR_AGAIN.test(text)) return false;
  return saysNotFixed(text) || namesAFault(text) || /\b(?:nothing|stopped)\b/i.test(text);
}

/** The last sentence of a step's text that asks something ("Does the TV's menu appear on screen?"). */
function lastQuestionIn(text: string): string | undefined {
  return text.split(/(?<=[.!?])\s+/).filter((sentence) => sentence.trim().endsWith('?')).at(-1)?.trim();
}

/** What a case record says of its guide and the steps tried: after a goto, the guide the case went on in. */
function caseFacts(catalog: FlowCatalog, progress: FlowProgress): Pick<CaseRecord, 'device' | 'problem' | 'flowId' | 'stepsTried'> {
  const { device, problem, flowId, stepsTried } = caseSummary(catalog, progress);
  return { device, problem, flowId, stepsTried };
}

/** The progress with the current step's outcome recorded, where the flow stops at it rather than going on (advance). */
function withOutcome(progress: FlowProgress, current: { stepId: string; step: { text: string } }, outcome: string): FlowProgress {
  return { ...progress, history: [...progress.history, { stepId: current.stepId, text: current.step.text, outcome }] };
}

const YOURS: Record<string, string> = { my: 'your', our: 'your', me: 'you', mine: 'yours', i: 'you', we: 'you' };

/** The user's words said back to them: "restarted my router" is "restarted your router". */
function yours(words: string): string {
  return words.replace(/\b[a-z]+\b/gi, (w) => YOURS[w.toLowerCase()] ?? w);
}

/** What the device-info dialog reported, as the outcome recorded for a collect step. */
function summarizeCollected(result: unknown): string {
  if (typeof result === 'string') return result;
  if (result && typeof result === 'object') {
    const given = Object.entries(result).filter(([, v]) => v !== undefined && v !== '').map(([k]) => k);
    return given.length ? `Details provided (${given.join(', ')})` : 'Skipped';
  }
  return 'Skipped';
}

import type { Activity, TurnContext } from 'botbuilder';
import {
  type DialogContext,
  type DialogTurnResult,
  type PromptValidatorContext,
  TextPrompt,
  WaterfallDialog,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { createHash } from 'node:crypto';
import { pickedOf, type Confirm } from '../../services/privacy/contact-fields';
import type { NoticeId } from '../../services/privacy/notices';
import type { Classification } from '../../services/nlu/router';
import { isQuestion } from '../../services/nlu/question';
import { asksPrivacySettings } from '../../services/nlu/privacy-questions';
import { getClassification, isSure } from '../classification';
import { asksHowToDo, asksWhatIsMeant, byeForNow, leavesForNow } from '../small-talk';
import { inQueue } from '../shared/in-queue';
import { ask, helplineData, message, type Expects } from '../wire';
import type { NoticeGate, PreparedNotice } from './notice-gate';
import { FeatureDialog } from '../shared/feature-dialog';
import { NO, YES } from '../shared/yes-or-no';

/**
 * What reading one answer gives: the value to keep, or why it was not accepted. `doubt`: a
 * question asked once before the value is kept (a likely typo); the same answer again keeps it,
 * and so do the answers in `confirm` to a "yes" or a "no".
 */
export type Reading = { ok: true; value: unknown; note?: string; doubt?: string; confirm?: Confirm } | { ok: false; reason: string };

export interface FieldSpec {
  expects: Expects;
  /** Notices ensured, in order, right before this field's question (P1). */
  notices: NoticeId[];
  /** What the field is called in a sentence: "email address". */
  label: string;
  /** An answer that would do ("name@example.com"), for a user who asks what is meant. */
  example?: string;
  question(purpose: string): string;
  /** `asked`: what the question is for, which may tell an answer's meaning ("10" where the purpose names Windows). */
  read(text: string, asked: { purpose: string }): Reading;
  /**
   * Other fields' answers given in the same message ("Jane Doe, jane@example.com" at the name
   * question), as text for their own readers: a field still to be asked that reads cleanly from
   * it is kept and not asked.
   */
  alsoGives?(text: string): Partial<Record<string, string>>;
  /**
   * Answers to other questions found in an answer to this one, whether or not it fits ("0x80070002" at the system
   * version question is the error's detail): each is kept as typed for its own question, added as an optional one
   * when not asked, so its notice comes first. An answer that does not fit is not lost: this question is asked again.
   */
  answersFor?(text: string): Partial<Record<string, string>>;
  /** What to do when the user can't recall the answer ("I don't remember which email I used"), for the purpose asked. */
  whenForgotten?(purpose: string): string | undefined;
  /** An answer that says there is none to give ("my phone is broken" at the phone question): read as "skip" is. */
  declines?(text: string): boolean;
  /** Where to look for the answer ("how do i find that" at the model question), on the kind of device asked about. */
  whereToFind?(device: string | undefined): string;
  /** How an answer typed earlier is named when offered back ("the number ending 0188"); as read when absent. */
  offered?(value: unknown): string;
}

// "I don't remember which email I used", "can't remember", "I forgot": no answer to give.
export const FORGOT = /\b(?:(?:don'?t|do not|can'?t|cannot|can not) (?:remember|recall)|forgot(?:ten)?|no idea which|not sure which)\b/i;

export interface CollectionState<F extends string> {
  fields: F[];
  optional: F[];
  purpose: string;
  /** The kind of device the details are for, when the caller knows it ("phone"): where to find them differs. */
  device?: string;
  index: number;
  values: Partial<Record<F, unknown>>;
  skipped: F[];
  /**
   * Answers typed before their question was asked, after its notice (an email address given at
   * the phone question of a call-back): each is read as the answer when its turn comes.
   */
  typed?: Partial<Record<F, string>>;
  /**
   * Fields typed before their notice, which was shown at an earlier question of this collection (an email
   * address in a request for a person, the notice shown at the name question): offered back all the same.
   */
  typedBeforeNotice?: F[];
  /** Fields whose value is one the user gave before and agreed to use again: kept as it is, not stored anew. */
  reused?: F[];
}

interface Validations {
  field: string;
  optional: boolean;
  question: string;
  purpose: string;
  device?: string;
  /** A typed answer's doubt, asked instead of the question: the prompt's state starts from it. */
  doubted?: Doubted;
}

/** A likely typo asked about (the answer as a hash), and what a "yes" or a "no" to it stands for. */
interface Doubted {
  doubted?: string;
  confirm?: Confirm;
  /** The doubt as asked: while it waits for a yes or a no, every re-prompt asks it, not the field's question. */
  ask?: string;
  /** Answers that did not fit so far; a message answered (the notice, where to find it) or a question of the user's is none. */
  wrongAnswers?: number;
}

/** Answers to an optional question that did not fit, after which it is left out. */
const OPTIONAL_TRIES = 3;
const LOOP = 'fields';
const PROMPT = 'field';
const SKIP = 'Skip';

// "skip", "no thanks", "rather not", "I don't know", "idk", "i don't want to give my email": the user declines to answer (or can't).
const DECLINE =
  /^(?:skip(?:\s+(?:it|this|that))?|no(?:pe)?|no,?\s+thanks?|no,?\s+thank\s+you|(?:i'?d\s+)?rather\s+not(?:\s+say)?|(?:i'?d\s+)?prefer\s+not(?:\s+to(?:\s+say)?)?|pass|none|n\/a|not\s+now|(?:i\s+)?(?:don'?t|do\s+not)\s+know(?:\s+(?:it|that|the\s+model))?|i?\s*dunno|idk|(?:i\s+(?:have\s+)?)?no\s+(?:idea|clue)|(?:i'?m\s+|i\s+am\s+)?not\s+sure|i\s+don'?t\s+have\s+(?:one|it)|(?:(?:no|nope|nah),?\s+)?(?:i\s+)?(?:don'?t|do\s+not)\s+want\s+to(?:\s+(?:give|share|tell)(?:\s+(?:you|it|that|them|out))*(?:\s+my\s+(?:e-?mail|email\s+address|address|phone|phone\s+number|number|name))?)?|(?:i'?m\s+)?not\s+giving(?:\s+(?:you|it|that|them|out))*(?:\s+my\s+(?:e-?mail|email\s+address|address|phone|phone\s+number|number|name))?)(?:\s+(?:sorry|tbh|honestly))?[\s.!]*$/i;

// "Why do you need my email?", "who will see it?", "is it required?": a question about the question.
const ASKS_WHY =
  /^(?:but |and |um |so |ok |hm+ )?(?:why\b|what (?:is it |do you need it |would you use it |will you use it |do you want it )?for\b|what(?:'s| is) (?:it|this|that) for\b|who (?:will |would |can |gets to )?(?:see|sees|reads?|has access|looks at)\b|do you (?:share|sell|pass on|give)\b|(?:will|would) you (?:share|sell|pass on|give)\b|(?:is|are|will) (?:this|the|our|my) (?:chat|conversation|messages?) (?:be )?(?:recorded|saved|kept|stored)\b|how (?:will|would|do) you use\b|how long (?:will|do|would) you keep\b|(?:is|are) (?:it|this|that|they) (?:safe|required|necessary|optional|needed|mandatory)\b|do (?:i|you) (?:have|need|really need) (?:to|it|that|this|my)\b|what do you need (?:it|that|this|my \w+) for\b)/i;

// What a question the router is sure is about privacy must name to be about this question's data
// ("do you sell my data?", "who gets to see that"), which the notice answers. "Do you use cookies?"
// or "what are my privacy settings" got the notice too, as if it answered them.
const ABOUT_THIS_DATA = /\b(?:my (?:e-?mail|email address|phone|phone number|number|mobile|address|contact details|details|info|information|data|personal data|name)|it|this|that|them)\b/i;

const ABOUT_RECORDING = /\b(?:record(?:ed|ing)?|transcripts?|(?:chat|conversation) (?:be )?(?:saved|kept|stored))\b/i;

// "what will you do with it?", "what is it used for", "what happens to my email": what for, in other words.
const ASKS_WHAT_FOR =
  /^(?:but |and |um |so |ok |hm+ )?(?:what (?:will|would|do|are|is) (?:you|they|the team) (?:going to |gonna )?do with\b|what (?:is|will|would|does) (?:it|this|that|my [\w ]+?) (?:be )?used for\b|how (?:is|will|would|does) (?:it|this|that|my [\w ]+?) (?:be )?used\b|what happens (?:to|with) (?:it|this|that|my)\b|what do you want (?:it|this|that|my [\w ]+?) for\b|for what\b|(?:will|would) you (?:spam|market to)\b|(?:will|would) you (?:send|email) me (?:marketing|offers|ads|adverts|spam|newsletters?|promotions?)\b)/i;

// Typed in a hurry: "wat do u need it for", "y do u need my email", "whats it for".
const mendWhy = (text: string) =>
  text
    .trim()
    .replace(/[’‘]/g, "'")
    .replace(/\bwhats\b/gi, "what's")
    .replace(/\bwat\b/gi, 'what')
    .replace(/^y\b/i, 'why')
    .replace(/\bu\b/gi, 'you')
    .replace(/\br\b/gi, 'are');

export function asksWhy(text: string): boolean {
  const t = mendWhy(text);
  return ASKS_WHY.test(t) || ASKS_WHAT_FOR.test(t);
}

/**
 * The answer to a question about a question under notice `noticeId` ("why do you need it?", "what
 * will you do with my number?"; the router knows more ways to ask): the notice itself, which says
 * what for, who sees it, how long it is kept and whether it is needed (NoticeGate.answer, which
 * counts it as shown). "Is this chat recorded?" is answered by the recording notice, whatever the
 * question's is. Undefined for anything else.
 */
export async function noticeAnswer(
  gate: Pick<NoticeGate, 'answer'>,
  context: TurnContext,
  noticeId: NoticeId,
  text: string,
  classification: Classification | undefined,
): Promise<(PreparedNotice & { activity: Partial<Activity> }) | undefined> {
  const aboutThisData = isSure(classification, 'privacy_info') && ABOUT_THIS_DATA.test(text) && !asksPrivacySettings(text);
  if (!asksWhy(text) && !aboutThisData) return undefined;
  return gate.answer(context, ABOUT_RECORDING.test(text) ? 'recording' : noticeId);
}

const ASIDE_ANSWER = Symbol('helpline.asideAnswer');
/**
 * The answer to a question of the user's at this turn's field question that the dialog asking for
 * the fields can give ("how long?" during a handoff): said before the question again, where any
 * other question is told it must wait.
 */
export const setAsideAnswer = (context: TurnContext, answer: string) => context.turnState.set(ASIDE_ANSWER, answer);
const asideAnswerOf = (context: TurnContext): string | undefined => context.turnState.get(ASIDE_ANSWER);

export function isDecline(text: string): boolean {
  return DECLINE.test(text.trim().replace(/[’‘]/g, "'"));
}

/**
 * Asks for the requested fields one at a time, each after its notice, validates every answer
 * with the field's reader, and re-prompts with the reason when it does not fit. Optional
 * fields can be declined. Subclasses say how to keep what was collected.
 */
export abstract class FieldCollectionDialog<F extends string> extends FeatureDialog {
  constructor(
    id: string,
    private readonly specs: Record<F, FieldSpec>,
    private readonly gate: NoticeGate,
  ) {
    super(id);
    this.addDialog(new TextPrompt(PROMPT, (prompt) => this.validate(prompt)));
    this.addDialog(new WaterfallDialog(LOOP, [this.askStep.bind(this), this.keepStep.bind(this)]));
    this.initialDialogId = LOOP;
  }

  /** Turns the caller's options into the loop state (validated by the subclass). */
  protected abstract initialState(options: unknown): CollectionState<F>;

  /** Stores what was collected and ends the dialog with the result. */
  protected abstract complete(step: WaterfallStepContext, state: CollectionState<F>): Promise<DialogTurnResult>;

  /** Goes on collecting from `state` (fields with a value already are not asked). */
  protected collectFrom(dc: DialogContext, state: CollectionState<F>): Promise<DialogTurnResult> {
    return dc.replaceDialog(LOOP, state);
  }

  private stateOf(step: WaterfallStepContext): CollectionState<F> {
    const options = step.options as Partial<CollectionState<F>> | undefined;
    return typeof options?.index === 'number' ? (options as CollectionState<F>) : this.initialState(options);
  }

  private async askStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = this.stateOf(step);
    // A field answered along with an earlier one is not asked again.
    while (state.index < state.fields.length && state.values[state.fields[state.index]] !== undefined) state.index++;
    if (state.index >= state.fields.length) return this.complete(step, state);
    const field = state.fields[state.index];
    const spec = this.specs[field];
    const optional = state.optional.includes(field);
    let noticeShownNow = false;
    for (const noticeId of spec.notices) {
      const { sent } = await this.gate.ensureNotice(step.context, noticeId, { note: this.optionalNote(state, noticeId) });
      noticeShownNow ||= sent;
      if (sent) {
        const later = (Object.keys(state.typed ?? {}) as F[]).filter((f) => f !== field && this.specs[f].notices.includes(noticeId));
        state.typedBeforeNotice = [...(state.typedBeforeNotice ?? []), ...later];
      }
    }
    // The notice, shown earlier (answering "why do you need that?" at a call-back offer, or for
    // another question), came without the line saying what this collection is for: its first
    // question says it ("What's the best phone number to reach you, so a technician can call you back?").
    const why = !noticeShownNow && this.firstUnderNotice(state) ? purposeClause(state.purpose) : undefined;
    const asked = why ? withPurpose(spec.question(state.purpose), why) : spec.question(state.purpose);
    const question = optional ? `${asked} (Optional: say "skip" if you'd rather not.)` : asked;
    const suggestions = optional ? [SKIP] : undefined;
    const validations: Validations = { field, optional, question, purpose: state.purpose, ...(state.device ? { device: state.device } : {}) };
    (step.values as Record<string, unknown>)['state'] = state;
    const typed = state.typed?.[field];
    const reading = typed === undefined ? undefined : spec.read(typed, state);
    // Typed already: kept as an answer is; a likely typo is asked about, as it would be at the question.
    // Typed before its notice, which was shown only now: the user says whether to use it, knowing what it is for.
    const doubt = reading?.ok ? (reading.doubt ?? (noticeShownNow || state.typedBeforeNotice?.includes(field) ? `Shall I use ${spec.offered?.(reading.value) ?? String(reading.value)}? Please say yes or no.` : undefined)) : undefined;
    if (typed !== undefined && reading?.ok && !doubt) return step.next(typed);
    if (reading?.ok && doubt) validations.doubted = { doubted: answerHash(typed!), confirm: reading.confirm ?? { yes: typed! }, ask: doubt };
    const first = doubt ?? (reading && !reading.ok ? `${reading.reason} ${question}` : question);
    return step.prompt(PROMPT, {
      prompt: ask(first, spec.expects, suggestions),
      retryPrompt: ask(question, spec.expects, suggestions),
      validations,
    });
  }

  private async validate(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const { field, optional, question, purpose, device } = prompt.options.validations as Validations;
    const spec = this.specs[field as F];
    let text = (prompt.recognized.value ?? '').trim();
    const suggestions = optional ? [SKIP] : undefined;
    const noticeId = spec.notices[0];
    const classification = getClassification(prompt.context);
    const doubted = prompt.state as Doubted & { seeded?: boolean };
    const seed = (prompt.options.validations as Validations).doubted;
    if (seed && !doubted.seeded) Object.assign(doubted, seed, { seeded: true });
    // "Yes" or "no" to "So that's jo@example.com?": the answer it stands for. Before declines: "no" here is no skip.
    if (doubted.confirm && (YES.test(text) || NO.test(text))) {
      const answer = YES.test(text) ? doubted.confirm.yes : doubted.confirm.no;
      doubted.confirm = undefined;
      doubted.doubted = undefined;
      if (answer !== undefined) {
        prompt.recognized.value = answer;
        return true;
      }
      prompt.options.retryPrompt = ask(`OK. ${question}`, spec.expects, suggestions);
      return false;
    }
    // "The second one", "the mobile one" to "That's two numbers": the one of those offered that it names.
    const picked = doubted.confirm?.picks && pickedOf(text, doubted.confirm.picks);
    if (picked !== undefined) {
      doubted.confirm = undefined;
      doubted.doubted = undefined;
      prompt.recognized.value = picked;
      return true;
    }
    // "no its john dot smith" to "So that's smith@gmail.com?": a no, then the answer again, read as one; not
    // being a yes or a no, it got the doubt again, and every answer after it too.
    const noAndMore = doubted.confirm ? NO_AND_MORE.exec(text) : null;
    if (noAndMore) {
      doubted.confirm = undefined;
      doubted.doubted = undefined;
      text = noAndMore[1];
      prompt.recognized.value = text;
    }
    // "Shall I use jo@example.com?" still waits for its yes or no: that is what every re-prompt asks.
    const pending = doubted.confirm ? doubted.ask : undefined;
    const current = pending ?? question;
    const answer = noticeId && (await noticeAnswer(this.gate, prompt.context, noticeId, text, classification));
    if (answer) {
      // The notice says what the category is used for in general; "why do you need my email?" is
      // about this question, so what it is for here, and that it is optional, come with it.
      const why = answer.outcome.notice.id === noticeId ? purposeClause(purpose) : undefined;
      const forThis = why ? `\n\nI'm asking for your ${spec.label} ${why}${optional ? "; you don't have to give it" : ''}.` : '';
      // The question goes with the answer; so does the notice's wire data when this is its first showing.
      prompt.options.retryPrompt = ask(`${answer.activity.text}${forThis}\n\n${current}`, spec.expects, suggestions, helplineData(answer.activity));
      await answer.commit();
      return false;
    }
    // "how do i find that": where it is written, and the question again (the main dialog leaves it to us).
    if (spec.whereToFind && asksHowToDo(text)) {
      prompt.options.retryPrompt = ask(`${spec.whereToFind(device)} ${current}`, spec.expects, suggestions);
      return false;
    }
    const forgotten = FORGOT.test(text) ? spec.whenForgotten?.(purpose) : undefined;
    if (forgotten) {
      prompt.options.retryPrompt = ask(`${forgotten} ${current}`, spec.expects, suggestions);
      return false;
    }
    // "what?", "huh?" at a question with nothing to pick: what it wants, plainly, and the question again.
    if (asksWhatIsMeant(text)) {
      if (pending) {
        prompt.options.retryPrompt = ask(pending, spec.expects, suggestions);
        return false;
      }
      prompt.options.retryPrompt = ask(`I need your ${spec.label}${spec.example ? `, like ${spec.example}` : ''}. ${question}`, spec.expects, suggestions);
      return false;
    }
    // "bye" at a question that can't be skipped: the user steps away, not refuses. The question (and a
    // place in the queue, while a call back is being arranged instead) waits for them, as at a pick.
    if (!optional && !isDecline(text) && !spec.declines?.(text) && (leavesForNow(text) || isSure(classification, 'goodbye'))) {
      prompt.options.retryPrompt = ask(byeForNow(inQueue(prompt.context)), spec.expects);
      return false;
    }
    // "Thanks, bye" leaves the question unanswered: an optional one is skipped, as for "skip".
    if (isDecline(text) || spec.declines?.(text) || isSure(classification, 'goodbye')) {
      if (optional) return true;
      const why = purposeClause(purpose);
      prompt.options.retryPrompt = ask(`This one can't be skipped: I need your ${spec.label}${why ? ` ${why}` : ' for this'}. ${question} (Or say "cancel" to stop.)`, spec.expects);
      return false;
    }
    const reading = spec.read(text, { purpose });
    // Not this question's answer, but another's: keepStep keeps it and asks this one again.
    if (!reading.ok && Object.keys(spec.answersFor?.(text) ?? {}).length > 0) return true;
    if (reading.ok) {
      if (!reading.doubt) return true;
      // The answer is kept as a hash (only whether it was doubted before matters); what a "yes" or
      // "no" would stand for is kept in the prompt's state until the next answer.
      const answer = answerHash(text);
      if (doubted.doubted === answer) return true;
      doubted.doubted = answer;
      doubted.confirm = reading.confirm;
      doubted.ask = reading.doubt;
      prompt.options.retryPrompt = ask(reading.doubt, spec.expects, suggestions);
      return false;
    }
    // "How long will it take?" asked of the dialog that asks this question, which answers it.
    const aside = asideAnswerOf(prompt.context);
    if (aside) {
      prompt.options.retryPrompt = ask(`${aside} ${current}`, spec.expects, suggestions);
      return false;
    }
    // Any other question of the user's is not a wrong answer: say so honestly.
    if (isQuestion(text)) {
      prompt.options.retryPrompt = ask(`I can't answer questions in the middle of this one, sorry. ${current} (Or say "cancel" to stop, and ask me then.)`, spec.expects, suggestions);
      return false;
    }
    // An optional question is not worth a fourth try: it is left out (keepStep says so).
    doubted.wrongAnswers = (doubted.wrongAnswers ?? 0) + 1;
    if (optional && doubted.wrongAnswers >= OPTIONAL_TRIES) return true;
    // Neither a yes, a no nor another answer to the doubt: the doubt again, which says what to say.
    if (pending) {
      prompt.options.retryPrompt = ask(pending, spec.expects, suggestions);
      return false;
    }
    // The re-prompt says what was wrong; it never repeats what the user typed back to them.
    prompt.options.retryPrompt = ask(`${reading.reason} ${question}`, spec.expects, suggestions);
    return false;
  }

  private async keepStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const state = (step.values as Record<string, unknown>)['state'] as CollectionState<F>;
    const field = state.fields[state.index];
    const text = String(step.result ?? '').trim();
    const reading = isDecline(text) || this.specs[field].declines?.(text) ? undefined : this.specs[field].read(text, state);
    const forOthers = reading ? (this.specs[field].answersFor?.(text) ?? {}) : {};
    this.keepForOthers(state, forOthers);
    if (reading && !reading.ok && Object.keys(forOthers).length > 0) {
      await step.context.sendActivity(message(reading.reason));
      return step.replaceDialog(LOOP, state);
    }
    if (reading?.ok) {
      state.values[field] = reading.value;
      if (reading.note) await step.context.sendActivity(message(reading.note));
      this.keepAlsoGiven(state, field, text);
    } else {
      // Declined, a goodbye, or an optional answer that did not fit after OPTIONAL_TRIES tries.
      state.skipped.push(field);
      if (reading) await step.context.sendActivity(message(`No problem, I'll leave out your ${this.specs[field].label}.`));
    }
    const next: CollectionState<F> = { ...state, index: state.index + 1 };
    return step.replaceDialog(LOOP, next);
  }

  /**
   * Keeps what an answer gave for other questions (see FieldSpec.answersFor) as typed for them, adding those not
   * asked at the end as optional. One answered or asked already is left as it is.
   */
  private keepForOthers(state: CollectionState<F>, given: Partial<Record<string, string>>): void {
    for (const [other, raw] of Object.entries(given) as [F, string | undefined][]) {
      if (raw === undefined || !(other in this.specs) || state.values[other] !== undefined) continue;
      const at = state.fields.indexOf(other);
      if (at >= 0 && at <= state.index) continue;
      if (at < 0) {
        state.fields = [...state.fields, other];
        state.optional = [...state.optional, other];
      }
      state.typed = { ...state.typed, [other]: raw };
    }
  }

  /** Keeps the later fields an answer also gave, when they read cleanly (no doubt to ask about). */
  private keepAlsoGiven(state: CollectionState<F>, field: F, text: string): void {
    const given = this.specs[field].alsoGives?.(text) ?? {};
    for (const later of state.fields.slice(state.index + 1)) {
      const raw = given[later];
      if (raw === undefined || state.values[later] !== undefined) continue;
      const reading = this.specs[later].read(raw, state);
      if (reading.ok && !reading.doubt) state.values[later] = reading.value;
    }
  }

  /** Whether the field asked now is this collection's first under its notice (whose note says what the collection is for). */
  private firstUnderNotice(state: CollectionState<F>): boolean {
    const noticeId = this.specs[state.fields[state.index]].notices[0];
    return state.fields.findIndex((f) => this.specs[f].notices[0] === noticeId) === state.index;
  }

  /** Which of the questions under this notice are optional, said once with the notice. */
  private optionalNote(state: CollectionState<F>, noticeId: NoticeId): string | undefined {
    const underNotice = state.fields.filter((f) => this.specs[f].notices[0] === noticeId);
    const optional = underNotice.filter((f) => state.optional.includes(f)).map((f) => this.specs[f].label);
    const required = underNotice.filter((f) => !state.optional.includes(f)).map((f) => this.specs[f].label);
    if (underNotice.length === 0) return undefined;
    const list = (xs: string[]) => (xs.length > 1 ? `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}` : xs[0]);
    const why = purposeClause(state.purpose);
    const tail = why ? `, ${why}` : '';
    if (optional.length === 0) return `I'll ask for your ${list(required)}${tail}.`;
    if (required.length === 0) return `I'll ask for your ${list(optional)}${tail}. ${optional.length > 1 ? 'All are' : "It's"} optional.`;
    return `I'll ask for your ${list(required)} (needed) and your ${list(optional)} (optional)${tail}.`;
  }
}

/** An answer as kept while its doubt is asked: only whether the same answer comes again matters. */
// "no, it's ...", "nope: ...": a no to a doubt with more after it.
const NO_AND_MORE = /^(?:no|nope|nah|not quite|wrong)\b[\s,.!:;-]*(\S.*)$/i;

function answerHash(text: string): string {
  return createHash('sha256').update(text.trim()).digest('base64url');
}

/** "What's your email address?" with "so a technician can email you": the clause before its first question mark. */
function withPurpose(question: string, why: string): string {
  const end = question.indexOf('?');
  return end < 0 ? `${question} (${why})` : `${question.slice(0, end)}, ${why}${question.slice(end)}`;
}

/**
 * The caller's purpose as a clause after "I need your email address ...": "to send the quote",
 * "so a technician can call you". A whole sentence (a flow step's text) is not repeated.
 */
export function purposeClause(purpose: string): string | undefined {
  const p = purpose.trim().replace(/[.!]+$/, '');
  if (p.length === 0 || p.length > 100 || /[.!?]\s/.test(p)) return undefined;
  if (/^(?:to|so|for|because|in order to)\s/i.test(p)) return p;
  // A sentence of its own (a flow step's text: "Knowing your model tells us ...") is no clause.
  if (/^[A-Z]/.test(p)) return undefined;
  return `to ${p}`;
}

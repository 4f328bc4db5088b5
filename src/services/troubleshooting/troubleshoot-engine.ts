import { z } from 'zod';
import { NEGATION_REACH, NEGATIVE_WORDS, NEGATIVE, rawTokens, stem, STOPWORDS } from '../nlu/normalize';
import { getFlow, type FlowCatalog } from './flow-loader';
import { deviceWordsOf, familyNamesOf } from './flow-selection';
import { DEVICES } from '../nlu/labels';
import { projectBrandNames } from '../nlu/content';
import type { CollectStep, Flow, FlowDevice, GotoStep, Step } from './flow-schema';

// FlowProgress lives in bot state and must survive restarts and server moves, so it is
// plain JSON that names steps by id and never holds the flow itself.

export const HistoryEntrySchema = z.object({
  stepId: z.string(),
  text: z.string(),
  /** The option label the user chose (for collect steps: what the device-info dialog reported). */
  outcome: z.string(),
});
export type HistoryEntry = z.infer<typeof HistoryEntrySchema>;

export const FlowProgressSchema = z.object({
  flowId: z.string(),
  stepId: z.string(),
  /** 1-based count of steps shown so far, including the current one. */
  n: z.number().int().positive(),
  history: z.array(HistoryEntrySchema),
});
export type FlowProgress = z.infer<typeof FlowProgressSchema>;

/** Stored progress (a case's notes, a conversation's kept flow) if it is valid, else undefined. */
export function parseFlowProgress(value: unknown): FlowProgress | undefined {
  const parsed = FlowProgressSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}

export type FlowStatus = 'in_progress' | 'resolved' | 'escalated';

export interface CurrentStep {
  flowId: string;
  stepId: string;
  n: number;
  step: Exclude<Step, GotoStep>;
  /** Labels the user can pick; empty for endings and for collect steps (the device-info dialog asks). */
  options: string[];
}

/** What goes into channelData.helpline.step. */
export interface StepRef {
  flow: string;
  stepId: string;
  n: number;
}

export interface CaseSummary {
  flowId: string;
  device: FlowDevice;
  problem: string;
  stepsTried: HistoryEntry[];
  status: FlowStatus;
  /** The escalate step's reason, when the flow ended there. */
  escalationReason?: string;
}

/** The outcome recorded for a collect step when the caller gives none. */
export const COLLECT_DONE = 'Details provided';

export class FlowEngineError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FlowEngineError';
  }
}

function flowOf(catalog: FlowCatalog, flowId: string): Flow {
  const flow = getFlow(catalog, flowId);
  if (!flow) throw new FlowEngineError(`unknown flow '${flowId}'`);
  return flow;
}

function stepOf(flow: Flow, stepId: string): Step {
  if (!Object.prototype.hasOwnProperty.call(flow.steps, stepId)) {
    throw new FlowEngineError(`flow '${flow.id}' has no step '${stepId}' (was the content changed?)`);
  }
  return flow.steps[stepId];
}

/** Begins a flow at its start step (n = 1). */
export function startFlow(catalog: FlowCatalog, flowId: string): FlowProgress {
  const flow = flowOf(catalog, flowId);
  return arrive(catalog, flow, flow.start, 1, []);
}

/**
 * The progress at `stepId` of `flow`, or, when that step is a goto, at the start of the guide it
 * names: the case goes on there. The steps tried stay in the history, their ids prefixed with their
 * own guide's ("printer-wont-print/printer-shows") so that none is taken for a step of the new one.
 */
function arrive(catalog: FlowCatalog, flow: Flow, stepId: string, n: number, history: HistoryEntry[]): FlowProgress {
  const step = stepOf(flow, stepId);
  if (step.kind !== 'goto') return { flowId: flow.id, stepId, n, history };
  const next = flowOf(catalog, step.flow);
  return arrive(catalog, next, next.start, n, history.map((h) => (h.stepId.includes('/') ? h : { ...h, stepId: `${flow.id}/${h.stepId}` })));
}

/** The step to show now, with the labels the user may choose. */
export function currentStep(catalog: FlowCatalog, progress: FlowProgress): CurrentStep {
  const flow = flowOf(catalog, progress.flowId);
  const step = stepOf(flow, progress.stepId);
  // Progress never stops at a goto (arrive): one here was written before the content changed.
  if (step.kind === 'goto') throw new FlowEngineError(`flow '${flow.id}' step '${progress.stepId}' goes on in '${step.flow}' and is never shown (was the content changed?)`);
  const options = step.kind === 'instruction' || step.kind === 'question' ? step.options.map((o) => o.label) : [];
  return { flowId: flow.id, stepId: progress.stepId, n: progress.n, step, options };
}

/**
 * The answer a question step already has in the message the user opened with: the one option
 * whose `said` phrases appear in it as whole words. `opening` may be several readings of the
 * message (as typed, and its typo-corrected words: "keeps droping" says "keeps dropping"). None
 * when no option or more than one does ("red and orange"): then the question is asked.
 */
export function answeredByOpening(step: Step, opening: string | readonly string[]): string | undefined {
  return step.kind === 'question' ? saidIn(step.options, readingsOf(opening)) : undefined;
}

/**
 * The answer a question step has in the opening message by the kind or make of device or app it
 * names ("my outlook on windows wont send emails": "Outlook on Windows"). That stays true whatever
 * the steps since found, unlike what the opening said happens, so it answers after the user's
 * first answer too. Not a family's general name ("the tv"), which says nothing of which one.
 */
export function setupInOpening(step: Step, opening: readonly string[]): string | undefined {
  if (step.kind !== 'question') return undefined;
  const general = new Set(DEVICES.flatMap(familyNamesOf));
  // The makes the project knows ("airpods", "galaxy") name a kind too, though no device family lists them.
  const kinds = new Set([...DEVICES.flatMap(deviceWordsOf), ...projectBrandNames()].filter((w) => !general.has(w)));
  const namesAKind = (phrase: string) => phrase.toLowerCase().split(/[^\p{L}\p{N}]+/u).some((w) => kinds.has(w));
  return saidIn(step.options.map((o) => ({ label: o.label, said: o.said?.filter(namesAKind) })), opening);
}

/**
 * The option a typed answer names in its own words, when it is neither a label nor one of the
 * prompt's synonyms: the one option with a `said` phrase in it, else the one option whose
 * distinctive label words it uses ("blue screen" for "A blue screen with an error", "it keeps
 * restarting" for "It starts, then gets stuck or restarts over and over"). Words several options
 * share do not count, and neither does a word shortly after a negation ("not a blue screen", "it
 * doesn't start") unless the option says "no" itself, nor the general name of the guide's device
 * (`deviceWords`: "tv"). Typos are the caller's: pass the corrected reading too.
 */
export function answeredInWords(options: readonly { label: string; said?: readonly string[] }[], answer: string | readonly string[]): string | undefined {
  const named = namedInWords(options, answer);
  return named.length === 1 ? named[0] : undefined;
}

/**
 * Every option a typed answer names in its own words, by the rules of answeredInWords: the
 * options with a `said` phrase in it, else those whose distinctive label words it uses. More than
 * one means the answer is mixed ("it worked, then went offline again" names "Still offline" too).
 */
export function namedInWords(options: readonly { label: string; said?: readonly string[] }[], answer: string | readonly string[], deviceWords: readonly string[] = []): string[] {
  const readings = readingsOf(answer).map(contentStems);
  const wordForWord = readingsOf(answer).map(allStems);
  const labels = options.map((o) => contentStems(o.label));
  const negative = labels.map((l) => l.includes(NEGATIVE));
  const owners = new Map<string, number>();
  for (const l of labels) for (const s of new Set(l)) owners.set(s, (owners.get(s) ?? 0) + 1);
  // A phrase that is only a negation ("nothing at all") would match every "no".
  const occurs = (phrase: string[], option: number, seqs = readings) =>
    phrase.some((w) => w !== NEGATIVE) && seqs.some((seq) => positionsOf(seq, phrase).some((at) => negative[option] || !negatedAt(seq, at)));
  // A said phrase of only common words ("all of them", "just one") has no content words: it is looked for word for word.
  const saidIn = (phrase: string, option: number) =>
    contentStems(phrase).length > 0 ? occurs(contentStems(phrase), option) : occurs(allStems(phrase), option, wordForWord);
  const all = (hits: boolean[]) => options.filter((_, i) => hits[i]).map((o) => o.label);

  // A said phrase typed as the whole message is that option, negation or not: "nothing" at "What
  // happens when you press the power button?" is "Nothing: no lights, no fans".
  // (Word for word as typed: by stems every negation is one, and "no" would be "nothing".)
  const plain = (s: string) => s.toLowerCase().replace(/['’]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
  const typed = readingsOf(answer).map(plain);
  const whole = options.map((o) => (o.said ?? []).some((p) => typed.includes(plain(p))));
  if (whole.filter(Boolean).length === 1) return all(whole);
  const bySaid = options.map((o, i) => (o.said ?? []).some((p) => saidIn(p, i)));
  if (bySaid.some(Boolean)) return all(bySaid);
  // A word the label negates itself ("charging" in "Still not charging") names it only negated in
  // the answer too: "cleaned it and now its charging" is not that answer, it is the opposite.
  const labelNegated = options.map((o) => negatedIn(o.label));
  const names = (s: string, option: number) =>
    labelNegated[option].has(s) ? readings.some((seq) => positionsOf(seq, [s]).some((at) => negatedAt(seq, at))) : occurs([s], option);
  // The guide's own device ("TV" in "Yes, the TV menu appears") is in every message about it: "my
  // tv remote" names no option by it. (A said phrase may still use it: "the tv" for "The TV's own speakers".)
  const ownDevice = new Set(deviceWords.flatMap(contentStems));
  return all(labels.map((l, i) => l.some((s) => s !== NEGATIVE && owners.get(s) === 1 && !ownDevice.has(s) && names(s, i))));
}

/**
 * The answer to an earlier question that a message takes back ("wait its actually a mac" after
 * "Windows PC", "sorry i meant sonos" after "Amazon Echo"): the latest question among `answered`
 * (history entries) written to be answered in the user's words (`said`) that the message names one
 * option of, if that option is not the one chosen then. Whether the message is a correction at all
 * is the caller's.
 */
export function reansweredInWords(flow: Flow, answered: readonly { stepId: string; outcome: string }[], answer: string | readonly string[]): { stepId: string; label: string } | undefined {
  for (const entry of [...answered].reverse()) {
    const step = flow.steps[entry.stepId];
    if (step?.kind !== 'question' || !step.options.some((o) => o.said)) continue;
    const named = namedInWords(step.options, answer);
    if (named.length !== 1) continue;
    return named[0] !== entry.outcome ? { stepId: entry.stepId, label: named[0] } : undefined;
  }
  return undefined;
}

/** Words that say things changed since the step ("now", "back") and may end a message, with thanks. */
const CHANGE = new Set(['now', 'again', 'back']);
const AFTERWORDS = new Set([...CHANGE, 'thank']);

/**
 * The options whose own negated word the answer ends on, un-negated and said as a change: "now
 * it's charging", "cleaned it and now it's charging" and "sound is back now" say the opposite of
 * "Still not charging" and "Still no sound". Not "it's charging slowly now" (it ends on "slowly"),
 * "now the internet light is red" or anything "still". Typos are the caller's.
 */
export function contradictedInWords(options: readonly { label: string }[], answer: string | readonly string[]): string[] {
  const endings = readingsOf(answer)
    .map(contentStems)
    .filter((seq) => seq.some((s) => CHANGE.has(s)) && !seq.includes('still'))
    .map((seq) => {
      let at = seq.length - 1;
      while (at >= 0 && AFTERWORDS.has(seq[at])) at--;
      return at >= 0 && !negatedAt(seq, at) ? seq[at] : undefined;
    });
  return options.filter((o) => endings.some((s) => s !== undefined && negatedIn(o.label).has(s))).map((o) => o.label);
}

/**
 * The stems a label negates itself: those shortly after a negation in it ("charg" in "Still not
 * charging", "find" in "I can't find that"). A leading "No," answers a yes/no question and negates
 * none of the words after it: "No, it fails there too".
 */
function negatedIn(label: string): Set<string> {
  // "Still offline" negates being online in one word: "it's online now" says the opposite.
  const seq = contentStems(label.replace(/^\s*no\s*,/i, '').replace(/\boffline\b/gi, 'not online'));
  return new Set(seq.filter((s, at) => s !== NEGATIVE && negatedAt(seq, at)));
}

/** Stems of the words that carry meaning, in order; every negation ("doesnt", "no", "nothing") as NEGATIVE. */
function contentStems(text: string): string[] {
  return rawTokens(text).filter((t) => !STOPWORDS.has(t)).map(stemOf);
}

/** Stems of every word, in order; every negation as NEGATIVE. */
function allStems(text: string): string[] {
  return rawTokens(text).map(stemOf);
}

function stemOf(token: string): string {
  return NEGATIVE_WORDS.has(token) ? NEGATIVE : stem(token);
}

/**
 * Whether a negation comes shortly before position `at` ("not a blue screen", "it's not the blue
 * screen"). Commas are gone by now, so "it won't boot, blue screen" reads as negated too: asking
 * again costs less than taking the wrong branch.
 */
function negatedAt(seq: string[], at: number): boolean {
  return seq.slice(Math.max(0, at - NEGATION_REACH), at).includes(NEGATIVE);
}

/** Where `phrase` starts in `seq`, as a run of whole words. */
function positionsOf(seq: string[], phrase: string[]): number[] {
  const found: number[] = [];
  for (let at = 0; at + phrase.length <= seq.length; at++) if (phrase.every((w, k) => seq[at + k] === w)) found.push(at);
  return found;
}

function readingsOf(text: string | readonly string[]): readonly string[] {
  return typeof text === 'string' ? [text] : text;
}

// The words that say a thing is absent ("no smoke", "not swollen"). Not negated verbs: a said phrase
// may be what cannot be done ("cant hear me", the bad call sound) or follow what won't ("wont boot,
// just a black screen").
const ABSENT = new Set(['no', 'not', 'never', 'nor', 'without']);

/**
 * The one option whose `said` phrases appear in one of the readings as whole words, not shortly
 * after a word for its absence: "my laptop is overheating but there is no smoke" is no "Yes, smell, smoke or swelling".
 */
function saidIn(options: readonly { label: string; said?: readonly string[] }[], readings: readonly string[]): string | undefined {
  const words = (s: string) => s.toLowerCase().replace(/['’]/g, '').replace(/[^\p{L}\p{N}]+/gu, ' ').trim().split(' ').filter(Boolean);
  const texts = readings.map(words);
  const saysIt = (text: string[], phrase: string[]) =>
    phrase.length > 0 && positionsOf(text, phrase).some((at) => !text.slice(Math.max(0, at - NEGATION_REACH), at).some((w) => ABSENT.has(w)));
  const answers = options.filter((o) => o.said?.some((p) => texts.some((text) => saysIt(text, words(p)))));
  return answers.length === 1 ? answers[0].label : undefined;
}

/** The channelData.helpline.step value for the step being shown. */
export function stepRef(progress: FlowProgress): StepRef {
  return { flow: progress.flowId, stepId: progress.stepId, n: progress.n };
}

/**
 * Moves on by the user's choice and records it. Labels match case- and space-insensitively;
 * collect steps accept any outcome (e.g. "Details provided", "Skipped").
 */
export function advance(catalog: FlowCatalog, progress: FlowProgress, optionLabel: string): FlowProgress {
  const flow = flowOf(catalog, progress.flowId);
  const step = stepOf(flow, progress.stepId);
  let next: string;
  let outcome: string;
  switch (step.kind) {
    case 'resolved':
    case 'escalate':
      throw new FlowEngineError(`flow '${flow.id}' has already ended at '${progress.stepId}'`);
    case 'goto':
      throw new FlowEngineError(`flow '${flow.id}' step '${progress.stepId}' goes on in '${step.flow}' and is never answered (was the content changed?)`);
    case 'collect':
      outcome = optionLabel.trim() || COLLECT_DONE;
      next = givenNext(step, outcome) ?? step.next;
      break;
    default: {
      const wanted = normalise(optionLabel);
      const option = step.options.find((o) => normalise(o.label) === wanted);
      if (!option) {
        throw new FlowEngineError(
          `'${optionLabel}' is not an option of step '${progress.stepId}'; expected one of: ${step.options.map((o) => o.label).join(', ')}`,
        );
      }
      next = option.next;
      outcome = option.label;
    }
  }
  return arrive(catalog, flow, next, progress.n + 1, [...progress.history, { stepId: progress.stepId, text: step.text, outcome }]);
}

// The dialog records a collect step's outcome as "Details provided (osVersion, diagnostics, deviceId)", naming the
// device record's fields the user gave.
const RECORDED_AS: Record<keyof NonNullable<CollectStep['next_if_given']>, string> = {
  model: 'model',
  purchase_date: 'purchaseDate',
  serial: 'serial',
  os_version: 'osVersion',
  diagnostics: 'diagnostics',
};

/** The step a collect step's `next_if_given` leads to for the details its outcome says were given, if any. */
function givenNext(step: CollectStep, outcome: string): string | undefined {
  const listed = /^Details provided \((.*)\)$/.exec(outcome)?.[1];
  if (!listed || !step.next_if_given) return undefined;
  const given = new Set(listed.split(/,\s*/));
  const detail = (Object.keys(RECORDED_AS) as (keyof typeof RECORDED_AS)[]).find((d) => step.next_if_given![d] !== undefined && given.has(RECORDED_AS[d]));
  return detail && step.next_if_given[detail];
}

function normalise(label: string): string {
  return label.trim().replace(/\s+/g, ' ').toLowerCase();
}

/** Whether the flow sits on a resolved or escalate step. */
export function flowStatus(catalog: FlowCatalog, progress: FlowProgress): FlowStatus {
  const kind = stepOf(flowOf(catalog, progress.flowId), progress.stepId).kind;
  return kind === 'resolved' ? 'resolved' : kind === 'escalate' ? 'escalated' : 'in_progress';
}

export function isFinished(catalog: FlowCatalog, progress: FlowProgress): boolean {
  return flowStatus(catalog, progress) !== 'in_progress';
}

/** What a technician needs to pick the case up: device, problem and every step tried with its outcome. */
export function caseSummary(catalog: FlowCatalog, progress: FlowProgress): CaseSummary {
  const flow = flowOf(catalog, progress.flowId);
  const step = stepOf(flow, progress.stepId);
  const summary: CaseSummary = {
    flowId: flow.id,
    device: flow.device,
    problem: flow.title,
    stepsTried: progress.history.map((h) => ({ ...h })),
    status: flowStatus(catalog, progress),
  };
  if (step.kind === 'escalate') summary.escalationReason = step.reason;
  return summary;
}

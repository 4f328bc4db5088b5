import {
  ConfirmPrompt,
  ListStyle,
  WaterfallDialog,
  recognizeChoices,
  type Choice,
  type DialogContext,
  type DialogTurnResult,
  type FoundChoice,
  type PromptValidatorContext,
  type WaterfallStepContext,
} from 'botbuilder-dialogs';
import { ChoicePrompt, fixedChoiceRecognizer, NAMES_ONLY, picksIn, type OnceOptions } from '../shared/choice-prompt';
import type { Activity, TurnContext } from 'botbuilder';
import type { DialogInstance } from 'botbuilder-dialogs';
import type { ReadsFirst } from '../main-dialog';
import { innerStack } from '../open-question';
import type { CaseRecord, CaseStore } from '../../services/cases/case-store';
import { mentionsPerson, personDeclinedIn } from '../../services/nlu/person-request';
import { isQuestion } from '../../services/nlu/question';
import type { Device } from '../../services/nlu/labels';
import { namesAFault, type Classification } from '../../services/nlu/router';
import { getFlow, type FlowCatalog } from '../../services/troubleshooting/flow-loader';
import { explainTerm, type Glossary } from '../../services/troubleshooting/glossary';
import { TECHNICIAN_OPTION, type Flow } from '../../services/troubleshooting/flow-schema';
import { closeMatches, familyNamesOf, kindNotCovered, otherProblem, selectFirstProblem, selectFlows, type FlowMatch } from '../../services/troubleshooting/flow-selection';
import { advance, reansweredInWords, answeredByOpening, answeredInWords, caseSummary, contradictedInWords, currentStep, namedInWords, parseFlowProgress, startFlow, stepRef, type FlowProgress } from '../../services/troubleshooting/troubleshoot-engine';
import { getClassification, isSure, routableText } from '../classification';
import { userIdOf } from '../identity';
import type { FlowMemory } from './flow-memory';
import { clearYesOrNo } from '../shared/clear-answer';
import { ask, choicePrompt, message, yesNoPrompt } from '../wire';
import { backToTrouble, mentionsDanger, negated, oneWordAnswers, qualified, sameWords } from './step-answer';
import { mendSlips } from '../../services/nlu/spelling';
import { physicalDamageIn, type Damage } from '../../services/nlu/damage';
import { pastedLogIn } from '../../services/nlu/pasted-log';
import { FeatureDialog } from '../shared/feature-dialog';
import { leavesWithThanks as saysGoodbyeAt, SIGN_OFF } from '../shared/goodbye';
import { inQueue } from '../shared/in-queue';
import { byeForNow } from '../small-talk';

export const TROUBLESHOOT_DIALOG = 'troubleshoot';
const PICK_FLOW = 'ts.pickFlow';
const STEP_CHOICE = 'ts.stepChoice';
const CONFIRM = 'ts.confirm';
const FIXED_CONFIRM = 'ts.fixedConfirm';
const NO_GUIDE = 'ts.noGuide';
const PICK_DEVICE = 'ts.pickDevice';
/** The device-info dialog (its parent's), which a collect step begins. */
const DEVICE_INFO = 'deviceInfo';
/** The words of "it's broken", "something is wrong", "it keeps acting up": a fault of no device in particular. */
const SAYS_ONLY_BROKEN = new Set(
  ('broken broke break breaks dead died doesnt dont isnt wont cant not no nothing stopped stop work works working worked ' +
    'problem problems issue issues help wrong something anything thing things stuff keeps keep acting playing messed up ' +
    'again anymore still really just all sudden weird strange fix please ' +
    // "something went wrong", what many a device says: which one is for the user to say.
    'went gone').split(' '),
);
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
/** An account named ("my account"); with no service named the router's device is none. */
const NAMES_AN_ACCOUNT = /\baccounts?\b/i;
const PICK_ACCOUNT = 'ts.pickAccount';
const SELECT = 'ts.select';
const STEP_LOOP = 'ts.step';
const OFFER_MENTIONED = 'ts.offerMentioned';
const SOMETHING_ELSE = 'Something else';
// How people say none of the offered guides fits, as the whole message. Not recognizer synonyms:
// "no" would then pick "Something else" out of "no signal", which names a guide.
const NONE_FITS = ['no', 'nope', 'nah', 'none', 'none of these', 'none of those', 'none of them', 'neither', 'neither of them', 'neither of those', 'other', 'something different', 'not those', 'no none of those', 'nope none of those', 'none of those fit', 'none of these fit', 'none of them fit', 'none of those are it', 'none of these are it'];
const MIN_SCORE = 0.3;
const WANT_TECHNICIAN_RETRY = 'Would you like a technician to help? Please answer yes or no.';

const BARE_YES_WORDS = new Set(['yes', 'y', 'yep', 'yup', 'yeah']);

/** Words people use for the conventional step answers, so typing beats clicking. */
const WORKED = [
  'worked', 'it worked', 'fixed', 'fixed it', 'that fixed it', 'it works', 'works now', 'working now', 'yes', 'yep', 'solved', 'all good',
  'fine now', 'ok now', 'okay now', 'good now', 'works again', 'working again', 'sorted', 'all sorted', 'back to normal',
  // Said of the thing that had stopped: "ok its back", "the internet is back online".
  "it's back", 'its back', "it's back on", 'its back on', 'back online', 'up and running',
  'that did it', 'did the trick', 'that did the trick',
];
const NOT_YET = [
  'no', 'nope', 'nah', 'not working', 'still broken', "didn't work", 'didnt work', 'did not work', 'same problem', 'still the same', 'no change', 'still not',
  // A negated "fixed" is this answer, not "That worked" (the longer synonym wins over "fixed" inside it).
  'not fixed', "isn't fixed", 'isnt fixed', "didn't fix it", 'didnt fix it', 'did not fix it', "hasn't fixed it", 'not solved', 'not sorted',
  // Said of a step they did before asking for help: it did not help. ("Tried it and it worked" is
  // not among them: the first answer found would win.)
  'already tried', 'already tried that', 'tried that already', 'tried it already', 'did that already', 'already did that',
  // "tried restarting", "i changed the batteries already", "the volume is already up": the step's
  // fix, done before to no avail. With a word for it working too ("tried it and it works now") the
  // answer names two options and is asked again.
  'tried', 'already',
  "doesn't work", 'doesnt work', 'does not work', 'still not working', "didn't help", 'didnt help', 'did not help', 'no luck',
  'nothing changed', 'same thing',
  // "did that, nothing happened": what the step was to change did not.
  'still nothing', 'nothing happened', 'nothing happens',
];
const CANT_FIND = [
  "can't find", 'cant find', 'cannot find', "don't see", 'dont see', 'not there', "it's not there", 'where is it', 'no such option',
  // Not knowing how to do the step is the same dead end as not finding it.
  "don't know how", 'dont know how', 'not sure how', 'how do i do that', 'where is that', "where's that", 'wheres that', 'where do i find',
  'no idea', 'not sure', "i don't know", 'i dont know', 'idk', 'dunno', 'no clue',
  // "i dont have that option", "i don't have that setting": the menu the step names isn't there.
  "don't have that", 'dont have that', 'do not have that', "don't have this", 'dont have this', "there's no such", 'theres no such',
];
// Typed for "I don't know the password": most say they forgot it.
const FORGOT = ['forgot', 'forgot it', 'i forgot', 'forgotten', 'forgot the password', "don't know it", 'dont know it', "don't know the password", 'dont know the password', 'no idea', 'idk', 'not sure', 'dunno', "i don't know", 'i dont know'];
// Typed for "Talk to a technician". Fewer than the person words the router knows: a step's answer may
// name someone else ("the tech at the shop reset it"), and these are taken as a pick anywhere in it.
const HUMAN = ['technician', 'human', 'agent', 'person', 'real person', 'someone'];

function synonymsFor(label: string): string[] {
  const l = label.toLowerCase();
  if (l === TECHNICIAN_OPTION.toLowerCase()) return HUMAN;
  if (/^that (worked|fixed)|^it works|^fixed/.test(l)) return WORKED;
  if (/^still\b|not working|didn.?t work/.test(l)) return NOT_YET;
  if (/can.?t find|don.?t see/.test(l)) return CANT_FIND;
  if (/don.?t know the password/.test(l)) return FORGOT;
  if (l === 'done') return DONE;
  if (/\bnoted\b/.test(l)) return NOTED;
  if (l === 'ok') return UNDERSTOOD;
  // "Yes, the TV menu appears" / "No, the screen stays dark": a bare yes or no picks them.
  if (/^yes(?:,|$)/.test(l)) return BARE_YES;
  if (/^no(?:,|$)/.test(l)) return BARE_NO;
  return [];
}

/**
 * "that fixed it", "it's working now" at a step that has no such answer (a question, "Done"): the
 * problem is gone, whichever step fixed it. The words for "That worked" but a bare yes.
 */
// Read in every step's answer (saysFixed twice), so recognized through a word check first (fixedChoiceRecognizer).
const fixedNowIn = fixedChoiceRecognizer([{ value: 'fixed', synonyms: WORKED.filter((w) => !BARE_YES_WORDS.has(w)) }]);
const notFixedIn = fixedChoiceRecognizer([{ value: 'not fixed', synonyms: NOT_YET }]);
/** What a step answered that way is recorded with, for the case. */
const SAID_FIXED = 'Said it was fixed';
/** What a step is given when the user tells a detail of the device there (see givesDetail); recorded as `Detail: ...`. */
const DETAIL = 'Told a detail';
/** What a step is recorded with when the user turned to another problem there (see changesProblem). */
const ANOTHER_PROBLEM = 'Turned to another problem';
/** What a step is given when the user turned to the guide's device's own Wi-Fi trouble (see ownWifiGuide); recorded as ANOTHER_PROBLEM. */
const OWN_WIFI = 'Turned to its Wi-Fi';
/** What a step answered with an earlier question's answer taken back ("wait its actually a mac") is recorded with. */
const CHANGED_ANSWER = 'Changed an earlier answer';
// "nvm my tv has no sound now" at a phone step: "no" there was the phone step's "Still full".
const CORRECTION = /\b(?:actually|sorry|i meant|i mean|wait|instead|nvm|never ?mind|forget (?:that|it))\b/i;
/** A change since the step ("now it keeps asking for my password"), which may be another of the device's problems. */
const NEW_TURN = /\bnow\b/i;
/** A guide this sure fits on its own (a device and its problem words), not by one stray word. */
const CLEAR_GUIDE_SCORE = 0.5;

// A step done; "it works now" too: the step after it asks how things stand.
const DONE = ['did it', 'did that', 'i did it', "i've done it", "i've done that", 'all done', 'ok done', 'finished', 'it works now', 'works now', 'working now'];
// "OK" after a warning ("never type your password here"): the ways people say they have read it.
const UNDERSTOOD = ['okay', 'k', 'kk', 'ok got it', 'got it', 'understood', 'i understand', 'noted', 'sure', 'alright', 'all right', 'will do', 'fine', ...BARE_YES_WORDS];
// "I've noted it" (a stop code, an error message): the user has it, however briefly they say so.
const NOTED = ['ok', 'okay', 'k', 'done', 'all done', 'ok done', 'got it', 'ok got it', 'noted', 'ok noted', 'noted it', 'i noted it', 'wrote it down', 'i wrote it down', 'written down', 'got the code', 'i have it', ...BARE_YES_WORDS];
const BARE_YES = [...BARE_YES_WORDS];
const BARE_NO = ['no', 'n', 'nope', 'nah'];

/**
 * Lets a guide choice (see readsGuidePick) or the "no guide: a technician?" question take a new
 * description of the problem ("it's my printer, it says offline") instead of asking for yes/no or a
 * pick again; the dialog then chooses a guide for it (the prompt's result is undefined).
 */
async function describesProblemAgain(prompt: PromptValidatorContext<unknown>): Promise<boolean> {
  if (prompt.recognized.succeeded) return true;
  // "its connected by usb" is sure troubleshooting of a computer (its "usb"), but says nothing wrong:
  // a detail of the problem being picked for, not a new one. A device named alone ("its my laptop")
  // or a correction is the problem told again.
  const text = routableText(prompt.context.activity.text);
  const namesOnlyADevice = text.trim().split(/\s+/).length <= 3;
  const turnsFrom = /\bnot (?:the|my|a|an)\b/i.test(text); // "its the laptop not the printer"
  return isSure(getClassification(prompt.context), 'troubleshoot') && (namesAFault(text) || CORRECTION.test(text) || turnsFrom || namesOnlyADevice);
}

/**
 * Reads the pick between guides. The recognizer reads "one" in "the offline one" as option 1, so a
 * number counts only when it is the whole message. A new description of the problem is chosen a
 * guide for (see describesProblemAgain: "my printer says offline" must not pick a title for its
 * "says"); else a title named in other words is picked ("the offline one": "Printer shows as offline").
 */
async function readsGuidePick(prompt: PromptValidatorContext<FoundChoice>, catalog: FlowCatalog): Promise<boolean> {
  const text = routableText(prompt.context.activity.text);
  const choices = (prompt.options.choices ?? []) as Choice[];
  const [picked] = picksIn(text, choices);
  Object.assign(prompt.recognized, { succeeded: false, value: undefined });
  if (picked) return pick(prompt, choices, picked.resolution.value, text);
  if (NONE_FITS.some((words) => sameWords(words, text))) return pick(prompt, choices, SOMETHING_ELSE, text);
  const symptomOfOne = shortAnswer(text) ? symptomPick(catalog, choices, text) : undefined;
  if (symptomOfOne) return pick(prompt, choices, symptomOfOne, text);
  // "its a sonos one" at a pick between speaker guides: a detail of the device, which picks none
  // of them; pickedStep notes it and asks again, and the guide picked then knows it ("Which speaker?").
  const offered = Object.values(catalog.flows).filter((f) => choices.some((c) => c.value === f.title));
  if (offered.some((f) => givesDetail(text, getClassification(prompt.context), f))) {
    prompt.recognized.value = { value: DETAIL, index: choices.length, score: 1, synonym: text };
    return true;
  }
  // "actually its the wifi" or "actually its my printer" turns from every guide offered, as at a
  // step (the router reads the first as cancel, and is not sure enough of the second to read it as
  // a new description); the device's own Wi-Fi guide, when offered ("my phone"), is picked.
  const classification = getClassification(prompt.context);
  const guides = offered.map((f) => getFlow(catalog, f.id)).filter((f): f is Flow => f !== undefined);
  const turns = new Set(guides.map((f) => turnsElsewhere(text, classification, catalog, f)));
  const [turn] = turns;
  if (turns.size === 1 && turn) {
    const own = turn === OWN_WIFI ? guides.map((f) => ownWifiGuide(classification, catalog, f)).find((c) => c !== undefined && c.device !== 'network') : undefined;
    const [guide, ...others] = own ? closeMatches(guidesFor(catalog, own)) : [];
    if (guide && others.length === 0 && offered.some((f) => f.id === guide.flow.id)) return pick(prompt, choices, guide.flow.title, text);
    prompt.recognized.value = { value: turn, index: choices.length, score: 1, synonym: text };
    return true;
  }
  if (await describesProblemAgain(prompt)) return true;
  return pick(prompt, choices, answeredInWords(choices.map((c) => ({ label: c.value })), readingsOf(text, getClassification(prompt.context))), text);
}

/** A few words, as a pick is typed ("no signal", "the sound one"); a new description is longer. */
function shortAnswer(text: string): boolean {
  return text.trim().split(/\s+/).length <= 4;
}

/**
 * The offered guide whose symptoms the words name, if only one: "no signal" at a pick between TV
 * guides is 'TV says "No signal"', which the router alone reads as a Wi-Fi problem (its "signal").
 */
function symptomPick(catalog: FlowCatalog, choices: Choice[], text: string): string | undefined {
  const offered = new Set(choices.map((c) => c.value));
  const fits = closeMatches(selectFlows(catalog, { device: 'none', symptoms: [], text }).filter((m) => offered.has(m.flow.title) && m.score >= MIN_SCORE));
  return fits.length === 1 ? fits[0].flow.title : undefined;
}

/**
 * Reads the pick of a device: a label or number as the whole message ("printer", "2"). Anything
 * more that names a device or a problem ("my laptop", "printer is jammed") is chosen a guide for as
 * a new description (the prompt's result is undefined), so its problem words count.
 */
async function readsDevicePick(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
  const text = routableText(prompt.context.activity.text);
  const [picked] = picksIn(text, (prompt.options.choices ?? []) as Choice[]);
  if (picked && (picked.resolution.synonym === undefined || sameWords(picked.resolution.synonym, text))) return true;
  Object.assign(prompt.recognized, { succeeded: false, value: undefined });
  return (getClassification(prompt.context)?.device ?? 'none') !== 'none' || describesProblemAgain(prompt);
}

/**
 * Reads which account it is: "email", "my gmail" or "outlook" is Email, the problem first told
 * kept; a new problem of a device ("my laptop wont turn on") is chosen a guide for, as at the pick
 * of a device; any other account named ("its my apple id", "my bank") is "Something else". A
 * question is asked again.
 */
async function readsAccountPick(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
  const text = routableText(prompt.context.activity.text);
  const choices = (prompt.options.choices ?? []) as Choice[];
  const typed = getClassification(prompt.context);
  if (typed?.device === 'email' && !namesAFault(text)) return pick(prompt, choices, 'Email', text);
  if (await readsDevicePick(prompt)) return true;
  return text !== '' && !isQuestion(text) && pick(prompt, choices, SOMETHING_ELSE, text);
}

/** Makes `label` the prompt's result, if it is one of the choices. */
function pick(prompt: PromptValidatorContext<FoundChoice>, choices: Choice[], label: string | undefined, text: string): boolean {
  const index = choices.findIndex((c) => c.value === label);
  if (!label || index < 0) return false;
  prompt.recognized.value = { value: label, index, score: 1, synonym: text };
  return true;
}

/** Options as prompt choices, with the words people type for the conventional answers. */
export function choicesFor(labels: string[]): Choice[] {
  return labels.map((label) => ({ value: label, synonyms: [...synonymsFor(label), ...spellingsOf(label)] }));
}

/**
 * How people type a label: "Wi-Fi" as "wifi" or "wi fi", "It isn't connected" as "it isnt
 * connected". The recognizer splits words at hyphens and apostrophes, so these would not match.
 */
function spellingsOf(label: string): string[] {
  const spellings = new Set<string>();
  if (/['’]/.test(label)) spellings.add(label.replace(/['’]/g, ''));
  for (const s of [label, ...spellings]) {
    if (s.includes('-')) {
      spellings.add(s.replace(/-/g, ''));
      spellings.add(s.replace(/-/g, ' '));
    }
  }
  return [...spellings];
}

/** A message as typed and as the router's typo-corrected words: what the step readers look for answers in. */
function readingsOf(text: string, classification: Classification | undefined): string[] {
  return classification ? [text, classification.symptoms.join(' ')] : [text];
}

/** A step's answers as its prompt keeps them (PromptOptions.validations), for readsStepAnswer. */
interface StepAnswers {
  /** `endsFixed`: the option leads straight to the flow's "it's fixed" ending. */
  answers: { label: string; said?: string[]; endsFixed?: boolean }[];
  /** The step's flow, to tell another problem typed there from an answer (absent in states saved before). */
  flowId?: string;
  /** The step's own re-ask, kept while a question of the user's is answered with another (readsStepAnswer). */
  retry?: string;
  /**
   * An instruction's result question ("Is the printer back online?"), asked when the user only says
   * they did it ("yes", "done"): that is no "That worked". Absent where no answer says it worked.
   */
  check?: string;
  /** The questions answered so far in the guide, one of which a correction may take back ("wait its actually a mac"). */
  answered?: { stepId: string; outcome: string }[];
  /**
   * An instruction's own words, said again after a word of it is explained ("what is an SSID?"):
   * nothing has been tried yet, so its re-ask ("Once you've tried that, how did it go?") would not fit.
   */
  instruction?: string;
}

/** What the result question is, when the flow has none of its own. */
const DEFAULT_CHECK = 'Did that fix it?';
// The words of "I did it" and nothing else: "yes", "ok", "done", "yep did it". Not "tried that":
// said of a fix, it tells it was done to no avail (the step's "Still not working", above).
const DID_IT_WORD = String.raw`(?:y|yes|yeah|yep|yup|ya|ok|okay|k|kk|sure|alright|all right|right|all done|finished|(?:i\s+)?did(?:\s+(?:it|that))?|(?:(?:i\s+)?have\s+|i?ve\s+)?done(?:\s+(?:it|that))?)`;
const ONLY_DID_IT = new RegExp(String.raw`^(?:${DID_IT_WORD}[\s,.!]*)+$`, 'i');

/** Whether the message only says the step was done, not how it went ("yes", "done", "yep did it"). */
export function saysOnlyDone(text: string): boolean {
  return ONLY_DID_IT.test(text.trim().replace(/['’]/g, ''));
}

// "perfect thanks", "brilliant", "great, thank you": pleased, but not saying with what. After an
// instruction the result question tells whether it worked, as after "ok" or "done"; to that
// question praise is its yes. A bare "thanks" there may thank for the step: it is asked again.
const PRAISE = String.raw`(?:perfect|great|brilliant|awesome|excellent|lovely|fantastic|wonderful|amazing|superb|nice(?: one)?|cool|sweet|fab)`;
const THANKS = String.raw`(?:thanks?(?: (?:so|very) much)?|thank you(?: (?:so|very) much)?|thx|ty|cheers)`;
const PRAISE_ONLY = new RegExp(String.raw`^(?:(?:ok|okay|oh)[,\s]+)?${PRAISE}(?:[,!.\s]+${THANKS})?[\s!.]*$`, 'i');
const THANKS_ONLY = new RegExp(String.raw`^(?:(?:ok|okay)[,\s]+)?${THANKS}[\s!.]*$`, 'i');

/** Whether the message is only praise ("perfect thanks") or only thanks ("thank you"), said of no answer in particular. */
export function soundsPleased(text: string): 'praise' | 'thanks' | undefined {
  const t = text.trim().replace(/['’]/g, '');
  return PRAISE_ONLY.test(t) ? 'praise' : THANKS_ONLY.test(t) ? 'thanks' : undefined;
}

/**
 * Reads a typed step answer (a click arrives as its label). The choice recognizer alone finds a
 * label or synonym anywhere in the message, also after "not", and takes the first of several: "not
 * fixed" was "That worked", "red and orange" was "Red". So its pick is one reading among others,
 * and the step takes the one option left when they agree; else it asks again.
 */
async function readsStepAnswer(prompt: PromptValidatorContext<FoundChoice>, catalog: FlowCatalog, glossary?: Glossary): Promise<boolean> {
  const text = routableText(prompt.context.activity.text);
  const validations = prompt.options.validations as StepAnswers | undefined;
  const { answers, flowId } = validations ?? {};
  if (!text || !validations || !answers) return prompt.recognized.succeeded;
  const choices = (prompt.options.choices ?? []) as Choice[];
  const retry = prompt.options.retryPrompt as Partial<Activity> | undefined;
  validations.retry ??= retry?.text;
  // "yes" or "done" after "Turn the printer off and on" says it was done, not that it worked: the
  // result question, once, with the same options ("yes" to it is "That worked").
  const asked = prompt.state as { checked?: boolean };
  const pleased = soundsPleased(text);
  if (validations.check && !asked.checked && (saysOnlyDone(text) || pleased)) {
    asked.checked = true;
    if (retry) prompt.options.retryPrompt = { ...retry, text: validations.check };
    return false;
  }
  if (asked.checked && pleased === 'praise') {
    const worked = answers.find((a) => synonymsFor(a.label) === WORKED);
    if (pick(prompt, choices, worked?.label, text)) return true;
  }
  // An error log pasted at a step answers none of its options, whatever words it has ("Error" was
  // "A blue screen with an error"): it is kept with the step for a technician, and the step asked again.
  if (flowId && pastedLogIn(text)) {
    prompt.recognized.value = { value: DETAIL, index: choices.length, score: 1, synonym: text };
    return true;
  }
  const classification = getClassification(prompt.context);
  const flow = flowId ? getFlow(catalog, flowId) : undefined;
  // "no wait its the laptop not the printer": a correction naming another device is about that
  // device, whatever answer words it has ("no"). Only such a correction is asked about another
  // problem before its answer words are read; any other message only when it answers nothing. (One
  // reading either way: a correction that is no other problem would be no other problem later.)
  // At a network guide's step another device's fault of its own ("my tv has no sound") is read so too.
  const correcting = flow !== undefined && CORRECTION.test(text) && namesOtherDevice(classification, flow);
  const turn = turnsElsewhere(text, classification, catalog, flow);
  const corrects = turn === ANOTHER_PROBLEM;
  // "no wait its actually the wifi one" at a printer step: the printer's Wi-Fi, whose guide it names,
  // unless it takes back an earlier answer ("USB cable"; takesBack below goes first).
  const toOwnGuide = turn === OWN_WIFI;
  // "actually my laptop works now" at a printer step says nothing of the printer. (A network
  // guide is about every device's connection: the laptop's working is its answer.)
  // Nor is "wifi is back" at the phone's Wi-Fi guide about the network instead: the guide's own words.
  const worksAgain = flow !== undefined && worksAgainInWords(text, flow, readingsOf(text, classification));
  const guideWords = classification?.device === 'network' && worksAgain;
  const elsewhere = flow !== undefined && flow.device !== 'network' && namesOtherDevice(classification, flow) && !guideWords;
  // "didnt wrk": with its slips mended against the step's own answer words, if as typed it answers nothing.
  const mended = mendSlips(text, choices.flatMap((c) => [c.value, ...(c.synonyms ?? [])]));
  const answerIn = (typed: string) => stepAnswerIn(typed, choices, answers, readingsOf(typed, classification), elsewhere, flow);
  const answer = corrects || toOwnGuide ? undefined : (answerIn(text) ?? (mended !== text ? answerIn(mended) : undefined) ?? triedInVain(text, answers, elsewhere) ?? connectionStillFails(text, classification, answers, catalog, flow));
  const fixed = !elsewhere && (saysFixed(text) || worksAgain);
  // "wait its actually a mac" at a Windows step: not a detail of the PC, the answer to "Windows PC or Mac?" taken back.
  const takesBack =
    flow && validations.answered?.length && !corrects && !isQuestion(text) && (CORRECTION.test(text) || (answer === undefined && NAMES_IT.test(text)))
      ? reansweredInWords(flow, validations.answered, takenBackReadings(text, classification))
      : undefined;
  if (takesBack) {
    prompt.recognized.value = { value: CHANGED_ANSWER, index: choices.length, score: 1, synonym: text };
    return true;
  }
  const instead = corrects ? ANOTHER_PROBLEM : toOwnGuide ? OWN_WIFI : answer === undefined && (fixed ? SAID_FIXED : !correcting && changesProblem(text, classification, catalog, flow) ? ANOTHER_PROBLEM : undefined);
  if (instead) {
    prompt.recognized.value = { value: instead, index: choices.length, score: 1, synonym: text };
    return true;
  }
  if (pick(prompt, choices, answer, text)) return true;
  if (givesDetail(text, classification, flow)) {
    prompt.recognized.value = { value: DETAIL, index: choices.length, score: 1, synonym: text };
    return true;
  }
  // "is the power button the one on the left?": a question of the user's is told honestly that it
  // is not answered here, rather than called a wrong answer; the next wrong answer gets the plain re-ask.
  // "How long will this take?" every guide can answer alike (a wait for a technician, if any, the handoff guard answered).
  // "thanks bye", "thank you, goodbye": a goodbye with thanks, which small talk leaves to the question
  // (at an offer it is a no). Here nothing is declined: the step waits for the user's return.
  if (retry && isSure(classification, 'goodbye') && SAYS_BYE.test(text)) {
    prompt.options.retryPrompt = { ...retry, text: byeForNow(inQueue(prompt.context)) };
    return false;
  }
  // "whats the action button?": a word of the step's, explained; then the step's options again.
  const explained = explainTerm(glossary, text);
  const lead = HOW_LONG.test(text.trim())
    ? "It depends on what we find: most steps take a minute or two, and if they don't fix it I can connect you with a technician. "
    : explained
      ? `${explained} `
      : isQuestion(text)
      ? "Sorry, I can't answer questions here: I can only go through the steps with you. "
      : '';
  // After an instruction's word is explained, the instruction again: there was nothing to try before.
  const reasked = explained && validations.instruction ? `${explained}\n\n${validations.instruction}` : `${lead}${validations.retry}`;
  if (retry && validations.retry) prompt.options.retryPrompt = { ...retry, text: reasked };
  return false;
}

/**
 * A correction that turns from the guide's problem to another ("no wait its the laptop not the
 * printer", or at a network guide's step another device's fault of its own): ANOTHER_PROBLEM; one
 * that names the Wi-Fi at another device's guide ("actually its the wifi"): OWN_WIFI (see
 * ownWifiGuide). Undefined when it is neither, and so may answer the question open.
 */
function turnsElsewhere(text: string, classification: Classification | undefined, catalog: FlowCatalog, flow: Flow | undefined): typeof ANOTHER_PROBLEM | typeof OWN_WIFI | undefined {
  if (!flow) return undefined;
  const correcting = CORRECTION.test(text) && namesOtherDevice(classification, flow);
  if ((correcting || othersOwnProblem(text, classification, catalog, flow)) && changesProblem(text, classification, catalog, flow)) return ANOTHER_PROBLEM;
  return CORRECTION.test(text) && ownWifiGuide(classification, catalog, flow) !== undefined ? OWN_WIFI : undefined;
}

// "oh no sorry its an android": the "no" before a correction takes back the earlier answer, it negates nothing after it.
const NO_BEFORE_CORRECTION = /\b(?:oh\s+)?no\b[\s,.!]*(?=(?:sorry|wait|actually|i meant|i mean)\b)/gi;

/** The readings of a correction at a step, to find the earlier answer it takes back. */
function takenBackReadings(text: string, classification: Classification | undefined): string[] {
  return readingsOf(text, classification).map((r) => r.replace(NO_BEFORE_CORRECTION, ''));
}

const SAYS_BYE = /\b(?:bye|goodbye|good bye|cya|see ya|see you|gotta go|got to go|ttyl|talk later)\b/i;

// "its a samsung", "it's an iPhone 13": the device named, which answers no step. Also after a
// correction's word, "actually its a fire stick": with no earlier answer to take back, a detail.
const NAMES_IT = /^(?:(?:actually|sorry|oh|wait|i mean|i meant)[\s,.!]+)*(?:it'?s|it is|mine'?s|mine is|this is)\s+(?:a|an|the)\b/i;
const DETAIL_MAX_WORDS = 6;

/**
 * Whether a message that answers nothing at a step tells a detail of the guide's device instead:
 * its make or model ("its a nest mini 2nd gen", "its a samsung": a maker of TVs among others) or a
 * part of it ("hdmi"), with no word for a fault, so no new problem. The step takes it down and asks
 * for its result again, where it was asked to pick.
 */
function givesDetail(text: string, classification: Classification | undefined, flow: Flow | undefined): boolean {
  if (!flow || !classification || isQuestion(text) || namesAFault(text) || mentionsDanger(text)) return false;
  if (text.trim().split(/\s+/).length > DETAIL_MAX_WORDS) return false;
  if (NAMES_IT.test(text)) return classification.device === 'none' || classification.device === flow.device;
  const { device, deviceAmong } = classification;
  // "my tv remote" names the device in general, no detail of it: it is asked again.
  const words = text.toLowerCase().split(/[^a-z0-9]+/);
  const general = familyNamesOf(flow.device).some((name) => words.includes(name));
  return (device === flow.device || (device === 'none' && deviceAmong?.includes(flow.device) === true)) && classification.intent === 'troubleshoot' && !general;
}
// "how long will this take", "how much longer": not "how long do I hold the button?", a question about the step.
// The same asked as yes or no: "is this going to take long?", "will this take a while".
const HOW_LONG =
  /^(?:(?:how|hw|hiw|hoe) (?:much )?long(?:er)?(?: (?:will|does|is|would) (?:this|it|that|all this) (?:take|going to take|gonna take))?|(?:is|will|does|would) (?:this|it|that|all this) (?:(?:be )?(?:going to|gonna) )?take (?:(?:very |too |much |that )?long(?:er)?|a while|(?:a )?(?:long )?time|ages|forever))(?: now| still| more)?[?.!\s]*$/i;

/**
 * Whether the message at a step of `flowId` is another problem rather than an answer: a correction
 * ("actually it's my laptop", "sorry i meant my phone wont charge") naming another device or a
 * clear other guide, or a problem the router is sure of on another device with a guide of its own.
 */
function changesProblem(text: string, classification: Classification | undefined, catalog: FlowCatalog, flow: Flow | undefined): boolean {
  if (!flow || !classification || classification.intent !== 'troubleshoot' || classification.ambiguous) return false;
  const otherDevice = namesOtherDevice(classification, flow);
  const matches = selectFlows(catalog, { device: classification.device, symptoms: classification.symptoms, text: classification.text }).filter((m) => m.score >= MIN_SCORE);
  const [guide, ...others] = closeMatches(matches);
  const otherGuide = guide !== undefined && others.length === 0 && guide.flow.id !== flow.id && guide.score >= CLEAR_GUIDE_SCORE;
  if (CORRECTION.test(text)) return otherDevice || otherGuide;
  // "now it keeps asking for my password" at a step of the email sending guide: the same device's
  // trouble has turned into one another of its guides is for.
  if (NEW_TURN.test(text) && !otherDevice && otherGuide && guide.flow.device === flow.device) return isSure(classification, 'troubleshoot') && namesAFault(text);
  // "yes its on the same wifi as my phone" at a speaker's step names the phone and Wi-Fi, and the
  // router is sure of a phone Wi-Fi problem; but nothing is wrong with the phone: it is an answer.
  // "my printer wont print" fits two printer guides: the printer's problem all the same, to pick
  // between (as after "actually").
  const devicesGuides = guide !== undefined && guide.score >= CLEAR_GUIDE_SCORE && [guide, ...others].every((m) => m.flow.device === classification.device && m.flow.id !== flow.id);
  return otherDevice && (otherGuide || devicesGuides) && isSure(classification, 'troubleshoot') && namesAFault(text);
}

/**
 * The Wi-Fi named at another device's step ("actually its the wifi" at a printer step) as that
 * device's own Wi-Fi trouble, read as the guide's device, when the words so fit one other guide of
 * it clearly (the printer's Wi-Fi guide). The router reads the network, whose guides are for the
 * Wi-Fi itself. A device with no Wi-Fi guide of its own (a TV, a computer) is read so too where the
 * network's guides for its connection fit clearly, and an email account (whose guides are its
 * server's) as the network itself: the guides to pick from are the Wi-Fi's, not its own. Undefined otherwise.
 */
function ownWifiGuide(classification: Classification | undefined, catalog: FlowCatalog, flow: Flow): Classification | undefined {
  if (!classification || classification.device !== 'network' || flow.device === 'network' || isQuestion(classification.text)) return undefined;
  for (const device of [flow.device, 'network'] as const) {
    const fits = closeMatches(selectFlows(catalog, { device, symptoms: classification.symptoms, text: classification.text }).filter((m) => m.score >= MIN_SCORE));
    const clear = fits.length > 0 && fits.every((m) => m.flow.id !== flow.id && m.score >= CLEAR_GUIDE_SCORE);
    // Several of the network's guides ("Slow or dropping Wi-Fi", "A device can't join") are asked between.
    if (clear && (fits.length === 1 || fits.every((m) => m.flow.device === 'network'))) return { ...classification, device };
  }
  return undefined;
}

/**
 * Whether a message at a network guide's step names another device's fault that is none of the
 * network's: "my tv has no sound" at a Wi-Fi step, whose "no" is no "Still slow or dropping". Read
 * as the network's problem, none of its guides fits by the words (beyond the network alone), where
 * "my laptop cant connect" or "my phone keeps disconnecting" does: those answer the step
 * (connectionStillFails).
 */
function othersOwnProblem(text: string, classification: Classification | undefined, catalog: FlowCatalog, flow: Flow | undefined): boolean {
  if (!flow || flow.device !== 'network' || !classification || !namesOtherDevice(classification, flow) || CORRECTION.test(text)) return false;
  const asNetwork = selectFlows(catalog, { device: 'network', symptoms: classification.symptoms, text: classification.text });
  return !asNetwork.some((m) => m.flow.device === 'network' && m.score > NETWORK_ONLY_SCORE);
}
// What a network guide scores for a message that names the network (or is read as it) and nothing of its problem.
const NETWORK_ONLY_SCORE = 0.3;

/**
 * The guides that fit the problem a message names, for the first problem when it names several
 * (selectFirstProblem). Below the device-only score a match rests on a stray shared word ("smart
 * fridge" ~ "smart TV"). What selectStep chooses from, and what the offer of a mentioned problem names.
 */
function guidesFor(catalog: FlowCatalog, c: Classification): FlowMatch[] {
  return selectFirstProblem(catalog, { device: c.device, symptoms: c.symptoms, text: c.text }).filter((m) => m.score >= MIN_SCORE);
}

/** Whether the message names a device other than the guide's ("actually it's my laptop" at a printer step). */
function namesOtherDevice(classification: Classification | undefined, flow: Flow): boolean {
  return classification !== undefined && classification.device !== 'none' && classification.device !== flow.device;
}

// Liquid or broken glass: no guide fixes it, and a guide's steps (switch it on, charge it) could do
// harm. The safe first steps, then a technician.
const DAMAGE_ADVICE: Record<Damage, string> = {
  liquid:
    "Liquid inside a device can damage it for good if power runs through it. Turn it off now and unplug it, take off any case, and don't switch it on or charge it to test it. Dry the outside and leave it to dry, openings facing down, for at least 48 hours (no hair dryer, no rice). A technician should check it before you use it again.",
  impact:
    "A cracked or bent device needs a repair, which no guide can do. Until then, put clear tape over cracked glass so it can't cut you, and stop using it if it gets hot or the battery bulges.",
};
const DAMAGE_DECLINED: Record<Damage, string> = {
  liquid: "OK. Please don't switch it on until it's dry and has been checked. Ask for a technician any time.",
  impact: 'OK. Ask for a technician any time to arrange the repair.',
};
const DAMAGE_REASON: Record<Damage, string> = { liquid: 'Liquid damage', impact: 'Physical damage (cracked or bent)' };

const GOODBYE = `No problem. ${SIGN_OFF}`;
// Plain refusals of the offer keep their reply (tell me more, or ask for a technician any time).
const PLAIN_NO = /^(?:n|no|nope|nah|no thanks|no thank you)$/;
const leavesWithThanks = (context: TurnContext) => saysGoodbyeAt(context, (said) => PLAIN_NO.test(said));

/** "Shall we look at that now?": "ok thanks" or "thanks, bye" is a no (the recognizer reads the "ok" as a yes). */
async function readsNextProblemOffer(prompt: PromptValidatorContext<boolean>): Promise<boolean> {
  if (!leavesWithThanks(prompt.context)) return prompt.recognized.succeeded;
  Object.assign(prompt.recognized, { succeeded: true, value: false });
  return true;
}

async function readsTechnicianOffer(prompt: PromptValidatorContext<boolean>): Promise<boolean> {
  if (!leavesWithThanks(prompt.context)) return describesProblemAgain(prompt);
  Object.assign(prompt.recognized, { succeeded: true, value: false });
  return true;
}

/** Reads "Did that fix it?" answered like a step: "it still doesn't work" is no, "that fixed it" yes. */
async function readsFixedOrNot(prompt: PromptValidatorContext<boolean>): Promise<boolean> {
  if (prompt.recognized.succeeded) return true;
  const text = routableText(prompt.context.activity.text);
  const fixed = saysFixed(text) ? true : saysNotFixed(text) ? false : undefined;
  if (fixed === undefined) return false;
  Object.assign(prompt.recognized, { succeeded: true, value: fixed });
  return true;
}

/** Whether the message says the problem is still there ("it still doesn't work", "didn't help"), not asking. */
// Phrases, never positions: without the number recognizer, which cost ~3% of a turn's CPU here
// (it runs on every message that matches no phrase).
function saysNotFixed(text: string): boolean {
  return !isQuestion(text) && notFixedIn(text).length > 0;
}

/**
 * "did that, still nothing" at "Can you send and receive there?": what the question had them try
 * did not help, its "No, ..." answer (which has no "still" answer's words). Not where an answer is
 * a danger ("Yes, swollen or very hot"): a safety question is asked again rather than answered "it
 * looks normal" by a guess. Nor at the offer to continue (continuesAt), where "still not working"
 * tells the problem again, not the step's answer.
 */
function triedInVain(text: string, answers: StepAnswers['answers'], aboutAnotherDevice: boolean): string | undefined {
  const no = answers.filter((a) => synonymsFor(a.label) === BARE_NO);
  const yesOrNo = no.length === 1 && answers.some((a) => synonymsFor(a.label) === BARE_YES) && !answers.some((a) => mentionsDanger(a.label));
  // Only a "No" that says the try failed ("No, it fails there too"): "didnt work" does not answer
  // "Is it nearly full?" with "No, there's room".
  if (!yesOrNo || !FAILED_TRY.test(no[0].label)) return undefined;
  const notFine = mentionsDanger(text) || qualified(text) || backToTrouble(text) || aboutAnotherDevice;
  return !notFine && saysItDidNotHelp(text) ? no[0].label : undefined;
}

const FAILED_TRY = /\b(fails?|still|nothing|neither|not even|stays|silent|too)\b/i;

/**
 * "my laptop cant connect", "my phone keeps disconnecting" at a Wi-Fi guide's step: a device's
 * connection fault, the guide's own problem (othersOwnProblem tells the others' apart), still
 * there after the step: its "still" answer ("Still slow or dropping"), also where the device has a
 * Wi-Fi guide of its own that the words fit (the phone's). Not a question, a qualified answer ("it
 * worked, then dropped"), heat, nor a problem another guide is for (changesProblem: "my printer is
 * offline" gets the printer's offline guide).
 */
function connectionStillFails(text: string, classification: Classification | undefined, answers: StepAnswers['answers'], catalog: FlowCatalog, flow: Flow | undefined): string | undefined {
  if (flow?.device !== 'network' || classification?.intent !== 'troubleshoot' || isQuestion(text) || !namesAFault(text)) return undefined;
  if (mentionsDanger(text) || qualified(text) || othersOwnProblem(text, classification, catalog, flow)) return undefined;
  // The phone's own Wi-Fi guide, which "my phone keeps disconnecting" fits, is for the trouble this
  // guide is already on: no turn to another problem.
  if (changesProblem(text, classification, catalog, flow) && !fitsOnlyItsWifiGuide(classification, catalog)) return undefined;
  const still = answers.filter((a) => synonymsFor(a.label) === NOT_YET);
  return still.length === 1 ? still[0].label : undefined;
}

/**
 * Whether the one guide the message clearly fits is its device's own Wi-Fi guide (the one "wifi"
 * alone picks for it: "Phone or tablet won't connect to Wi-Fi"), so it names the device's connection.
 */
function fitsOnlyItsWifiGuide(classification: Classification, catalog: FlowCatalog): boolean {
  const { device } = classification;
  const fits = (text: string, symptoms: string[]) => closeMatches(selectFlows(catalog, { device, symptoms, text }).filter((m) => m.score >= MIN_SCORE));
  const [guide, ...others] = fits(classification.text, classification.symptoms);
  const [wifi, ...otherWifi] = fits('wifi', []);
  return guide !== undefined && others.length === 0 && wifi !== undefined && otherWifi.length === 0 && wifi.flow.device === device && guide.flow.id === wifi.flow.id;
}

// The words of NOT_YET that say a try did nothing, without those that only say it was tried
// before ("tried", "already"): "already have a mesh" answers no "Is your home large?".
const didNotHelpIn = fixedChoiceRecognizer([{ value: 'did not help', synonyms: NOT_YET.filter((w) => w !== 'tried' && w !== 'already') }]);

/** Whether the message says what was tried did nothing ("still nothing", "didn't work"), not asking. */
function saysItDidNotHelp(text: string): boolean {
  return !isQuestion(text) && didNotHelpIn(text).length > 0;
}

/** Whether the message says the problem is gone ("thanks, that fixed it"), not asked, turned round or qualified ("it worked, but"). */
function saysFixed(text: string): boolean {
  if (isQuestion(text) || qualified(text) || mentionsDanger(text) || backToTrouble(text)) return false;
  const found = fixedNowIn(text).filter((m) => m.resolution.synonym !== undefined);
  return found.length > 0 && found.every((m) => !negated(text, { start: m.start, end: m.end, synonym: m.resolution.synonym }, new Set()));
}

/**
 * Whether the message says, in the guide's own words for what had stopped, that it works now,
 * again or back: the words its symptoms negate ("not printing", "can't hear", "won't connect to
 * wifi"), un-negated and said as a change ("its printing now", "i can hear it now", "wifi is back",
 * "im connected now"). Not asked, qualified ("it prints now but slowly"), nor about heat.
 */
function worksAgainInWords(text: string, flow: Flow, readings: string[]): boolean {
  if (isQuestion(text) || qualified(text) || mentionsDanger(text) || backToTrouble(text)) return false;
  return contradictedInWords(flow.symptoms.map((label) => ({ label })), readings).length > 0;
}

/**
 * The option a typed message answers, if exactly one: a label, synonym or option number typed
 * alone is that option; otherwise the options the recognizer finds not negated ("not fixed" is not
 * "That worked") together with those the message names in its own words ("blue screen"; see
 * namedInWords), which must come to one ("it worked for a minute then went offline again" names two).
 * `aboutAnotherDevice`: the message names another device than the guide's, so it ends no step as fixed.
 * `flow`: the step's guide, whose device's general name names no option ("my tv remote" is not "Yes, the TV menu appears").
 */
function stepAnswerIn(text: string, choices: Choice[], answers: StepAnswers['answers'], readings: string[], aboutAnotherDevice = false, flow?: Flow): string | undefined {
  const found = picksIn(text, choices);
  const alone = found.find((m) => sameWords(m.resolution.synonym ?? m.text, text));
  if (alone) return alone.resolution.value;
  const endsFixed = (label: string) => answers.some((a) => a.label === label && a.endsFixed);
  // Heat, swelling or smoke is never "it's fine", however the rest is worded: that would skip a
  // safety branch. Nor is "it worked, but ..." or "it worked for a minute then ...", nor another
  // device's working.
  const notFine = mentionsDanger(text) || qualified(text) || backToTrouble(text) || aboutAnotherDevice;
  // "i dont want to talk to a person" shares words with "Talk to a technician" but says the opposite.
  const noPerson = personDeclinedIn(text) !== undefined;
  const possible = (label: string) => !(notFine && endsFixed(label)) && !(noPerson && label === TECHNICIAN_OPTION);
  const answerWords = oneWordAnswers(choices.flatMap((c) => [c.value, ...(c.synonyms ?? [])]));
  const picked = found
    .filter((m) => possible(m.resolution.value) && !negated(text, { start: m.start, end: m.end, synonym: m.resolution.synonym }, answerWords))
    .map((m) => m.resolution.value);
  let labels = new Set([...picked, ...namedInWords(answers.filter((a) => possible(a.label)), readings, flow ? familyNamesOf(flow.device) : [])]);
  // "cleaned it and now it's charging" at "Still not charging" says the opposite of that answer:
  // the step's one answer that ends the guide as fixed, if it has one.
  const success = answers.filter((a) => a.endsFixed && possible(a.label));
  if (labels.size === 0 && success.length === 1 && contradictedInWords(answers, readings).length > 0) labels.add(success[0].label);
  // "its printing now" at "Still offline", "i can hear it now" at "Still no sound": the guide's own
  // words for what had stopped, said as working again. Only for a "That worked" ("internet is back"
  // is no "Yes, there's an outage").
  const worked = success.filter((a) => synonymsFor(a.label) === WORKED);
  if (labels.size === 0 && worked.length === 1 && flow && worksAgainInWords(text, flow, readings)) labels.add(worked[0].label);
  // A question answers nothing, unless it asks how or where to do the step, or for a person.
  if (isQuestion(text)) labels = new Set([...labels].filter((l) => l === TECHNICIAN_OPTION || synonymsFor(l) === CANT_FIND));
  // "no I won't do that, get me a real person": asking for a person goes before any other answer.
  if (labels.size > 1 && labels.has(TECHNICIAN_OPTION) && mentionsPerson(text)) return TECHNICIAN_OPTION;
  // "It charges slowly and gets hot" names two options: the one about the danger goes first.
  const dangerous = [...labels].filter(mentionsDanger);
  if (labels.size > 1 && mentionsDanger(text) && dangerous.length === 1) return dangerous[0];
  return labels.size === 1 ? [...labels][0] : undefined;
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
  title: string;
  n: number;
  at: StepAt;
  asks?: string;
}

/** A step's answers as its prompt offers them (choices, "Talk to a technician" last) and reads them (readsStepAnswer). */
function stepAnswersOf(flow: Flow, stepId: string): { choices: Choice[]; answers: StepAnswers } | undefined {
  const s = flow.steps[stepId];
  if (s?.kind !== 'instruction' && s?.kind !== 'question') return undefined;
  const saysWorked = s.options.some((o) => synonymsFor(o.label) === WORKED);
  const check = s.kind === 'instruction' && s.options.length > 1 && saysWorked ? (flow.check ?? DEFAULT_CHECK) : undefined;
  return {
    choices: choicesFor([...s.options.map((o) => o.label), TECHNICIAN_OPTION]),
    answers: {
      flowId: flow.id,
      ...(check ? { check } : {}),
      answers: s.options.map((o) => ({
        label: o.label,
        ...('said' in o && o.said ? { said: o.said } : {}),
        ...(flow.steps[o.next]?.kind === 'resolved' ? { endsFixed: true } : {}),
      })),
    },
  };
}

interface StepLoopOptions {
  progress: FlowProgress;
  caseId: string;
  /** A flow for another problem the user named in the same message, offered when this one is fixed. */
  next?: string;
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
}

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
   * questions it is a pause that leaves them open for later.
   */
  readsFirst(instance: DialogInstance, context: TurnContext): boolean {
    return innerStack(instance).at(-1)?.id === NO_GUIDE && leavesWithThanks(context);
  }

  /** The user's most recent unfinished flow, for "continue where you stopped?". */
  async pendingFlow(userId: string): Promise<PendingFlow | undefined> {
    const open = (await this.options.cases.list(userId))
      .filter((c) => c.status === 'open' && !c.notes.resumeDeclined && parseFlowProgress(c.notes.progress))
      .sort((a, b) => b.updatedAt.localeCompare(a.updatedAt))[0];
    if (!open) return undefined;
    const progress = await this.latestProgress(open);
    const flow = progress && getFlow(this.options.catalog, progress.flowId);
    if (!flow) return undefined;
    const step = flow.steps[progress.stepId];
    const asks = step?.kind === 'question' || step?.kind === 'instruction' ? step.text : undefined;
    return { caseId: open.id, conversationId: open.conversationId, title: flow.title, n: progress.n, at: { flowId: flow.id, stepId: progress.stepId }, ...(asks ? { asks } : {}) };
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
    if (classification?.intent !== 'troubleshoot' || (classification.device !== 'none' && classification.device !== flow.device)) return undefined;
    return close.length === 0 || close[0].flow.id === at.flowId ? {} : undefined;
  }

  /**
   * Right after a guide ended as fixed in this conversation, a message saying the trouble is back
   * ("still not working", "it stopped working again") that names no other device and fits no other
   * guide: the options to begin this dialog with, which reopen that case (see reopen). Else undefined.
   */
  async problemBack(context: TurnContext, classification: Classification): Promise<object | undefined> {
    const fixed = await this.options.memory.lastFixed(context);
    const flow = fixed && getFlow(this.options.catalog, fixed.progress.flowId);
    if (!fixed || !flow || !saysProblemBack(classification.text)) return undefined;
    if (classification.device !== 'none' && classification.device !== flow.device) return undefined;
    // "my printer is still jammed" after its offline guide: the jam's guide, a problem of its own.
    // Not a guide that shares a stray word ("still nothing" and "nothing on screen").
    const clear = closeMatches(selectFlows(this.options.catalog, { device: classification.device, symptoms: classification.symptoms, text: classification.text }).filter((m) => m.score >= CLEAR_GUIDE_SCORE));
    if (clear.length > 0 && !clear.some((m) => m.flow.id === flow.id)) return undefined;
    // The case as it ended, lately: not one erased since, nor a fix of days ago in a chat that stays open (Teams).
    const record = await this.options.cases.get(userIdOf(context.activity), fixed.caseId);
    const since = (this.options.now?.() ?? Date.now()) - Date.parse(record?.updatedAt ?? '');
    if (record?.status !== 'resolved' || !(since <= REOPEN_WITHIN_MS)) return undefined;
    return { reopenCaseId: fixed.caseId, classification };
  }

  /** The user chose to start something new over continuing this case: it is not offered again. */
  async declineResume(userId: string, caseId: string): Promise<void> {
    const record = await this.options.cases.get(userId, caseId);
    if (!record || record.status !== 'open') return;
    await this.options.cases.save({ ...record, notes: { ...record.notes, resumeDeclined: true }, updatedAt: new Date(this.options.now?.() ?? Date.now()).toISOString() });
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
    const summary = caseSummary(this.options.catalog, progress);
    await this.options.cases.save({ ...record, stepsTried: summary.stepsTried, notes: { ...record.notes, progress }, updatedAt: new Date(this.options.now?.() ?? Date.now()).toISOString() });
  }

  private async selectStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const opts = step.options as { classification?: Classification; resumeCaseId?: string; answer?: string; at?: StepAt; reopenCaseId?: string };
    const userId = userIdOf(step.context.activity);
    if (opts.reopenCaseId) {
      const reopened = await this.reopen(step, opts.reopenCaseId);
      if (reopened) return reopened;
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
    const damage = c && physicalDamageIn(c.text);
    if (damage) {
      Object.assign(step.values, { damage });
      return step.prompt(NO_GUIDE, yesNoPrompt(`${DAMAGE_ADVICE[damage]} Would you like me to connect you with a technician?`, WANT_TECHNICIAN_RETRY));
    }
    const matches = c ? guidesFor(this.options.catalog, c) : [];
    // "its an hp": a maker of printers and computers, so the device is one of those; the user says which.
    const among = c?.device === 'none' ? c.deviceAmong : undefined;
    if (among || (c?.device === 'none' && c.symptoms.every((w) => SAYS_ONLY_BROKEN.has(w)))) {
      // "it's broken", "something is wrong": nothing says which guide (guides that share "wrong"
      // with "wrong password" are no fit), not that none fits. The device narrows it to its family's.
      Object.assign(step.values, { askedDevice: true });
      const devices = Object.keys(DEVICE_CHOICES).filter((label) => !among || among.includes(DEVICE_CHOICES[label]));
      return step.prompt(
        PICK_DEVICE,
        choicePrompt(among ? 'Which device is it?' : 'Sorry to hear that. Which device is it?', 'Please pick the device, or tell me what it is in your own words.', [...devices, SOMETHING_ELSE]),
      );
    }
    // "i need help with my account": an email account has guides here, but so many other things
    // have accounts (a phone's Apple ID, a plan with us) that a service named is needed to assume one.
    if (c?.device === 'none' && !c.security && NAMES_AN_ACCOUNT.test(c.text)) {
      Object.assign(step.values, { askedDevice: true });
      return step.prompt(
        PICK_ACCOUNT,
        choicePrompt('Which account do you need help with? I have guides for email accounts (like Outlook, Gmail or iCloud Mail).', 'Please pick one, or tell me which account it is in your own words.', [
          'Email',
          SOMETHING_ELSE,
        ]),
      );
    }
    if (matches.length === 0) {
      // "my macbook keeps crashing": the Windows PC's guide is not for a Mac, and no Mac guide fits.
      const kind = c && kindNotCovered(this.options.catalog, c.text);
      const problem = kind ? `that problem on a ${kind}` : 'that problem';
      return step.prompt(NO_GUIDE, yesNoPrompt(`I don't have a guide for ${problem} yet. Would you like me to connect you with a technician?`, WANT_TECHNICIAN_RETRY));
    }
    // Seven: every guide of the largest families (the phone's and the computer's), so a problem that
    // names only the device ("my phone is broken") can pick any of them; five left "won't charge" out.
    const close = closeMatches(matches).slice(0, 7);
    if (close.length === 1) return this.begin(step, close[0].flow.id, c);
    Object.assign(step.values, { candidates: close.map((m) => m.flow.id) });
    // "My laptop is slow and my printer won't print": the guides offered are for one problem; the
    // other is not forgotten (begin() finds it again after the pick) and the user is told so.
    const other = c && otherProblem(this.options.catalog, { device: c.device, symptoms: c.symptoms, text: c.text }, close[0].flow.id);
    const later = other && !close.some((m) => m.flow.id === other.flow.id) ? ` (You also mentioned "${other.flow.title}": we'll look at that next.)` : '';
    return step.prompt(
      PICK_FLOW,
      choicePrompt(`I have a few guides that could fit. Which sounds most like your problem?${later}`, 'Please pick the guide that fits best, or "Something else".', [
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

  private async pickedStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { candidates, askedDevice } = step.values as { candidates?: string[]; askedDevice?: boolean };
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
    if (picked < candidates.length) return this.begin(step, candidates[picked], (step.options as { classification?: Classification }).classification);
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
    const { damage } = step.values as { damage?: Damage };
    if (step.result === true && damage) {
      // The user's own words (masked by the handoff) and the device tell the technician what happened.
      const { classification } = step.options as { classification?: Classification };
      return step.findDialog('handoff') ? step.replaceDialog('handoff', { reason: DAMAGE_REASON[damage], priority: 'normal', classification }) : this.toTechnician(step, DAMAGE_REASON[damage]);
    }
    if (step.result === true) return this.toTechnician(step, 'No troubleshooting guide fits the problem');
    if (leavesWithThanks(step.context)) {
      await step.context.sendActivity(message(GOODBYE));
      return step.endDialog();
    }
    const said = damage ? DAMAGE_DECLINED[damage] : 'OK. Tell me more about the problem in other words, or ask for a technician any time.';
    await step.context.sendActivity(message(said));
    return step.endDialog();
  }

  private async begin(step: WaterfallStepContext, flowId: string, classification?: Classification): Promise<DialogTurnResult> {
    const flow = getFlow(this.options.catalog, flowId)!;
    // The device of the guide before, when the user turned from it to the network's guides ("actually its the wifi").
    // Only for the network's guides: the device's own guide is about it anyway.
    const knownDevice = flow.device === 'network' ? (step.options as { knownDevice?: Device }).knownDevice : undefined;
    const next = classification && otherProblem(this.options.catalog, { device: classification.device, symptoms: classification.symptoms, text: classification.text }, flowId);
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
    const later = next ? ` You also mentioned "${next.flow.title}": we'll look at that next.` : '';
    await step.context.sendActivity(message(`Let's work through "${flow.title}" step by step.${later} You can ask for a technician at any point.`));
    return step.replaceDialog(STEP_LOOP, {
      progress,
      caseId: record.id,
      record,
      ...(next ? { next: next.flow.id } : {}),
      ...(classification || knownDevice ? { opening: [...(classification ? readingsOf(classification.text, classification) : []), ...(knownDevice ? familyNamesOf(knownDevice) : [])] } : {}),
    } satisfies StepLoopOptions);
  }

  private async showStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const loop = step.options as StepLoopOptions;
    const { progress } = loop;
    const current = currentStep(this.options.catalog, progress);
    const s = current.step;
    const ref = stepRef(progress);
    const known = loop.opening ? answeredByOpening(s, loop.opening) : undefined;
    if (known) {
      // "My mac is slow" is not asked "Windows PC or Mac?": the answer is recorded as if picked.
      await step.context.sendActivity(message(`Going by what you told me: ${known}.`, { step: ref }));
      const next = advance(this.options.catalog, progress, known);
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
        const answers = { ...own, ...(answered.length > 0 ? { answered } : {}), ...(s.kind === 'instruction' ? { instruction: `${s.text}${link}` } : {}) };
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
      return this.toTechnician(step, current.step.reason, loop.caseId, record, loop.next);
    }
    const chosen = current.step.kind === 'collect' ? summarizeCollected(step.result) : (step.result as FoundChoice).value;
    if (chosen === TECHNICIAN_OPTION) {
      const record = await this.saveCase(step.context, { ...loop, progress: withOutcome(loop.progress, current, TECHNICIAN_OPTION) }, 'escalated');
      return this.toTechnician(step, 'User asked for a technician during troubleshooting', loop.caseId, record, loop.next);
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
    if (chosen === SAID_FIXED) {
      // Ended as a flow that fixed it (the ending step's "yes"), with this step's outcome recorded.
      // (endingStep reads the loop from the dialog's options: the outcome goes there.)
      Object.assign(loop, { progress: withOutcome(loop.progress, current, SAID_FIXED) });
      return step.next(true);
    }
    // A step is no milestone: the progress goes with the conversation's state, not to the case record.
    const progress = advance(this.options.catalog, loop.progress, chosen);
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

  private async endingStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const loop = step.options as StepLoopOptions;
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
    return this.toTechnician(step, 'Troubleshooting guide finished without a fix', loop.caseId, record, loop.next);
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
    const fits = closeMatches(guidesFor(this.options.catalog, c));
    const family = Object.keys(DEVICE_CHOICES).find((label) => DEVICE_CHOICES[label] === c.device);
    return this.offerNext(step, fits.length === 1 ? `"${fits[0].flow.title}"` : family ? `a problem with your ${family.toLowerCase()}` : 'another problem');
  }

  /** After a fixed problem, or once what came first is done: the other problem the user named, if they want it now. */
  private async nextProblemStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { next, mentioned } = step.options as Partial<StepLoopOptions & MentionedProblem>;
    // The guide is chosen as for a first message: one that fits begins, several are offered to pick from.
    if (step.result === true && mentioned) return step.replaceDialog(SELECT, { classification: mentioned });
    if (step.result === true && next) return this.begin(step, next);
    await step.context.sendActivity(message(leavesWithThanks(step.context) ? GOODBYE : 'OK. Is there anything else I can help with?'));
    return step.endDialog();
  }

  private async saveCase(context: TurnContext, loop: StepLoopOptions, status: 'open' | 'resolved' | 'escalated'): Promise<CaseRecord | undefined> {
    const userId = userIdOf(context.activity);
    // An ended case's record holds all of it: the conversation need not keep its progress any more.
    if (status !== 'open') await this.options.memory.forget(context, loop.caseId);
    const summary = caseSummary(this.options.catalog, loop.progress);
    const change = (c: CaseRecord) => {
      c.stepsTried = summary.stepsTried;
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

  /** `nextFlowId`: the other problem the user named, which the technician is told about too instead of it being dropped. */
  private async toTechnician(step: WaterfallStepContext, reason: string, caseId?: string, record?: CaseRecord, nextFlowId?: string): Promise<DialogTurnResult> {
    const other = nextFlowId ? getFlow(this.options.catalog, nextFlowId)?.title : undefined;
    if (other) await step.context.sendActivity(message(`I'll tell the technician about "${other}" as well.`));
    if (!step.findDialog('handoff')) {
      await step.context.sendActivity(message('A technician will follow up on this case.'));
      return step.endDialog();
    }
    const caseFacts = record && { device: record.device, problem: record.problem, stepsTried: record.stepsTried };
    const summary = other && record ? { summary: `${record.problem}; also mentioned: ${other}` } : {};
    return step.replaceDialog('handoff', { reason, priority: 'normal', caseId, ...(caseFacts ? { caseFacts } : {}), ...summary });
  }
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

/** Whether the message says the trouble is back or never went ("still not working"), not that it works again. */
function saysProblemBack(text: string): boolean {
  if (isQuestion(text) || !STILL_OR_AGAIN.test(text)) return false;
  return saysNotFixed(text) || namesAFault(text) || /\b(?:nothing|stopped)\b/i.test(text);
}

/** The last sentence of a step's text that asks something ("Does the TV's menu appear on screen?"). */
function lastQuestionIn(text: string): string | undefined {
  return text.split(/(?<=[.!?])\s+/).filter((sentence) => sentence.trim().endsWith('?')).at(-1)?.trim();
}

/** The progress with the current step's outcome recorded, where the flow stops at it rather than going on (advance). */
function withOutcome(progress: FlowProgress, current: { stepId: string; step: { text: string } }, outcome: string): FlowProgress {
  return { ...progress, history: [...progress.history, { stepId: current.stepId, text: current.step.text, outcome }] };
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

// Reads what a user typed at a guide's step: which of its options it answers, if exactly one
// (readsStepAnswer, stepAnswerIn), and the plain readings behind that: it's fixed, it's not, it was
// tried in vain, it was only done, it pleased them. "Did that fix it?" is read with the same words
// (readsFixedOrNot). Apart from the dialog, which only walks the steps, so what a message counts as
// at a step is found in one place.

import type { Activity } from 'botbuilder';
import type { Choice, FoundChoice, PromptValidatorContext } from 'botbuilder-dialogs';
import { fixedChoiceRecognizer, picksIn } from '../shared/choice-prompt';
import { mentionsPerson, personDeclinedIn } from '../../services/nlu/person-request';
import { asksAbout, isQuestion } from '../../services/nlu/question';
import { opensNotKnowing, straight } from '../../services/nlu/not-knowing';
import { namesAFault, type Classification } from '../../services/nlu/router';
import { mendSlips } from '../../services/nlu/spelling';
import { pastedLogIn } from '../../services/nlu/pasted-log';
import { getFlow, type FlowCatalog } from '../../services/troubleshooting/flow-loader';
import { explainTerm, type Glossary } from '../../services/troubleshooting/glossary';
import { TECHNICIAN_OPTION, type Flow } from '../../services/troubleshooting/flow-schema';
import { closeMatches, deviceWordsOf, familyNamesOf, selectFlows } from '../../services/troubleshooting/flow-selection';
import { CODE } from '../../services/troubleshooting/told-before';
import { answeredByOpening, contradictedInWords, namedInWords, reansweredInWords, type FlowProgress } from '../../services/troubleshooting/troubleshoot-engine';
import { NEGATIVE_WORDS } from '../../services/nlu/normalize';
import { asksAboutSafety, hazardIn } from '../../services/nlu/damage';
import { SAFETY_ANSWER } from '../shared/damage-advice';
import { getClassification, isSure, routableText } from '../classification';
import { inQueue } from '../shared/in-queue';
import { asksWhatIsMeant, byeForNow } from '../small-talk';
import { BARE_NO, BARE_YES, BARE_YES_WORDS, CANT_FIND, NOT_YET, NOTED, TRIED_BEFORE, WORKED, choicesFor, readingsOf, synonymsFor } from './answer-words';
import { ANOTHER_PROBLEM, CHANGED_ANSWER, CORRECTION, DETAIL, MIN_SCORE, NAMES_IT, OWN_WIFI, changesProblem, givesDetail, namesOtherDevice, othersOwnProblem, takenBackReadings, turnsElsewhere } from './change-of-subject';
import { pick } from './picks';
import { backToTrouble, mentionsDanger, negated, oneWordAnswers, qualified, sameWords } from './step-answer';

/**
 * "that fixed it", "it's working now" at a step that has no such answer (a question, "Done"): the
 * problem is gone, whichever step fixed it. The words for "That worked" but a bare yes.
 */
// Read in every step's answer (saysFixed twice), so recognized through a word check first (fixedChoiceRecognizer).
const fixedNowIn = fixedChoiceRecognizer([{ value: 'fixed', synonyms: WORKED.filter((w) => !BARE_YES_WORDS.has(w)) }]);
const notFixedIn = fixedChoiceRecognizer([{ value: 'not fixed', synonyms: NOT_YET }]);
/** What a step answered that way is recorded with, for the case. */
export const SAID_FIXED = 'Said it was fixed';
/** A fire or electrical hazard told at a step ("now it's sparking"): the guide stops for the safety advice. */
export const TOLD_HAZARD = 'Told of a fire or electrical hazard';

/** A step's answers as its prompt keeps them (PromptOptions.validations), for readsStepAnswer. */
export interface StepAnswers {
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
  /** A question step's own words, asked again after a question of the user's is answered (a safety question). */
  question?: string;
  /** The step's own help and questions answered (flow-schema StepHelpSchema); absent in states saved before. */
  help?: string;
  faq?: { q: string[]; a: string }[];
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
export async function readsStepAnswer(prompt: PromptValidatorContext<FoundChoice>, catalog: FlowCatalog, glossary?: Glossary): Promise<boolean> {
  const text = routableText(prompt.context.activity.text);
  const validations = prompt.options.validations as StepAnswers | undefined;
  const { answers, flowId } = validations ?? {};
  if (!text || !validations || !answers) return prompt.recognized.succeeded;
  const choices = (prompt.options.choices ?? []) as Choice[];
  const retry = prompt.options.retryPrompt as Partial<Activity> | undefined;
  validations.retry ??= retry?.text;
  // "yes" or "done" after "Turn the printer off and on" says it was done, not that it worked: the
  // result question, once, with the same options ("yes" to it is "That worked").
  const asked = prompt.state as { checked?: boolean; unread?: number };
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
  const answer = corrects || toOwnGuide ? undefined : (answerIn(text) ?? (mended !== text ? answerIn(mended) : undefined) ?? triedInVain(text, answers, elsewhere) ?? otherWayOn(text, validations, elsewhere) ?? connectionStillFails(text, classification, answers, catalog, flow));
  // "now there's smoke coming out of it" at any step: the safety advice at once, not the step again
  // nor a guide for the words. A step's own answer for it ("A burning smell or smoke") leads to its
  // guide's safety ending instead.
  if (hazardIn(text) && !(answer && hazardIn(answer))) {
    prompt.recognized.value = { value: TOLD_HAZARD, index: choices.length, score: 1, synonym: text };
    return true;
  }
  // "can it catch fire?", "is it safe to keep charging it?": asked mid-guide, still a danger to answer
  // calmly, then the step again; "I can't answer questions here" left the user to guess.
  if (asksAboutSafety(text)) {
    if (retry && validations.retry) prompt.options.retryPrompt = { ...retry, text: `${SAFETY_ANSWER}\n\n${validations.instruction ?? validations.question ?? validations.retry}` };
    return false;
  }
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
  // "i dont know" or "how do i tell?" where the step says how to tell; a question its faq answers.
  const helped = answer === undefined ? stepHelpFor(text, validations) : undefined;
  if (helped) {
    if (retry && validations.retry) prompt.options.retryPrompt = { ...retry, text: `${helped}\n\n${validations.retry}` };
    return false;
  }
  // "what does that mean": a step with no plainer words of its own (help, above) says what it is
  // for, and then itself again: nothing has been tried yet. ("what do you mean by hdmi" names a
  // word the glossary explains, below.)
  if (answer === undefined && asksWhatIsMeant(text) && explainTerm(glossary, text) === undefined) {
    const again = validations.instruction ?? validations.question ?? validations.retry;
    if (retry && again) prompt.options.retryPrompt = { ...retry, text: `${validations.instruction ? WHAT_A_FIX_IS_FOR : WHAT_A_QUESTION_IS_FOR}\n\n${again}` };
    return false;
  }
  if (answerIsAGuess(text, answer)) {
    const cantFind = answers.find((a) => synonymsFor(a.label) === CANT_FIND);
    if (cantFind) return pick(prompt, choices, cantFind.label, text);
    if (retry) prompt.options.retryPrompt = { ...retry, text: NO_MORE_DETAIL };
    return false;
  }
  if (pick(prompt, choices, answer, text)) return true;
  // "the lights dont come on" after "slide the mic switch back": no power at all, so the fix did not
  // help; its "Still not working" moves on, where "how did it go?" asked what was said.
  const notYet = answers.find((a) => synonymsFor(a.label) === NOT_YET);
  // "its back to the blue screen" after a blue screen's fix: the guide's own trouble, back.
  // "still blank" after the printhead cleaning: the guide's own trouble, still there. "ink is full"
  // at "Check the ink levels": what the step had them check is fine, so the trouble stays.
  // "it says something went wrong" after "Unplug the speaker": the device still reports a fault.
  // (A code it shows is noted instead, below: what it says about how the step went is still to come.)
  const troubleBack =
    flow !== undefined && (backToItsTrouble(text, flow) || stillItsTrouble(text, flow, catalog) || checkedFine(text, validations.instruction, flow) || (REPORTS_A_FAULT.test(text) && !CODE.test(text)));
  if (validations.check && notYet && !elsewhere && !isQuestion(text) && (NO_POWER.test(text) || troubleBack)) return pick(prompt, choices, notYet.label, text);
  // "it says CRITICAL_PROCESS_DIED" at "Write down the stop code": the code itself, noted (and kept with the step, keepsWords).
  const noted = answers.find((a) => synonymsFor(a.label) === NOTED);
  if (noted && !isQuestion(text) && CODE.test(text)) return pick(prompt, choices, noted.label, text);
  // "it says error 0x800CCC0E" at any other step: how it went is still to say, but the code is kept
  // with the step for the technician, as a detail is.
  if (!isQuestion(text) && CODE.test(text)) {
    prompt.recognized.value = { value: DETAIL, index: choices.length, score: 1, synonym: text };
    return true;
  }
  // "its on my iphone", "i did that already" at "Never type your password here", "checked, nothing
  // there" or "still says jam" at "Done": read, and said with something of the user's own; waiting
  // for the word "OK" or "Done" would only say the same again. A question, a refusal or danger still waits.
  // Not "its an hp" at "Done": the make told, which says nothing of the step (givesDetail, below).
  const [only, ...more] = answers;
  const detail = givesDetail(text, classification, flow);
  if (more.length === 0 && !detail && ACKNOWLEDGED.has(only.label) && !isQuestion(text) && !REFUSES.test(text.trim()) && personDeclinedIn(text) === undefined && !SAYS_BYE.test(text) && !mentionsDanger(text)) {
    return pick(prompt, choices, only.label, text);
  }
  if (detail || (flow !== undefined && answersAQuestionAhead(text, flow))) {
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
  // A second message the step can't read ("the light on the charger is on" after "yes its plugged
  // in"): "how did it go?" again would be read no better. Its result question asks it closed.
  const unread = lead === '' ? (asked.unread = (asked.unread ?? 0) + 1) : 0;
  if (retry && validations.check && !asked.checked && unread >= 2) {
    asked.checked = true;
    prompt.options.retryPrompt = { ...retry, text: `Sorry, I didn't follow. ${validations.check}` };
    return false;
  }
  if (retry && validations.retry) prompt.options.retryPrompt = { ...retry, text: reasked };
  return false;
}

// "how do i tell?", "how can i check", "how would i know": asks how to find the answer out.
const HOW_TO_TELL = /^(?:(?:ok|so|um|hmm|sorry)[,\s]+)?how (?:do|can|would|should|will) i (?:tell|know|check|find out)\b/i;

const WHAT_A_FIX_IS_FOR = `This step is one of the things that most often fixes this problem: try it, then tell me whether it helped. If part of it doesn't match what you see, say so, or say "${TECHNICIAN_OPTION.toLowerCase()}".`;
const WHAT_A_QUESTION_IS_FOR = `Your answer tells me which steps fit your setup: pick the one closest to what you see, or say "${TECHNICIAN_OPTION.toLowerCase()}".`;

/** What the step's own `help` or `faq` says to the message, if it asks about the step rather than answer it. */
function stepHelpFor(text: string, { help, faq }: StepAnswers): string | undefined {
  const said = straight(text);
  if (help && (opensNotKnowing(said) || HOW_TO_TELL.test(said) || asksWhatIsMeant(said))) return help;
  if (!faq || !isQuestion(said)) return undefined;
  const words = ` ${said.toLowerCase().replace(/[^\p{L}\p{N}']+/gu, ' ')} `;
  return faq.find((f) => f.q.some((phrase) => words.includes(` ${phrase} `)))?.a;
}

// Longer, a detail is more than a fact of the user's setup (a pasted log, a story): it answers no question for them.
const FACT_MAX_WORDS = 8;
const DETAIL_PREFIX = 'Detail: ';

/** Whether a message can answer a question for the user: short, no question, no negation ("not on my phone"), no fault. */
function toldAsFact(text: string): boolean {
  const words = text.toLowerCase().replace(/['’]/g, '').split(/[^\p{L}\p{N}]+/u).filter(Boolean);
  return words.length > 0 && words.length <= FACT_MAX_WORDS && !words.some((w) => NEGATIVE_WORDS.has(w)) && !isQuestion(text) && !namesAFault(text) && !mentionsDanger(text);
}

/**
 * "on my phone" at the email guide's "Can you send and receive there?": no answer to this step,
 * but the one option of a question ahead ("Which one are you using?") that its words name, as the
 * opening message's would. Noted as a detail, which answers that question when it comes (detailsTold).
 */
function answersAQuestionAhead(text: string, flow: Flow): boolean {
  return toldAsFact(text) && Object.values(flow.steps).some((step) => answeredByOpening(step, text) !== undefined);
}

/** The details the user told at the guide's steps ("Detail: on my phone"), as facts a question ahead may be answered by. */
export function detailsTold(history: FlowProgress['history']): string[] {
  return history.filter((h) => h.outcome.startsWith(DETAIL_PREFIX)).map((h) => h.outcome.slice(DETAIL_PREFIX.length)).filter(toldAsFact);
}

// What the device says or shows is a fault: "it says something went wrong", "it shows an error", "alexa keeps saying shes having trouble".
const REPORTS_A_FAULT = /\b(?:says|said|saying|shows|showing|displays)\b.*\b(?:wrong|errors?|problems?|trouble|offline|can'?t|cannot|unable|fail(?:s|ed|ing)?|not connected|no connection|not responding)\b/i;

// A device with no power at all: whatever a step was to fix, the device isn't even on.
const NO_POWER =
  /\b(?:(?:lights?|leds?|screen|it|nothing) (?:(?:do|does|did|will|wo|would)(?:n'?t| not)|never) (?:come|comes|turn|turns|light|lights|power|powers|switch|switches) (?:on|up)|no (?:power|lights?|leds?)(?: at all)?|(?:wo|does|did)(?:n'?t| not) (?:turn|power|switch) on|nothing lights up|(?:its|it's|it is) (?:dead|completely dead))\b/i;

/** Whether the message says the device is back to one of the guide's symptoms ("its back to the blue screen"). */
function backToItsTrouble(text: string, flow: Flow): boolean {
  const after = /\bback to (.+)$/i.exec(text)?.[1];
  if (!after || !backToTrouble(text)) return false;
  const words = ` ${after.toLowerCase().replace(/[^a-z0-9]+/g, ' ')} `;
  return flow.symptoms.some((s) => words.includes(` ${s.toLowerCase().replace(/[^a-z0-9]+/g, ' ').trim()} `));
}

/**
 * Whether the message says the guide's trouble is still there in the guide's own words ("still
 * blank", "pages still come out faded"): a word after "still" that only this guide's symptoms use
 * among its device's guides, so it says this guide's fault and no other ("blank", not "printer").
 */
function stillItsTrouble(text: string, flow: Flow, catalog: FlowCatalog): boolean {
  const after = /\bstill\b(.*)$/i.exec(text)?.[1];
  if (!after) return false;
  const words = wordsIn(after);
  if (words.some((w) => NEGATIVE_WORDS.has(w))) return false;
  const others = new Set(Object.values(catalog.flows).filter((f) => f.device === flow.device && f.id !== flow.id).flatMap((f) => f.symptoms.flatMap(wordsIn)));
  const family = new Set(familyNamesOf(flow.device).flatMap(wordsIn));
  // A negated symptom ("ink not printing") names what had stopped, which "still printing" says works.
  const own = flow.symptoms.map(wordsIn).filter((s) => !s.some((w) => NEGATIVE_WORDS.has(w))).flat();
  return words.some((w) => own.includes(w) && !others.has(w) && !family.has(w));
}

// "ink is full", "the toner level is fine", "the light on the charger is on", "yes its plugged in":
// the thing a step checks, said to be as the step wants it. (Apostrophes gone, "its" is "it is".)
const FOUND_FINE =
  /^(?:(?:yes|yeah|yep|yup|ok|okay)[\s,.!]+)?(?:(?:the|my)\s+)?(.+?)(?:\s+levels?)?(?:\s+(?:is|are|was|were|looks?|seems?))?\s+(?:still\s+)?(?:all\s+)?(full|fine|ok|okay|good|on|lit|plugged in|connected)(?:\s+(?:properly|firmly|fine|ok))?[\s.!]*$/;
// Words too small to tell what was checked: "the light on the charger" is checked by "light" and "charger".
const LINKING = new Set(['the', 'a', 'an', 'my', 'on', 'in', 'of', 'to', 'at', 'for', 'and', 'it', 'is', 'this', 'that']);

/**
 * Whether a "Check ..." (or "Make sure ...", "Look for ...") instruction was answered by the thing
 * it checks said to be fine ("ink is full", "the charging light is on"): the check passed, so the
 * trouble stays. "its plugged in" says so of the step's plug. Not the device itself ("the laptop is
 * on"), which may say it works now.
 */
function checkedFine(text: string, instruction: string | undefined, flow: Flow): boolean {
  if (!instruction || !/\b(?:check|make sure|look for)\b/i.test(instruction)) return false;
  const said = text.trim().toLowerCase().replace(/['’]/g, '').replace(/\bits\b/g, 'it is');
  const [, thing, state] = FOUND_FINE.exec(said) ?? [];
  if (!thing) return false;
  const words = wordsIn(thing);
  if (words.some((w) => NEGATIVE_WORDS.has(w) || deviceWordsOf(flow.device).includes(w))) return false;
  if (words.join(' ') === 'it') return state === 'plugged in';
  const checked = wordsIn(instruction);
  return words.some((w) => !LINKING.has(w) && checked.includes(w));
}

function wordsIn(text: string): string[] {
  return text.toLowerCase().replace(/['’]/g, '').split(/[^a-z0-9]+/).filter(Boolean);
}

const NO_MORE_DETAIL = `I don't have more detail than that for this step. If you're stuck, say "${TECHNICIAN_OPTION.toLowerCase()}" and a person will walk you through it.`;
// "theres no wps button", "i dont have a 5ghz option": the thing the step names isn't there. Not
// "there's no sound", which answers "Still no sound": only things one looks for on a device or screen.
const LACKS =
  /\b(?:there(?:'?s| is) no|there (?:isn'?t|is not|aren'?t|are not) (?:a|an|any)|i (?:don'?t|do not) have (?:a|an|any))\b.*\b(?:buttons?|options?|settings?|menus?|tabs?|switch|switches|toggles?|ports?|icons?|bands?|doors?|panels?)\b/i;
// "i cant take the battery out its built in": the step can't be done there (not "i cant hear it", how it went).
const CANT_DO =
  /^(?:(?:i|we) (?:can'?t|cannot|can not)|(?:i'?m|i am) (?:unable|not able) to) (?:take|remove|open|reach|access|get (?:to|into|at)|unplug|press|find|locate|do (?:that|this|it)|change|move|restart|reset)\b/i;

/**
 * Whether the message says the step can't be followed, and what the readers found in it is only a
 * guess from its negation (the bare "no" of "No, nothing is online", the "still" of "Still slow"),
 * or nothing: the step's "I can't find that" fits, or else there is nothing more to tell.
 */
function answerIsAGuess(text: string, answer: string | undefined): boolean {
  const guessed = answer === undefined || synonymsFor(answer) === BARE_NO || synonymsFor(answer) === NOT_YET;
  return (guessed && LACKS.test(text)) || (answer === undefined && CANT_DO.test(text.replace(/['’]/g, "'")));
}

/**
 * Whether an answer's words say more than the option they pick, and so are kept with the step for
 * whoever reads the case: at a step with one answer ("OK", "Done") a device named ("its on my
 * iphone") or how it went ("still says jam"); at any step an error or stop code.
 */
export function keepsWords(typed: string, chosen: string, onlyAnswer: boolean, classification: Classification | undefined): boolean {
  // A code goes to the technician whatever it answered ("still not sending, error 0x800CCC0E").
  if (CODE.test(typed)) return true;
  if (synonymsFor(chosen) === NOTED) return false;
  return onlyAnswer && ((classification?.device ?? 'none') !== 'none' || namesAFault(typed));
}

// The one answers a step has when it only asks the user to read it or do it.
const ACKNOWLEDGED = new Set(['OK', 'Done']);

// "no", "i wont", "hmm": not read yet, or not agreed to. Not "no paper there" or "no nothing
// there": a "no" of what was looked for, so the looking is done.
const REFUSES = /^(?:h+m+|u+m+|u+h+|e+r+m*|(?:no|nope|nah|n)(?![\s,.!]+(?:paper|nothing|scraps?|pieces?|bits?|jam)\b)|not|never|(?:i|we) (?:won'?t|will not|don'?t want|do not want|refuse|can'?t|cannot)|wait|hold on|stop)\b/i;

const SAYS_BYE = /\b(?:bye|goodbye|good bye|cya|see ya|see you|gotta go|got to go|ttyl|talk later)\b/i;

// "how long will this take", "how much longer": not "how long do I hold the button?", a question about the step.
// The same asked as yes or no: "is this going to take long?", "will this take a while".
const HOW_LONG =
  /^(?:(?:how|hw|hiw|hoe) (?:much )?long(?:er)?(?: (?:will|does|is|would) (?:this|it|that|all this) (?:take|going to take|gonna take))?|(?:is|will|does|would) (?:this|it|that|all this) (?:(?:be )?(?:going to|gonna) )?take (?:(?:very |too |much |that )?long(?:er)?|a while|(?:a )?(?:long )?time|ages|forever))(?: now| still| more)?[?.!\s]*$/i;

/** Reads "Did that fix it?" answered like a step: "it still doesn't work" is no, "that fixed it" yes. */
export async function readsFixedOrNot(prompt: PromptValidatorContext<boolean>): Promise<boolean> {
  const text = routableText(prompt.context.activity.text);
  // "no and now it smells like burning", "yes but its smoking now": not fixed, whatever else it says;
  // the ending reads the hazard again for the safety advice (TroubleshootDialog.endingStep).
  if (hazardIn(text)) {
    Object.assign(prompt.recognized, { succeeded: true, value: false });
    return true;
  }
  if (prompt.recognized.succeeded) return true;
  const fixed = saysFixed(text) ? true : saysNotFixed(text) ? false : undefined;
  if (fixed === undefined) return false;
  Object.assign(prompt.recognized, { succeeded: true, value: fixed });
  return true;
}

/** Whether the message says the problem is still there ("it still doesn't work", "didn't help"), not asking. */
// Phrases, never positions: without the number recognizer, which cost ~3% of a turn's CPU here
// (it runs on every message that matches no phrase).
export function saysNotFixed(text: string): boolean {
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

/**
 * "didnt work" at "Check the mailbox isn't full" (That worked / Storage is fine): an instruction
 * whose one answer besides "That worked" has no "Still ..." words of its own is still the way on
 * when the step did not help. Where two answers could be that ("I can't get into recovery mode",
 * "I don't know the Google Account password") the step is asked again.
 */
function otherWayOn(text: string, { answers, instruction }: StepAnswers, aboutAnotherDevice: boolean): string | undefined {
  const others = answers.filter((a) => synonymsFor(a.label) !== WORKED);
  if (instruction === undefined || others.length !== 1 || others.length === answers.length || synonymsFor(others[0].label).length > 0) return undefined;
  const notFine = mentionsDanger(text) || qualified(text) || backToTrouble(text) || aboutAnotherDevice;
  // "i havent tried yet" has "tried" in it, turned round.
  const said = notFixedIn(text).filter((m) => !quotesNo(text, m) && !negated(text, { start: m.start, end: m.end, synonym: m.resolution.synonym }, new Set()));
  return !notFine && !isQuestion(text) && said.length > 0 ? others[0].label : undefined;
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
// before: "already have a mesh" answers no "Is your home large?", nor "i already did that
// yesterday" "Do other devices work on the same Wi-Fi?".
const didNotHelpIn = fixedChoiceRecognizer([{ value: 'did not help', synonyms: NOT_YET.filter((w) => !TRIED_BEFORE.includes(w)) }]);

/** Whether the message says what was tried did nothing ("still nothing", "didn't work"), not asking. */
function saysItDidNotHelp(text: string): boolean {
  return !isQuestion(text) && didNotHelpIn(text).some((m) => !quotesNo(text, m));
}

/** Whether the message says the problem is gone ("thanks, that fixed it"), not asked, turned round or qualified ("it worked, but"). */
export function saysFixed(text: string): boolean {
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
  // asksAbout: "i did that now what about my printer" ends on the device, which "can't find printer" negates,
  // and would read as the printer found again.
  if (isQuestion(text) || asksAbout(text) || qualified(text) || mentionsDanger(text) || backToTrouble(text)) return false;
  return contradictedInWords(worksWhen(flow).map((label) => ({ label })), readings).length > 0;
}


/**
 * What a guide's working again contradicts: its symptoms, and printing where the guide ends by
 * printing a test page ("got it out, its printing now" at a paper jam, which no symptom says is "not printing").
 */
function worksWhen(flow: Flow): string[] {
  const printsToCheck = Object.values(flow.steps).some((s) => 'text' in s && /\bprint(?:ing)? a test page\b/i.test(s.text));
  return printsToCheck ? [...flow.symptoms, 'not printing'] : flow.symptoms;
}

/**
 * The option a typed message answers, if exactly one: a label, synonym or option number typed
 * alone is that option; otherwise the options the recognizer finds not negated ("not fixed" is not
 * "That worked") together with those the message names in its own words ("blue screen"; see
 * namedInWords), which must come to one ("it worked for a minute then went offline again" names two).
 * `aboutAnotherDevice`: the message names another device than the guide's, so it ends no step as fixed.
 * `flow`: the step's guide, whose device's general name names no option ("my tv remote" is not "Yes, the TV menu appears").
 */
export function stepAnswerIn(text: string, choices: Choice[], answers: StepAnswers['answers'], readings: string[], aboutAnotherDevice = false, flow?: Flow): string | undefined {
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
    .filter((m) => !quotesNo(text, m) && !yesToSomethingElse(text, m))
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

// "it says no signal", "the screen shows HDMI 2 no signal": a "no" after what the device shows is
// its message, quoted, not the user's "no" (which comes before: "no, it says nothing").
const SHOWN_BEFORE = /\b(?:says|saying|shows|showing|displays|reads|message|error)\b[^,.;!?]*$/i;

/**
 * "yes its plugged in" at "That worked / Still not working": the yes answers something the user
 * has in mind, said by the rest, not whether the step fixed it. Only a yes with nothing more, or
 * with thanks or praise ("yes thank you"), is "That worked".
 */
function yesToSomethingElse(text: string, match: { end: number; resolution: { value: string; synonym?: string } }): boolean {
  if (!BARE_YES_WORDS.has(match.resolution.synonym ?? '') || synonymsFor(match.resolution.value) !== WORKED) return false;
  const rest = text.slice(match.end + 1).replace(/^[\s,.!-]+/, '');
  return rest !== '' && soundsPleased(rest) === undefined && !saysOnlyDone(rest) && !/^(?:it|that) (?:did|does|has|is)[\s!.]*$/i.test(rest);
}

/** Whether a "no" the recognizer found is in the device's message the user quotes, not their answer. */
function quotesNo(text: string, match: { start: number; resolution: { synonym?: string } }): boolean {
  return BARE_NO.includes(match.resolution.synonym ?? '') && SHOWN_BEFORE.test(text.slice(0, match.start));
}

/** A step's answers as its prompt offers them (choices, "Talk to a technician" last) and reads them (readsStepAnswer). */
export function stepAnswersOf(flow: Flow, stepId: string): { choices: Choice[]; answers: StepAnswers } | undefined {
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
      ...(s.help ? { help: s.help } : {}),
      ...(s.faq ? { faq: s.faq } : {}),
    },
  };
}

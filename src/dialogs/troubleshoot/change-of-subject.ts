// What a message at a guide's step, pick or device question says instead of answering it: that
// the problem is another one ("actually its my printer"), the device's own Wi-Fi ("no wait its the
// wifi"), an earlier answer taken back ("wait its actually a mac") or a detail of the device ("its
// a samsung"). Separate from the readings of the answer itself (step-reading.ts), which ask these
// first, and used as well where the guide is picked and where its device's make is asked.

import { namesAFault, type Classification } from '../../services/nlu/router';
import { isQuestion } from '../../services/nlu/question';
import type { FlowCatalog } from '../../services/troubleshooting/flow-loader';
import type { Flow } from '../../services/troubleshooting/flow-schema';
import { closeMatches, familyNamesOf, selectFirstProblem, selectFlows, type FlowMatch } from '../../services/troubleshooting/flow-selection';
import { isSure } from '../classification';
import { readingsOf } from './answer-words';
import { mentionsDanger } from './step-answer';

export const MIN_SCORE = 0.3;

/** What a step is given when the user tells a detail of the device there (see givesDetail); recorded as `Detail: ...`. */
export const DETAIL = 'Told a detail';
/** What a step is recorded with when the user turned to another problem there (see changesProblem). */
export const ANOTHER_PROBLEM = 'Turned to another problem';
/** What a step is given when the user turned to the guide's device's own Wi-Fi trouble (see ownWifiGuide); recorded as ANOTHER_PROBLEM. */
export const OWN_WIFI = 'Turned to its Wi-Fi';
/** What a step answered with an earlier question's answer taken back ("wait its actually a mac") is recorded with. */
export const CHANGED_ANSWER = 'Changed an earlier answer';
// "nvm my tv has no sound now" at a phone step: "no" there was the phone step's "Still full".
export const CORRECTION = /\b(?:actually|sorry|i meant|i mean|wait|instead|nvm|never ?mind|forget (?:that|it)|cancel (?:that|this))\b/i;
/** A change since the step ("now it keeps asking for my password"), which may be another of the device's problems. */
const NEW_TURN = /\bnow\b/i;
/** A guide this sure fits on its own (a device and its problem words), not by one stray word. */
export const CLEAR_GUIDE_SCORE = 0.5;

/**
 * A correction that turns from the guide's problem to another ("no wait its the laptop not the
 * printer", or at a network guide's step another device's fault of its own): ANOTHER_PROBLEM; one
 * that names the Wi-Fi at another device's guide ("actually its the wifi"): OWN_WIFI (see
 * ownWifiGuide). Undefined when it is neither, and so may answer the question open.
 */
export function turnsElsewhere(text: string, classification: Classification | undefined, catalog: FlowCatalog, flow: Flow | undefined): typeof ANOTHER_PROBLEM | typeof OWN_WIFI | undefined {
  if (!flow) return undefined;
  const correcting = CORRECTION.test(text) && namesOtherDevice(classification, flow);
  if ((correcting || othersOwnProblem(text, classification, catalog, flow)) && changesProblem(text, classification, catalog, flow)) return ANOTHER_PROBLEM;
  return CORRECTION.test(text) && ownWifiGuide(classification, catalog, flow) !== undefined ? OWN_WIFI : undefined;
}

// "oh no sorry its an android": the "no" before a correction takes back the earlier answer, it negates nothing after it.
const NO_BEFORE_CORRECTION = /\b(?:oh\s+)?no\b[\s,.!]*(?=(?:sorry|wait|actually|i meant|i mean)\b)/gi;

/** The readings of a correction at a step, to find the earlier answer it takes back. */
export function takenBackReadings(text: string, classification: Classification | undefined): string[] {
  return readingsOf(text, classification).map((r) => r.replace(NO_BEFORE_CORRECTION, ''));
}

// "its a samsung", "it's an iPhone 13": the device named, which answers no step. Also after a
// correction's word, "actually its a fire stick": with no earlier answer to take back, a detail.
export const NAMES_IT = /^(?:(?:actually|sorry|oh|wait|i mean|i meant)[\s,.!]+)*(?:it'?s|it is|mine'?s|mine is|this is)\s+(?:a|an|the)\b/i;
export const DETAIL_MAX_WORDS = 6;

/**
 * Whether a message that answers nothing at a step tells a detail of the guide's device instead:
 * its make or model ("its a nest mini 2nd gen", "its a samsung": a maker of TVs among others) or a
 * part of it ("hdmi"), with no word for a fault, so no new problem. The step takes it down and asks
 * for its result again, where it was asked to pick.
 */
export function givesDetail(text: string, classification: Classification | undefined, flow: Flow | undefined): boolean {
  if (!flow || !classification || isQuestion(text) || namesAFault(text) || mentionsDanger(text)) return false;
  if (text.trim().split(/\s+/).length > DETAIL_MAX_WORDS) return false;
  if (NAMES_IT.test(text)) return classification.device === 'none' || classification.device === flow.device;
  const { device, deviceAmong } = classification;
  // "my tv remote" names the device in general, no detail of it: it is asked again.
  const words = text.toLowerCase().split(/[^a-z0-9]+/);
  const general = familyNamesOf(flow.device).some((name) => words.includes(name));
  return (device === flow.device || (device === 'none' && deviceAmong?.includes(flow.device) === true)) && classification.intent === 'troubleshoot' && !general;
}

/**
 * Whether the message at a step of `flowId` is another problem rather than an answer: a correction
 * ("actually it's my laptop", "sorry i meant my phone wont charge") naming another device or a
 * clear other guide, or a problem the router is sure of on another device with a guide of its own.
 */
export function changesProblem(text: string, classification: Classification | undefined, catalog: FlowCatalog, flow: Flow | undefined): boolean {
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
export function ownWifiGuide(classification: Classification | undefined, catalog: FlowCatalog, flow: Flow): Classification | undefined {
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
export function othersOwnProblem(text: string, classification: Classification | undefined, catalog: FlowCatalog, flow: Flow | undefined): boolean {
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
export function guidesFor(catalog: FlowCatalog, c: Classification): FlowMatch[] {
  return selectFirstProblem(catalog, { device: c.device, symptoms: c.symptoms, text: c.text }).filter((m) => m.score >= MIN_SCORE);
}

/** Whether the message names a device other than the guide's ("actually it's my laptop" at a printer step). */
export function namesOtherDevice(classification: Classification | undefined, flow: Flow): boolean {
  return classification !== undefined && classification.device !== 'none' && classification.device !== flow.device;
}

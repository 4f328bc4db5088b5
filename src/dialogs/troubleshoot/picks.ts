// Reads the user's pick where the dialog offers a choice before any guide begins: between guides
// that could fit, of a device ("it's broken") and of an account ("my account"). A pick may be
// typed in other words, or be the problem told again; these readers tell which, apart from the
// steps' answers (step-reading.ts), whose options and readings are another matter.

import type { Activity } from 'botbuilder';
import type { Choice, FoundChoice, PromptValidatorContext } from 'botbuilder-dialogs';
import { picksIn } from '../shared/choice-prompt';
import { namesAFault } from '../../services/nlu/router';
import { isQuestion } from '../../services/nlu/question';
import { getFlow, type FlowCatalog } from '../../services/troubleshooting/flow-loader';
import type { Flow } from '../../services/troubleshooting/flow-schema';
import { closeMatches, selectFlows } from '../../services/troubleshooting/flow-selection';
import { answeredInWords } from '../../services/troubleshooting/troubleshoot-engine';
import { getClassification, isSure, routableText } from '../classification';
import { readingsOf } from './answer-words';
import { CORRECTION, DETAIL, MIN_SCORE, OWN_WIFI, givesDetail, guidesFor, ownWifiGuide, turnsElsewhere } from './change-of-subject';
import { sameWords } from './step-answer';

export const SOMETHING_ELSE = 'Something else';
// How people say none of the offered guides fits, as the whole message. Not recognizer synonyms:
// "no" would then pick "Something else" out of "no signal", which names a guide.
const NONE_FITS = ['no', 'nope', 'nah', 'none', 'none of these', 'none of those', 'none of them', 'neither', 'neither of them', 'neither of those', 'other', 'something different', 'not those', 'no none of those', 'nope none of those', 'none of those fit', 'none of these fit', 'none of them fit', 'none of those are it', 'none of these are it'];

/**
 * Lets a guide choice (see readsGuidePick) or the "no guide: a technician?" question take a new
 * description of the problem ("it's my printer, it says offline") instead of asking for yes/no or a
 * pick again; the dialog then chooses a guide for it (the prompt's result is undefined).
 */
export async function describesProblemAgain(prompt: PromptValidatorContext<unknown>): Promise<boolean> {
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
export async function readsGuidePick(prompt: PromptValidatorContext<FoundChoice>, catalog: FlowCatalog): Promise<boolean> {
  const text = routableText(prompt.context.activity.text);
  const choices = (prompt.options.choices ?? []) as Choice[];
  const [picked] = picksIn(text, choices);
  Object.assign(prompt.recognized, { succeeded: false, value: undefined });
  if (picked) return pick(prompt, choices, picked.resolution.value, text);
  if (NONE_FITS.some((words) => sameWords(words, text))) return pick(prompt, choices, SOMETHING_ELSE, text);
  const symptomOfOne = shortAnswer(text) ? symptomPick(catalog, choices, text) : undefined;
  if (symptomOfOne) return pick(prompt, choices, symptomOfOne, text);
  // "windows" at [Windows Update fails, Computer is slow]: the system says nothing of which problem
  // it is, though added to the problem told it tipped the choice to the guide that names it.
  if (SYSTEM_OR_DEVICE_ONLY.test(text.trim())) return askAgain(prompt);
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
  return pick(prompt, choices, answeredInWords(choices.map((c) => ({ label: c.value })), readingsOf(text, getClassification(prompt.context))), text) || askAgain(prompt);
}

// A system or device named alone ("windows", "its a mac", "on my iphone").
const SYSTEM_OR_DEVICE_ONLY =
  /^(?:(?:it'?s|it is|on|i have|i use|i'?m on|using)\s+)?(?:an?\s+|my\s+|the\s+)?(?:windows(?: \d+| xp| vista)?|win ?\d+|mac(?:book(?: air| pro)?)?|mac ?os|os ?x|ios|android|linux|chrome ?os|chromebook|pc|laptop|desktop|computer|iphone|ipad|samsung|pixel|dell|hp|lenovo|asus|acer)(?: (?:one|laptop|pc|computer|phone))?[.!\s]*$/i;

/**
 * The pick asked again. After two tries that picked nothing, a person is offered plainly: typing
 * the problem again would only be asked the same.
 */
function askAgain(prompt: PromptValidatorContext<FoundChoice>): boolean {
  const retry = prompt.options.retryPrompt as Partial<Activity> | undefined;
  if (retry && prompt.attemptCount >= 2) {
    prompt.options.retryPrompt = { ...retry, text: `I can't tell which of these fits. If none does, or you'd rather not choose, say "technician" and I'll connect you with one; or pick the closest guide.` };
  }
  return false;
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
export async function readsDevicePick(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
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
export async function readsAccountPick(prompt: PromptValidatorContext<FoundChoice>): Promise<boolean> {
  const text = routableText(prompt.context.activity.text);
  const choices = (prompt.options.choices ?? []) as Choice[];
  const typed = getClassification(prompt.context);
  if (typed?.device === 'email' && !namesAFault(text)) return pick(prompt, choices, 'Email', text);
  if (await readsDevicePick(prompt)) return true;
  return text !== '' && !isQuestion(text) && pick(prompt, choices, SOMETHING_ELSE, text);
}

/** Makes `label` the prompt's result, if it is one of the choices. */
export function pick(prompt: PromptValidatorContext<FoundChoice>, choices: Choice[], label: string | undefined, text: string): boolean {
  const index = choices.findIndex((c) => c.value === label);
  if (!label || index < 0) return false;
  prompt.recognized.value = { value: label, index, score: 1, synonym: text };
  return true;
}

// The words people type for a step's conventional answers ("fixed it", "still broken", "can't
// find it", "done"), what each label is known by, and the readings of a message they are looked
// for in. The step readers, the pick readers and the dialog all use these, and these use none of
// them: kept in a file of their own, below the others, so no two of those need each other.

import type { Choice } from 'botbuilder-dialogs';
import type { Classification } from '../../services/nlu/router';
import { TECHNICIAN_OPTION } from '../../services/troubleshooting/flow-schema';

export const BARE_YES_WORDS = new Set(['yes', 'y', 'yep', 'yup', 'yeah']);

/** Words people use for the conventional step answers, so typing beats clicking. */
export const WORKED = [
  'worked', 'it worked', 'fixed', 'fixed it', 'that fixed it', 'it works', 'works now', 'working now', 'yes', 'yep', 'solved', 'all good',
  'fine now', 'ok now', 'okay now', 'good now', 'better now', 'much better', 'works again', 'working again', 'sorted', 'all sorted', 'back to normal',
  // Said of the thing that had stopped: "ok its back", "the internet is back online".
  "it's back", 'its back', "it's back on", 'its back on', 'back online', 'up and running',
  'that did it', 'did the trick', 'that did the trick',
];
/**
 * Said of a step they did before asking for help: it did not help. ("Tried it and it worked" is
 * not among them: the first answer found would win.) Only of an instruction: at a question they
 * answer nothing ("i already did that yesterday" is not "No, nothing is online").
 */
export const TRIED_BEFORE = [
  'already tried', 'already tried that', 'tried that already', 'tried it already', 'did that already', 'already did that',
  // "tried restarting", "i changed the batteries already", "the volume is already up": the step's
  // fix, done before to no avail. With a word for it working too ("tried it and it works now") the
  // answer names two options and is asked again.
  'tried', 'already',
];
export const NOT_YET = [
  'no', 'nope', 'nah', 'not working', 'still broken', "didn't work", 'didnt work', 'did not work', 'same problem', 'still the same', 'no change', 'still not',
  // A negated "fixed" is this answer, not "That worked" (the longer synonym wins over "fixed" inside it).
  'not fixed', "isn't fixed", 'isnt fixed', "didn't fix it", 'didnt fix it', 'did not fix it', "hasn't fixed it", 'not solved', 'not sorted',
  ...TRIED_BEFORE,
  "doesn't work", 'doesnt work', 'does not work', 'still not working', "didn't help", 'didnt help', 'did not help', 'no luck',
  'nothing changed', 'same thing',
  // "did that, nothing happened": what the step was to change did not.
  'still nothing', 'nothing happened', 'nothing happens',
  // "it restarted and did it again": the trouble came back after the step.
  'did it again', 'doing it again', 'happened again', 'it happened again', 'same again',
];
export const CANT_FIND = [
  "can't find", 'cant find', 'cannot find', "don't see", 'dont see', 'not there', "it's not there", 'where is it', 'no such option',
  // Not knowing how to do the step is the same dead end as not finding it.
  "don't know how", 'dont know how', 'not sure how', 'how do i do that', 'where is that', "where's that", 'wheres that', 'where do i find',
  'no idea', 'not sure', "i don't know", 'i dont know', 'idk', 'dunno', 'no clue',
  // "i dont have that option", "i don't have that setting": the menu the step names isn't there.
  "don't have that", 'dont have that', 'do not have that', "don't have this", 'dont have this', "there's no such", 'theres no such',
];
// Typed for "I don't know the password": most say they forgot it.
const FORGOT = ['forgot', 'forgot it', 'i forgot', 'forgotten', 'forgot the password', "don't know it", 'dont know it', "don't know the password", 'dont know the password', 'no idea', 'idk', 'not sure', 'dunno', "i don't know", 'i dont know'];
// Typed for "It isn't removable" (a laptop's battery): most say it is built in.
const BUILT_IN = [
  'built in', 'builtin', 'its built in', 'not removable', 'isnt removable', 'no removable battery', 'non removable', 'nonremovable',
  "doesn't come out", 'doesnt come out', "can't take it out", 'cant take it out', "can't take the battery out", 'cant take the battery out',
  "can't remove it", 'cant remove it', "can't remove the battery", 'cant remove the battery', 'sealed', 'no latch', 'no release',
];
// Typed for "The router isn't mine (landlord, building or provider)": whose it is, or that it can't be reached.
const NOT_MY_ROUTER = [
  'landlord', 'landlords', "landlord's", 'my landlord', 'the building', 'building manager', 'property manager', 'management', 'the isp', 'isp',
  "isp's", 'isps', 'not my router', "isn't my router", 'isnt my router', "it's not mine", 'its not mine', 'not mine',
  "can't access the router", 'cant access the router', 'cannot access the router', 'no access to the router', "don't have access to the router",
  'dont have access to the router', "can't touch the router", 'cant touch the router', "can't get to the router", 'cant get to the router',
  'router is locked', 'locked away', 'shared wifi', 'shared router', 'dorm', 'halls',
];
// Typed for "Talk to a technician". Fewer than the person words the router knows: a step's answer may
// name someone else ("the tech at the shop reset it"), and these are taken as a pick anywhere in it.
const HUMAN = ['technician', 'human', 'agent', 'person', 'real person', 'someone'];

export function synonymsFor(label: string): string[] {
  const l = label.toLowerCase();
  if (l === TECHNICIAN_OPTION.toLowerCase()) return HUMAN;
  if (/^that (worked|fixed)|^it works|^fixed/.test(l)) return WORKED;
  if (/^still\b|not working|didn.?t work|^no change\b/.test(l)) return NOT_YET;
  if (/can.?t find|don.?t see/.test(l)) return CANT_FIND;
  if (/don.?t know the password/.test(l)) return FORGOT;
  if (/isn.?t removable/.test(l)) return BUILT_IN;
  if (/router isn.?t mine/.test(l)) return NOT_MY_ROUTER;
  if (/^no \w+ there$/.test(l)) return FOUND_NOTHING;
  if (l === 'done') return DONE;
  if (/\bnoted\b/.test(l)) return NOTED;
  if (l === 'ok') return UNDERSTOOD;
  // "Yes, the TV menu appears" / "No, the screen stays dark": a bare yes or no picks them.
  if (/^yes(?:,|$)/.test(l)) return BARE_YES;
  if (/^no(?:,|$)/.test(l)) return BARE_NO;
  return [];
}

// Typed for "No paper there" (the paper jam guide's rear door): looked and found nothing, or the
// jam message stays with nothing to pull out. Not "still jammed": paper may be stuck there still.
const FOUND_NOTHING = [
  'checked', 'i checked', 'checked it', 'checked there', 'looked', 'i looked', 'nothing', 'nothing there', 'nothing in there', 'nothing stuck',
  'empty', 'its empty', "it's empty", 'still says jam', 'still says paper jam', 'still shows jam', 'still shows paper jam', 'still showing jam',
];
// A step done; "it works now" too: the step after it asks how things stand.
const DONE = ['did it', 'did that', 'i did it', "i've done it", "i've done that", 'all done', 'ok done', 'finished', 'it works now', 'works now', 'working now'];
// "OK" after a warning ("never type your password here"): the ways people say they have read it.
const UNDERSTOOD = ['okay', 'k', 'kk', 'ok got it', 'got it', 'understood', 'i understand', 'noted', 'sure', 'alright', 'all right', 'will do', 'fine', ...BARE_YES_WORDS];
// "I've noted it" (a stop code, an error message): the user has it, however briefly they say so.
export const NOTED = ['ok', 'okay', 'k', 'done', 'all done', 'ok done', 'got it', 'ok got it', 'noted', 'ok noted', 'noted it', 'i noted it', 'wrote it down', 'i wrote it down', 'written down', 'got the code', 'i have it', ...BARE_YES_WORDS];
export const BARE_YES = [...BARE_YES_WORDS];
export const BARE_NO = ['no', 'n', 'nope', 'nah'];

/** Options as prompt choices, with the words people type for the conventional answers. */
export function choicesFor(labels: string[]): Choice[] {
  // "better now" where "Better, but not perfect" is offered is that answer's, not "That worked".
  const saysBetter = (words: string) => /\bbetter\b/i.test(words);
  const offersBetter = labels.some(saysBetter);
  return labels.map((label) => ({ value: label, synonyms: [...synonymsFor(label).filter((w) => !(offersBetter && !saysBetter(label) && saysBetter(w))), ...spellingsOf(label)] }));
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
export function readingsOf(text: string, classification: Classification | undefined): string[] {
  return classification ? [text, classification.symptoms.join(' ')] : [text];
}

import type { Activity } from 'botbuilder';
import { recognizeChoices, type Choice, type DialogContext, type DialogInstance, type FoundChoice } from 'botbuilder-dialogs';
import { NAMES_ONLY, picksIn } from './shared/choice-prompt';
import type { Device } from '../services/nlu/labels';
import { namesAPerson } from '../services/nlu/person-request';
import { namesABill, namesAFault, type Classification } from '../services/nlu/router';
import { contactKindIn } from '../services/handoff/handoff-texts';
import { INTENT_CHOICE_LABEL } from './capabilities';
import { innermost, innermostContext } from './open-question';
import { helplineData, type Expects } from './wire';

// The question the bot waits on, read from the dialog context while the dialogs run (open-question.ts
// reads it from the stored state, before they run): what it expects, its options, and whether a
// message picks one of them.

/** Questions no device problem answers (see anotherProblemAt), and the device each is about. */
// The name is about no device ('none'): any device's problem is another one.
const ANOTHER_PROBLEM_AT: Partial<Record<Expects, Device>> = { name: 'none', phone: 'phone', email: 'email', otp: 'email' };

/**
 * A problem with a device typed at a question for a phone number, an email address or an emailed
 * code ("wait, my wifi is down too"): not the answer, which it does not hold. Any reading of one,
 * however unsure ("my wifi is down too" is 0.49), as it is asked about. Not the device the question
 * is about: the phone at the phone question, email at the email question ("it's my work email") or
 * at the code's ("my email isn't working": the code may not reach them).
 */
export function anotherProblemAt(expects: Expects, classification: Classification): boolean {
  const about = ANOTHER_PROBLEM_AT[expects];
  if (!about || classification.intent !== 'troubleshoot' || classification.ambiguous) return false;
  const { device, text } = classification;
  // A name may be a device's ("Mac Miller"): at the name question only a fault named makes it a problem.
  if (expects === 'name' && !namesAFault(text)) return false;
  return device !== 'none' && device !== about && contactKindIn(text) === undefined;
}

export function wordsIn(text: string): number {
  return text.split(/\s+/).filter((w) => /\w/.test(w)).length;
}

/** What the innermost active prompt is waiting for, read from the activity it sent. */
export function waitingFor(pending: PromptShape | undefined): Expects | undefined {
  return helplineData(pending?.prompt).expects;
}

/** The options of the innermost active dialog: a waiting prompt's question and choices. */
export interface PromptShape {
  prompt?: Partial<Activity>;
  choices?: (Choice | string)[];
}

export function pendingOptions(dc: DialogContext): PromptShape | undefined {
  return innermostContext(dc).activeDialog?.state?.options as PromptShape | undefined;
}

/** Whether a dialog with this id is active below the active dialog (in the child contexts). */
export function runsInside(dc: DialogContext, id: string): boolean {
  for (let inner = dc.child; inner; inner = inner.child) if (inner.activeDialog?.id === id) return true;
  return false;
}

/** A prompt's choices as the labels shown. */
export function labelsOf(choices: (Choice | string)[] | undefined): string[] {
  return (choices ?? []).map((c) => (typeof c === 'string' ? c : c.value));
}

/** The quick replies of the waiting prompt: its choices, or the suggestions it was asked with. */
export function pendingQuickReplies(pending: PromptShape | undefined): string[] | undefined {
  const choices = labelsOf(pending?.choices);
  return choices.length ? choices : pending?.prompt?.suggestedActions?.actions.map((a) => a.title ?? String(a.value));
}

/** Whether the active choice prompt offers a person ("Talk to a technician") among its options. */
export function offersAPerson(pending: PromptShape | undefined): boolean {
  return labelsOf(pending?.choices).some(namesAPerson);
}

/** The one choice the text names in words, if it names just one (a number among other words, "2 hours", picks nothing). */
export function pickIn(text: string, choices: Choice[]): FoundChoice | undefined {
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
export function billingPickIn(choices: (Choice | string)[] | undefined, typed: Classification | undefined): number | undefined {
  const labels = labelsOf(choices);
  const index = labels.indexOf(INTENT_CHOICE_LABEL.billing);
  if (index < 0 || labels.lastIndexOf(INTENT_CHOICE_LABEL.billing) !== index || !typed || typed.intent !== 'billing') return undefined;
  if (!namesABill(typed.text) || namesAFault(typed.text) || picksIn(typed.text, labels).length > 0) return undefined;
  return index;
}

/** Whether the text picks one of the active choice prompt's options (by value, synonym, number or ordinal). */
export function matchesOfferedChoice(pending: PromptShape | undefined, text: string): boolean {
  const choices = pending?.choices ?? [];
  if (choices.length === 0) return false;
  // The same recognizer the ChoicePrompt uses, so "I cant find that" matches "I can't find that";
  // a number only as the whole message ("one sec" is no pick of option 1).
  return picksIn(text, choices).length > 0;
}

/** The options of the innermost dialog under a suspended one (its question and choices, if a prompt). */
export function innermostOptions(instance: DialogInstance): PromptShape | undefined {
  return innermost(instance).state?.options as PromptShape | undefined;
}

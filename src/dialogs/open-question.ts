import type { Activity } from 'botbuilder';
import type { DialogContext } from 'botbuilder-dialogs';
import { helplineData, type Expects } from './wire';

/** The conversation-state property HelplineBot keeps the dialog stack in. */
export const DIALOG_STATE_PROPERTY = 'dialogState';

interface StoredInstance {
  state?: { options?: { prompt?: Partial<Activity> }; dialogs?: { dialogStack?: StoredInstance[] } };
}

/**
 * What the question the bot is waiting on expects, read from the stored dialog state (as loaded
 * at the start of a turn, before the dialogs run): the innermost active dialog is the open
 * prompt, and its question carries channelData.helpline.expects. Undefined when nothing is asked.
 */
export function openQuestion(dialogState: unknown): Expects | undefined {
  const prompt = openPrompt(dialogState);
  return prompt ? helplineData(prompt).expects : undefined;
}

/** The question the bot is waiting on, as it was sent, from the stored dialog state; undefined when nothing is asked. */
export function openPrompt(dialogState: unknown): Partial<Activity> | undefined {
  const top = (dialogState as { dialogStack?: StoredInstance[] } | undefined)?.dialogStack?.at(-1);
  return top ? innermost(top).state?.options?.prompt : undefined;
}

/** Questions answered by picking one of the options shown (a flow step, yes or no, a rating). */
const PICKED: ReadonlySet<Expects> = new Set<Expects>(['choice', 'confirm', 'rating']);

/**
 * Whether the bot waits for the user to type out an answer (a phone number, an address, a code, a
 * date), from the stored dialog state: a message the user did not ask for would come between the
 * question and their answer. A question with options does not count: the user answers it at a
 * glance, and a troubleshooting flow run while waiting for a technician asks one after another.
 */
export function typingAnAnswer(dialogState: unknown): boolean {
  const asked = openQuestion(dialogState);
  return asked !== undefined && !answeredByPick(asked);
}

/** Whether a question of this kind is answered by picking one of its options, not by typing the answer out. */
export function answeredByPick(expects: Expects): boolean {
  return PICKED.has(expects);
}

/** The innermost active dialog of an instance: a component dialog keeps its own stack under state.dialogs, the active one last. */
export function innermost<T extends { state?: unknown }>(instance: T): T {
  let current = instance;
  for (let inner = innerStack(current).at(-1); inner; inner = innerStack(current).at(-1)) current = inner;
  return current;
}

/**
 * Asks the innermost open question again. Not dc.repromptDialog(): botbuilder's ComponentDialog
 * reprompts through an inner context without a parent, so a dialog a component started from its
 * parent's set ('handoff', begun inside the billing or troubleshooting dialog) cannot be found
 * there and the turn fails. dc.child builds each inner context with its parent, and no component
 * here does anything of its own on a reprompt.
 */
export async function repromptInnermost(dc: DialogContext): Promise<void> {
  await innermostContext(dc).repromptDialog();
}

/** The context of the innermost active dialog, through dc.child (each inner context with its parent). */
export function innermostContext(dc: DialogContext): DialogContext {
  let inner = dc;
  for (let child = dc.child; child; child = child.child) inner = child;
  return inner;
}

/** The dialogs running inside a component dialog's instance (kept under state.dialogs), the active one last. */
export function innerStack<T extends { state?: unknown }>(instance: T | undefined): T[] {
  return (instance?.state as { dialogs?: { dialogStack?: T[] } } | undefined)?.dialogs?.dialogStack ?? [];
}

/**
 * Each level of the stored dialog state (as loaded before the dialogs run), outermost first: the
 * conversation's stack, then the stack inside its active dialog, and so on down to the open prompt.
 */
export function* stackLevels<T extends { state?: unknown }>(dialogState: unknown): Generator<T[]> {
  for (let stack = (dialogState as { dialogStack?: T[] } | undefined)?.dialogStack ?? []; stack.length > 0; stack = innerStack(stack.at(-1))) yield stack;
}

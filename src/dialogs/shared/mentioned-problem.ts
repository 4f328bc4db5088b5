import type { TurnContext } from 'botbuilder';

const MENTIONED_KEY = Symbol('helpline.problemMentioned');

/**
 * The user's message in this turn names another problem that waits until what is under way is
 * done ("my phone is broken" at a call back's phone number): the main dialog keeps it, as routed
 * (redacted), and offers it once everything under way is finished ("You also mentioned ...").
 */
export function keepProblemForLater(context: TurnContext): void {
  context.turnState.set(MENTIONED_KEY, true);
}

/** Whether a dialog asked in this turn to keep the message's problem for later (keepProblemForLater). */
export function problemKeptForLater(context: TurnContext): boolean {
  return context.turnState.get(MENTIONED_KEY) === true;
}

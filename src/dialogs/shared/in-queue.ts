import type { TurnContext } from 'botbuilder';

const IN_QUEUE_KEY = Symbol('helpline.inQueue');

/**
 * The queue's guard found this turn that the user waits in the live queue, and left the message
 * to the dialogs (a pause or a goodbye at an open question): their reply says the place is kept.
 */
export function markInQueue(context: TurnContext): void {
  context.turnState.set(IN_QUEUE_KEY, true);
}

/** Whether markInQueue was called this turn. */
export function inQueue(context: TurnContext): boolean {
  return context.turnState.get(IN_QUEUE_KEY) === true;
}

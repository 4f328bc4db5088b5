import type { TurnContext } from 'botbuilder';

// "let me keep trying", "i'll try a bit more", "let's carry on": declining the technician to go on with the guide.
export const KEEP_TRYING =
  /\b(?:keep (?:trying|going)|(?:i'?ll|i will|let me|lemme|let's|lets) (?:try|carry on|continue|go on)|carry on|try (?:a bit |some )?more|try (?:it )?(?:myself|again))\b/i;

const KEEP_GOING_KEY = Symbol('helpline.keepGoing');

/**
 * The queue's guard withdrew this turn the live ticket asked for at a guide's step, the user
 * rather keeping trying: the dialogs go on from that step of case `caseId`.
 */
export function markKeepGoing(context: TurnContext, caseId: string): void {
  context.turnState.set(KEEP_GOING_KEY, caseId);
}

/** The case markKeepGoing named this turn, if any. */
export function keepGoingCase(context: TurnContext): string | undefined {
  return context.turnState.get(KEEP_GOING_KEY) as string | undefined;
}

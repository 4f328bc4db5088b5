import type { TurnContext } from 'botbuilder';

// Work that must go into this turn's conversation-state save (middleware cannot run between the
// dialogs and HelplineBot's save otherwise): an array of functions in turn state.
const BEFORE_STATE_SAVE = Symbol('helpline.beforeStateSave');

/** Runs `hook` right before the turn's conversation state is saved (if the turn gets that far). */
export function beforeStateSave(context: TurnContext, hook: () => Promise<void>): void {
  const hooks = (context.turnState.get(BEFORE_STATE_SAVE) as (() => Promise<void>)[] | undefined) ?? [];
  context.turnState.set(BEFORE_STATE_SAVE, [...hooks, hook]);
}

/** HelplineBot calls this just before ConversationState.saveChanges. */
export async function runBeforeStateSave(context: TurnContext): Promise<void> {
  for (const hook of (context.turnState.get(BEFORE_STATE_SAVE) as (() => Promise<void>)[] | undefined) ?? []) await hook();
}

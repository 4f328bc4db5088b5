import type { StatePropertyAccessor, TurnContext } from 'botbuilder';
import { OPT_IN_PURPOSES } from '../../services/privacy/requests/opt-in';
import { readPurposes, takesBackOptOut, type ChoicePurpose } from '../../services/privacy/requests/purposes';
import { getClassification, setClassification } from '../classification';
import { conversationData, type ConversationData } from '../conversation-data';

// The purposes a take-back of this turn is about, for the opt-out dialog to offer switching back on.
const TAKEN_BACK = Symbol('optOutTakenBack');

/** Remembers what an opt-out turned off, for the next message only (changeOfMindGuard). */
export async function rememberOptOut(accessor: StatePropertyAccessor<ConversationData>, context: TurnContext, purposes: ChoicePurpose[]): Promise<void> {
  const data = await conversationData(accessor, context);
  data.optOutJustMade = purposes;
}

/**
 * "actually no keep sending them" right after an opt-out: the user changed their mind, which the
 * router reads as a cancel or a device problem and asks which. The turn goes to the opt-out dialog,
 * which offers to switch back on what it just turned off (takenBackPurposes). Only the very next
 * message: later, "undo that" or "keep sending" may be about anything.
 */
export function changeOfMindGuard(accessor: StatePropertyAccessor<ConversationData>) {
  return async (context: TurnContext): Promise<boolean> => {
    const data = await conversationData(accessor, context);
    const made = data.optOutJustMade;
    if (!made) return false;
    delete data.optOutJustMade;
    const text = context.activity.text ?? '';
    const classification = getClassification(context);
    const switchable = made.filter((p) => OPT_IN_PURPOSES.includes(p));
    if (!classification || classification.security || switchable.length === 0 || !takesBackOptOut(text)) return false;
    // "actually keep emailing me" after emails and texts were stopped: only the emails.
    const named = readPurposes(text).purposes.filter((p) => switchable.includes(p));
    context.turnState.set(TAKEN_BACK, named.length > 0 ? named : switchable);
    setClassification(context, { ...classification, intent: 'opt_out', confidence: Math.max(classification.confidence, 0.9), ambiguous: false });
    return false;
  };
}

/** What the user takes back in this turn's message, if it takes back the opt-out just made. */
export function takenBackPurposes(context: TurnContext): ChoicePurpose[] | undefined {
  return context.turnState.get(TAKEN_BACK) as ChoicePurpose[] | undefined;
}

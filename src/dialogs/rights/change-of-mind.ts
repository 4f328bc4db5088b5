import type { TurnContext } from 'botbuilder';
import { OPT_IN_PURPOSES } from '../../services/privacy/requests/opt-in';
import { readPurposes, takesBackOptOut, type ChoicePurpose } from '../../services/privacy/requests/purposes';
import type { RequestLedger } from '../../services/privacy/requests/request-ledger';
import { getClassification, setClassification } from '../classification';
import { userIdOf } from '../identity';

// The purposes a take-back of this turn is about, for the opt-out dialog to offer switching back on.
const TAKEN_BACK = Symbol('optOutTakenBack');

/** How soon after an opt-out "actually no keep sending them" is about it. */
const JUST_NOW_MS = 10 * 60_000;

/**
 * "actually no keep sending them" just after an opt-out in the same chat: the user changed their
 * mind, which the router reads as a cancel or a device problem and asks which. The turn goes to the
 * opt-out dialog, which offers to switch back on what it just turned off (takenBackPurposes). The
 * opt-out is found in the request ledger, read only for a message that takes something back, so
 * other turns cost nothing (a mark in the bot state would cost the opt-out turn a write).
 */
export function changeOfMindGuard(requests: Pick<RequestLedger, 'list'>, now: () => number) {
  return async (context: TurnContext): Promise<boolean> => {
    const text = context.activity.text ?? '';
    const classification = getClassification(context);
    if (!classification || classification.security || !takesBackOptOut(text)) return false;
    const made = await optOutJustMade(requests, context, now());
    const switchable = made.filter((p) => OPT_IN_PURPOSES.includes(p));
    if (switchable.length === 0) return false;
    // "actually keep emailing me" after emails and texts were stopped: only the emails. After only
    // texts were stopped, "email me offers" is no take-back but an opt-in of its own.
    const said = readPurposes(text).purposes;
    const named = said.filter((p) => switchable.includes(p));
    if (said.length > 0 && named.length === 0) return false;
    context.turnState.set(TAKEN_BACK, named.length > 0 ? named : switchable);
    setClassification(context, { ...classification, intent: 'opt_out', confidence: Math.max(classification.confidence, 0.9), ambiguous: false });
    return false;
  };
}

/** What the user's latest opt-out in this chat turned off, if it was made in the last few minutes. */
async function optOutJustMade(requests: Pick<RequestLedger, 'list'>, context: TurnContext, at: number): Promise<ChoicePurpose[]> {
  const conversationId = context.activity.conversation?.id;
  const latest = (await requests.list(userIdOf(context.activity)))
    .filter((r) => r.type === 'opt_out' && r.conversationId === conversationId)
    .sort((a, b) => Date.parse(b.receivedAt) - Date.parse(a.receivedAt))[0];
  if (!latest || at - Date.parse(latest.receivedAt) > JUST_NOW_MS) return [];
  return (latest.details as { purposes?: ChoicePurpose[] }).purposes ?? [];
}

/** What the user takes back in this turn's message, if it takes back the opt-out just made. */
export function takenBackPurposes(context: TurnContext): ChoicePurpose[] | undefined {
  return context.turnState.get(TAKEN_BACK) as ChoicePurpose[] | undefined;
}

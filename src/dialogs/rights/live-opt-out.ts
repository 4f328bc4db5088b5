import type { TurnContext } from 'botbuilder';
import type { TurnGuard } from '../../bots/helpline-bot';
import type { Classification } from '../../services/nlu/router';
import { asksRatherThanRequests } from '../../services/nlu/question';
import type { OptOutResult, OptOutService } from '../../services/privacy/requests/opt-out';
import { asksToOptIn, phoneException, PURPOSE_LABEL, readPurposes, type ChoicePurpose, type PurposeReading } from '../../services/privacy/requests/purposes';
import { receiptOf, type RequestReceipt } from '../../services/privacy/requests/request-record';
import { getClassification, UNMISTAKABLE } from '../classification';
import { userIdOf } from '../identity';
import { objectionGuard } from './objection-guard';
import { optOutConfirmation } from './opt-out-text';

/**
 * Turn-state mark: opt-outs applied this turn while a technician owns the conversation. No dialog
 * runs then, so the handoff relay confirms each to the user (as a handoff status) and notes it for
 * the technician.
 */
const LIVE_OPT_OUTS_KEY = Symbol('helpline.liveOptOuts');
export interface LiveOptOut {
  /** The confirmation the user gets, as outside a handoff. */
  text: string;
  request: RequestReceipt;
  /** A short note for the technician. */
  note: string;
}

export interface LiveHandoffDeps {
  optOuts: OptOutService;
  technicianOwns: (context: TurnContext) => Promise<boolean>;
  /** The policy's company.name: "stop the texts from brightside" is an opt-out there too. */
  company?: string;
}

/** Marks an opt-out applied during a live handoff, for the relay to confirm and note. */
export function markLiveOptOut(context: TurnContext, result: OptOutResult, kind: PurposeReading['kind']): void {
  const purposes = [...result.changed, ...result.alreadyOff.map((a) => a.purpose)];
  // The labels speak to the user ("your chats"); the note speaks about them.
  const named = purposes.map((p) => PURPOSE_LABEL[p].replace(/\byour\b/g, 'their')).join(', ');
  const mark: LiveOptOut = {
    text: optOutConfirmation(result, kind),
    request: receiptOf(result.request),
    note: `The user opted out of ${named}. It is applied and confirmed to them (request ${result.request.id}); nothing for you to do.`,
  };
  context.turnState.set(LIVE_OPT_OUTS_KEY, [...liveOptOuts(context), mark]);
}

export function liveOptOuts(context: TurnContext): LiveOptOut[] {
  return (context.turnState.get(LIVE_OPT_OUTS_KEY) as LiveOptOut[] | undefined) ?? [];
}

/**
 * P7 during a live handoff: "stop sending me offers", "unsubscribe", "don't share my data" take
 * effect at once there too, though the bot only relays. The bot cannot ask back there (which
 * purpose, which address, "just to be sure?"), and the user is talking to a technician about a
 * problem ("I can't unsubscribe in outlook", "how do I unsubscribe?", "don't email me the report"),
 * so only an unmistakable opt-out is applied; anything else is relayed as before. Recording is the
 * recording-preference middleware's (it must act before the transcript stores the message), remote
 * access the revocation middleware's. Never handles the turn: the handoff guard still relays it.
 */
export function createLiveOptOutGuard(deps: LiveHandoffDeps): TurnGuard {
  return async (context) => {
    if (!(await deps.technicianOwns(context))) return false;
    // "I keep getting texts from you, stop it" is relabelled an opt-out, as outside a handoff.
    await objectionGuard(deps.company)(context);
    const reading = liveReading(getClassification(context));
    if (!reading) return false;
    const result = await deps.optOuts.apply({
      userId: userIdOf(context.activity),
      conversationId: context.activity.conversation.id,
      channel: context.activity.channelId,
      purposes: reading.purposes,
      kind: reading.kind,
      source: 'during a live handoff',
    });
    markLiveOptOut(context, result, reading.kind);
    return false;
  };
}

const LIVE_PURPOSES: ReadonlySet<ChoicePurpose> = new Set(['marketing_email', 'marketing_phone', 'third_party_sharing']);

function liveReading(classification: Classification | undefined): PurposeReading | undefined {
  if (!classification || classification.intent !== 'opt_out' || classification.ambiguous || classification.confidence < UNMISTAKABLE) return undefined;
  const { text } = classification;
  // A device or app named is a problem with it ("outlook won't let me unsubscribe"), not our marketing.
  if (classification.device !== 'none' || asksToOptIn(text) || asksRatherThanRequests(text)) return undefined;
  const reading = readPurposes(text);
  // "Stop texting me but calls are fine" needs a choice the bot cannot ask for here: the technician reads it.
  const exception = phoneException(text);
  const purposes = reading.purposes.filter((p) => LIVE_PURPOSES.has(p) && !(exception && p === 'marketing_phone'));
  return purposes.length > 0 ? { ...reading, purposes } : undefined;
}

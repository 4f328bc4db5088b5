import type { TurnContext } from 'botbuilder';
import type { Classification } from '../services/nlu/router';
import { SECRET_MARKER } from '../services/privacy/redaction/types';

// The bot classifies each message once, before dialogs run; dialogs read it from turn state
// instead of classifying again.
const KEY = Symbol('helpline.classification');

export function setClassification(context: TurnContext, classification: Classification | undefined): void {
  context.turnState.set(KEY, classification);
}

export function getClassification(context: TurnContext): Classification | undefined {
  return context.turnState.get(KEY) as Classification | undefined;
}

/**
 * The part of a message the router reads: the redaction middleware has already replaced secrets
 * with markers, which carry no meaning ("[removed]" alone reads as a request to delete data, and
 * spell-corrected as "remote"). Empty when the message was only a secret.
 */
export function routableText(text: string | undefined): string {
  return (text ?? '').split(SECRET_MARKER).join(' ').replace(/\s+/g, ' ').trim();
}

/** Below this the router's pick is a fair guess, not a sure one. */
export const SURE_CONFIDENCE = 0.6;

/**
 * A reading this sure may stop a flow even without a word for stopping ("let's leave it there"),
 * and may be acted on where the bot cannot ask back (a live handoff).
 */
export const UNMISTAKABLE = 0.85;

/** The router is sure the message is `intent`, and saw no close second. */
export function isSure(classification: Classification | undefined, intent: Classification['intent']): boolean {
  return classification?.intent === intent && !classification.ambiguous && classification.confidence >= SURE_CONFIDENCE;
}

const DATA_REQUESTS: ReadonlySet<Classification['intent']> = new Set(['data_access', 'data_correction', 'data_deletion']);

/**
 * "Delete my data and stop emailing me": the router read an opt-out and a data request, each in
 * its own clause (ambiguous, the two on top). Both are the user's rights, so both are done; this
 * is the data request, to start once the opt-out is done.
 */
export function dataRequestBesideOptOut(classification: Classification | undefined): Classification['intent'] | undefined {
  if (!classification?.ambiguous) return undefined;
  const [a, b] = classification.alternatives;
  if (!a || !b) return undefined;
  if (a.intent === 'opt_out' && DATA_REQUESTS.has(b.intent)) return b.intent;
  if (b.intent === 'opt_out' && DATA_REQUESTS.has(a.intent)) return a.intent;
  return undefined;
}

/** This turn's message read by `classify`, for when the bot had nothing to route; undefined when it was only a secret or a file. */
export function classifyActivity(context: TurnContext, classify: (text: string) => Classification): Classification | undefined {
  const text = routableText(context.activity.text);
  return text ? classify(text) : undefined;
}

import type { TurnContext } from 'botbuilder';
import type { Classification } from '../services/nlu/router';
import { SECRET_MARKER } from '../services/privacy/redaction/types';
import { splitClauses } from '../services/nlu/clauses';
import { withoutContactsGiven } from '../services/nlu/contacts-given';

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

/**
 * The router's reading of a message as the redaction middleware left it. The words typed with a secret
 * ("username jsmith pw [removed]") read as nothing we serve, and can outweigh the rest ("the tech from the
 * popup asked for my bank login, ..."): read so, the clauses without a secret are read on their own.
 */
export function classifyRoutable(text: string | undefined, classify: (text: string) => Classification): Classification | undefined {
  const routable = routableText(text);
  if (!routable) return undefined;
  const whole = classify(routable);
  if (whole.intent !== 'out_of_scope' || !text?.includes(SECRET_MARKER)) return whole;
  const rest = splitClauses(text)
    .filter((clause) => !clause.includes(SECRET_MARKER))
    .join(', ');
  if (!rest) return whole;
  const read = classify(rest);
  return read.intent === 'out_of_scope' ? whole : read;
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

/** Requests taken up before a device problem told beside them (requestBesideProblem). */
const BESIDE_PROBLEM: ReadonlySet<Classification['intent']> = new Set([...DATA_REQUESTS, 'billing', 'opt_out']);

/**
 * "my wifi is down, also please delete my data", "i was charged twice and my printer is offline",
 * "my printer keeps jamming and also stop sending me marketing emails": a data request, a bill or an
 * opt-out made surely in a clause of its own, beside a device's problem in another.
 * Read whole, the message is an unsure request (0.5), or asks "which of these do you mean?", and
 * either would drop the problem: the request is taken up first and the problem's clauses kept to
 * offer after it.
 */
export function requestBesideProblem(
  classification: Classification,
  classify: (text: string) => Classification,
): { request: Classification; problem: string; problems: Classification[] } | undefined {
  if (!BESIDE_PROBLEM.has(classification.intent) && classification.intent !== 'troubleshoot') return undefined;
  // Split without the addresses given: their dots split clauses ("my email is pat", "k@example", "com").
  const clauses = splitClauses(withoutContactsGiven(classification.text)).map((clause) => classify(clause));
  const requests = clauses.filter((c) => BESIDE_PROBLEM.has(c.intent) && !c.ambiguous && c.confidence >= UNMISTAKABLE);
  const problems = clauses.filter((c) => c.intent === 'troubleshoot' && c.device !== 'none');
  if (requests.length !== 1 || problems.length === 0) return undefined;
  // "fix it or i want a refund": the bill only if the problem stays, so not before it.
  if (requests[0].intent === 'billing' && BILL_IF_NOT_FIXED.test(classification.text)) return undefined;
  return { request: requests[0], problem: problems.map((c) => c.text).join(', '), problems };
}
const BILL_IF_NOT_FIXED = /\b(?:or|otherwise|if not|else)\b/i;

/** This turn's message read by `classify`, for when the bot had nothing to route; undefined when it was only a secret or a file. */
export function classifyActivity(context: TurnContext, classify: (text: string) => Classification): Classification | undefined {
  return classifyRoutable(context.activity.text, classify);
}

/**
 * Splits a message into the requests it strings together ("refund me and delete my data").
 * A classifier trained on single requests scores such a message as whichever request has
 * the stronger words, so the router classifies clauses on their own to notice the second.
 */
const SEPARATORS = /\s*(?:[,;.!?]+|\b(?:and|or|but|also|plus|then|as well as)\b)\s*/i;

export function splitClauses(text: string): string[] {
  return text
    .split(SEPARATORS)
    .map((c) => c.trim())
    .filter((c) => /[a-z0-9]/i.test(c));
}

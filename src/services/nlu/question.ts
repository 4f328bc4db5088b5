// What counts as a question of the user's, for every reader that treats one differently from an
// answer or a request: a step answer, an answer to a field, an opt-out or an erasure. What the
// question is about (why we need an email, the wait, billing records) is each reader's own check.

/**
 * Words a question opens with, without apostrophes ("what's" is "whats"). Not "did": it opens an
 * answer at a guide's step as often as a question ("did it, still offline", "did that"); a
 * question with it mostly ends with a question mark. Nor "and": "and then it went offline".
 */
const OPENERS = new Set([
  'what', 'whats', 'how', 'hows', 'where', 'wheres', 'why', 'which', 'who', 'whos', 'when',
  'is', 'are', 'am', 'do', 'does', 'can', 'could', 'should', 'would', 'will', 'shall',
]);

// "wifi i think?", "usb maybe?": an answer the user is unsure of, its question mark a shrug.
const HEDGE = /\b(?:i think|i guess|i believe|maybe|probably|perhaps|pretty sure)\b/i;

/**
 * Whether a message asks something: it opens with a question word ("whats a guest network", "can
 * you call me"), or ends with a question mark and hedges no answer.
 */
export function isQuestion(text: string): boolean {
  if (opensWithQuestionWord(text)) return true;
  if (!/\?\s*$/.test(text)) return false;
  // "maybe it's the router, should i restart it?" hedges, and asks too.
  return !HEDGE.test(text.replace(/['’‘`]/g, "'")) || text.split(/[,;.]/).some(opensWithQuestionWord);
}

/**
 * "ok, what about my printer now", "sure, how about the tv": a question about another thing after an
 * opening word, which isQuestion misses.
 */
export function asksAbout(text: string): boolean {
  return /\b(?:what|how) about\b/i.test(text);
}

function opensWithQuestionWord(text: string): boolean {
  const first = /[\p{L}\p{N}]+(?:['’‘`][\p{L}\p{N}]+)*/u.exec(text)?.[0];
  return first !== undefined && OPENERS.has(first.toLowerCase().replace(/['’‘`]/g, ''));
}

// "can you stop sending me offers?", "please stop texting me": a request, asked politely.
const POLITE_REQUEST = /^\s*(?:please\b|(?:can|could|would|will) you\b)/i;

/**
 * Whether a message asks about something rather than asks for it to be done: "how do I
 * unsubscribe?" or "will unsubscribing stop the texts?", not "can you stop sending me offers?".
 */
export function asksRatherThanRequests(text: string): boolean {
  return isQuestion(text) && !POLITE_REQUEST.test(text);
}

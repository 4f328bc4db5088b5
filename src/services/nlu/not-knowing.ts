// The user does not know the answer to what the bot asked: "not sure", "no idea", "idk", "beats me",
// "i don't know", "can't remember". One list for every question that takes that as an answer (a
// refund's facts, a plan, a guide's step, a device's model or version), so a phrase learnt at one
// is known at all. Apostrophes straightened first (see straight).

/** The words alone, as a pattern source, for a reader that needs its own anchoring (device-info-dialog). */
export const NOT_KNOWING_WORDS = String.raw`(?:i'?m\s+|i\s+am\s+)?(?:not\s+sure|unsure|no\s+(?:idea|clue)|not\s+a\s+clue|dunno|idk|beats\s+me|(?:i\s+)?(?:don'?t|do\s+not)\s+know|(?:i\s+)?(?:can'?t|cannot|don'?t|do\s+not)\s+(?:remember|recall))`;

const OPENS_NOT_KNOWING = new RegExp(String.raw`^${NOT_KNOWING_WORDS}\b`, 'i');

/** "don’t" typed on a phone is "don't". */
export const straight = (text: string) => text.trim().replace(/[’‘`´]/g, "'");

/**
 * The message opens by saying the user doesn't know: "no idea", "not sure, maybe march" (what
 * follows a "not sure" is a guess, not an answer to file), "i dont remember".
 */
export function opensNotKnowing(text: string): boolean {
  return OPENS_NOT_KNOWING.test(straight(text));
}

// A guess given as the answer: "i think the monthly, not 100% sure", "sometime in october i think",
// "maybe the annual", "around march", "3 weeks ago or so".
const GUESSES = /\b(?:i\s+think|i\s+guess|i\s+believe|i'?m\s+guessing|maybe|probably|perhaps|possibly|not\s+(?:100\s*%|(?:completely|totally|entirely|really|quite|fully)\b)?\s*sure|sometime|some\s+time|around|roughly|approximately|about\s+(?:\d|an?\b|one|two|three|four|five|six|seven|eight|nine|ten)|or\s+so|(?:early|mid|late)\b)/i;

/**
 * The user doesn't know, or only guesses: "no idea", "i think the monthly, not 100% sure",
 * "sometime in october i think". For answers a decision is made from (a refund's plan and dates),
 * where a guess would decide as if it were known.
 */
export function unsureOf(text: string): boolean {
  return opensNotKnowing(text) || GUESSES.test(straight(text));
}

/**
 * How a message asks for a person rather than the bot. The router's model weighs every word, so
 * "i need a technician my laptop wont turn on" comes out a device problem (the laptop words
 * outweigh the request); these readers look for the request itself, for the router and for the
 * dialogs that must tell an answer from a request for a person.
 */

/** Someone who can help, as opposed to the bot. */
const PERSON = String.raw`(?:human|humans|person|people|agent|technician|technicians|tech|techie|engineer|someone|somebody|anyone|anybody|representative|rep|operator|staff|manager|supervisor|advisor|adviser|specialist|expert)`;
const PERSON_WORD = new RegExp(String.raw`\b${PERSON}\b`, 'i');

/** A person, or a way to reach one: "call", "talk", "support", "escalate". */
const NAMES_A_PERSON = new RegExp(
  String.raw`\b(?:${PERSON}|support|real|live|call|callback|phone|ring|e-?mail|talk|speak|escalate|transfer)\b`,
  'i',
);

/**
 * A request made of a person: "i need a technician", "get me a real person", "let me speak to
 * someone", "put me through to an agent", "technician please". Not a question whether staff exist
 * ("is there someone who can fix it?", "do you have technicians?") nor a person who is the subject
 * ("the technician said to restart it"): those keep the model's reading.
 */
const ASKS = new RegExp(
  String.raw`(?:\b(?:i|we)(?:\s+(?:really\s+|just\s+)?(?:need|want|wanna|would\s+like)|'?d\s+like)(?:\s+to\s+(?:talk|speak|chat)\s+(?:to|with))?` +
    String.raw`|\b(?:get|give|find|send)\s+me` +
    String.raw`|\b(?:connect|transfer|pass|put|hand)\s+me\s+(?:(?:through|over|on)\s+)?(?:to|with)` +
    String.raw`|\b(?:talk|speak|chat)\s+(?:to|with))` +
    String.raw`\s+(?:(?:a|an|the|your|some|one\s+of\s+your)\s+)?(?:(?:real|live|actual|proper|human|qualified)\s+)?${PERSON}\b` +
    String.raw`|\b${PERSON}\s+(?:please|pls|plz|now)\b`,
  'i',
);

/** Words right before the request that take it back: "i don't want to talk to a person", "i'd rather not". */
const NEGATED = /\b(?:not|never|no need to|don'?t|do not)\s+(?:(?:want|need|wanna|have)\s+)?(?:to\s+)?$/i;

/** Whether the text names a person or a way to reach one (at an open question, "human" without one is an answer). */
export function namesAPerson(text: string): boolean {
  return NAMES_A_PERSON.test(text);
}

/** Whether the text names someone who can help ("no, get me a real person"; not "talk" alone). */
export function mentionsPerson(text: string): boolean {
  return PERSON_WORD.test(text);
}

/** The words that ask for a person ("i need a technician"), if the text makes that request and does not take it back. */
export function personRequestIn(text: string): string | undefined {
  const typed = text.replace(/[’‘`´]/g, "'");
  const found = ASKS.exec(typed);
  if (!found || NEGATED.test(typed.slice(0, found.index))) return undefined;
  return found[0];
}

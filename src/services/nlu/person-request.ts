/**
 * How a message asks for a person rather than the bot. The router's model weighs every word, so
 * "i need a technician my laptop wont turn on" comes out a device problem (the laptop words
 * outweigh the request); these readers look for the request itself, for the router and for the
 * dialogs that must tell an answer from a request for a person.
 */

/** Someone who can help, as opposed to the bot. */
const PERSON = String.raw`(?:human|humans|person|people|agent|technician|technicians|tech|techs|techie|engineer|someone|somebody|anyone|anybody|representative|rep|operator|staff|manager|supervisor|advisor|adviser|specialist|expert)`;
const PERSON_WORD = new RegExp(String.raw`\b${PERSON}\b`, 'i');

/** A person, or a way to reach one: "call", "talk", "support", "escalate". */
const NAMES_A_PERSON = new RegExp(
  String.raw`\b(?:${PERSON}|support|real|live|call|callback|phone|ring|e-?mail|talk|speak|escalate|transfer)\b`,
  'i',
);

/** Someone as the object of a request: "a real person", "one of your technicians", "anyone". */
const SOMEONE = String.raw`(?:(?:a|an|the|your|some|any|one\s+of\s+your)\s+)?(?:(?:real|live|actual|proper|human|qualified)\s+)?${PERSON}\b`;

/**
 * A request made of a person: "i need a technician", "get me a real person", "let me speak to
 * someone", "put me through to an agent", "technician please". Not a question whether staff exist
 * ("is there someone who can fix it?", "do you have technicians?") nor a person who is the subject
 * ("the technician said to restart it"): see ASKS_WHETHER for the first, the second is no request.
 */
const ASKS = new RegExp(
  String.raw`(?:\b(?:i|we)(?:\s+(?:really\s+|just\s+)?(?:need|want|wanna|would\s+like)|'?d\s+like)(?:\s+to\s+(?:talk|speak|chat)\s+(?:to|with))?` +
    String.raw`|\b(?:get|give|find|send)\s+me` +
    String.raw`|\b(?:connect|transfer|pass|put|hand)\s+me\s+(?:(?:through|over|on)\s+)?(?:to|with)` +
    String.raw`|\b(?:talk|speak|chat)\s+(?:to|with))` +
    String.raw`\s+${SOMEONE}` +
    String.raw`|\b${PERSON}\s+(?:please|pls|plz|now)\b`,
  'i',
);

/**
 * Thanks said with a refusal ("no need for a person, thanks"), as in "no thanks": politeness, part
 * of the refusal, not the goodbye the model reads in it.
 */
const THANKS = String.raw`(?:thanks|thank\s+(?:you|u)|thx|ty|cheers)`;

/**
 * A request for a person taken back: "i don't want a technician", "i dont want to talk to a
 * person", "no need for a person", "without talking to anyone", "i'd rather not speak to anyone",
 * "no human please", with any thanks around it. The user said the opposite of asking for one,
 * whatever the person words weigh in the model.
 */
const TAKEN_BACK = new RegExp(
  // "thanks but no need for a person": the thanks before the refusal, or after it, goes with it.
  String.raw`(?:\b${THANKS}[\s,.!]*(?:but\s+)?(?:(?:i|we)\s+)?)?(?:` +
    // Not "didn't", "never" or a bare "not": "i never got a technician", "could not get a person" ask for one.
    String.raw`\b(?:don'?t|dont|do\s+not|(?:i'?m|i\s+am|we'?re|we\s+are)\s+not|rather\s+not|no\s+need\s+(?:to|for)|without)` +
    // "don't want to", "do not need to be", "don't even want": the words between the "not" and the request.
    String.raw`(?:\s+(?:really|even|just|want|need|wanna|have|to|be|asking|looking|ask|going))*` +
    String.raw`(?:\s+(?:talk(?:ing)?|speak(?:ing)?|chat(?:ting)?)\s+(?:to|with)|\s+(?:for|involv(?:e|ing)|get(?:ting)?|call(?:ing)?|bring(?:ing)?\s+in|bother(?:ing)?|wait(?:ing)?\s+for)` +
    String.raw`|\s+(?:put|transfer(?:red)?|pass(?:ed)?|hand(?:ed)?|connect(?:ed)?)(?:\s+me)?\s+(?:(?:through|over|on)\s+)?(?:to|with))?` +
    String.raw`\s+${SOMEONE}` +
    String.raw`|\bno\s+(?:(?:real|live|human)\s+)?${PERSON}\b(?!\s+(?:can|could|has|is|was|will|would|did|came|said|answered|called)\b))` +
    String.raw`(?:[\s,.!]*${THANKS}\b)?`,
  'i',
);

/**
 * A call or chat with us that already happened: "i called support yesterday", "i spoke to a
 * technician last week", "i've already talked to someone". What the user did, not what they ask
 * for, though its words weigh as a request for a person in the model ("i called support yesterday
 * and my laptop is still slow" is human at 0.62). Only the user's own contact: "someone called me
 * asking for my code" is a security report, read as it is.
 */
const CONTACTED = new RegExp(
  String.raw`\b(?:i|we)(?:'?ve|\s+have|'?d|\s+had)?\s+(?:already\s+|just\s+|also\s+)?` +
    String.raw`(?:called|phoned|rang|rung|contacted|emailed|messaged|texted|(?:spoke|spoken|talked|chatted)\s+(?:to|with))` +
    String.raw`\s+(?:you|u|support|customer\s+(?:service|support)|(?:your|the)\s+(?:support(?:\s+team)?|helpline|help\s?desk|team)|${SOMEONE})` +
    // When, which goes with the call ("i called support yesterday" leaves nothing else said), and
    // the word joining it to the rest: "and my laptop is still slow" reads as less of a problem.
    String.raw`(?:\s+(?:yesterday|today|earlier|before|already|again|twice|this\s+(?:morning|afternoon|evening|week)|last\s+(?:night|week|month|time|\w+day)|on\s+\w+day|(?:a\s+(?:few|couple\s+of)|\d+|two|three|few|some)\s+(?:days?|weeks?|hours?)\s+ago))*` +
    String.raw`(?:\s*[,.;]?\s*(?:and|but|so)\b)?`,
  'i',
);

/** What someone is asked to do for the user: help, fix, look at. */
const HELPS = String.raw`(?:help|fix|look|check|sort|repair|take\s+a\s+look|have\s+a\s+look)`;

/**
 * A question whether someone can help, rather than a request for them: "is there someone who can
 * fix my laptop", "do you have staff who can fix a laptop", "are there any technicians available",
 * "can a technician look at my printer" (not "can someone call me back": a request, for a callback). A user who asks whether a person can help usually wants
 * one; what the person would do (fix, look at, help with) is the problem, for the device.
 */
const ASKS_WHETHER = new RegExp(
  String.raw`\b(?:is\s+there|are\s+there|is|are|do\s+(?:you|u|y'?all)\s+(?:guys\s+)?(?:have|employ)|have\s+(?:you|u)\s+got|have\s+(?:you|u)\s+any|(?:you|u)\s+(?:have|got)` +
    // "does your company have technicians", "does brightside employ engineers": the firm asked about
    // by any name of one or two words, since what follows must still be a person.
    String.raw`|does\s+(?:(?:your|ur|the)\s+)?\w+(?:\s+\w+)?\s+(?:have|employ))` +
    String.raw`\s+${SOMEONE}` +
    String.raw`(?:\s+(?:around|available|on|working|in|free|online)\b|\s+(?:who|that|to|i\s+can|we\s+can|which)\b|\s+(?:can|could)\b|\s*[?.!]*\s*$)` +
    String.raw`|\b(?:can|could|would|will)\s+${SOMEONE}\s+(?:please\s+)?${HELPS}\b`,
  'i',
);

/**
 * What a person asked about would do, in the words just after the question: "(who) can help me
 * with", "can fix", "(can someone help) me with". Taken out, the rest says what it is about ("my
 * bill", "my laptop").
 */
const WOULD_DO = new RegExp(
  String.raw`^\s*(?:(?:can|could|would|will)\s+)?(?:please\s+)?(?:${HELPS}\s+)?(?:(?:me|us)\s+)?(?:(?:out\s+)?(?:with|at|on|over|into)\b)?`,
  'i',
);

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
  const typed = typedPlainly(text);
  const found = ASKS.exec(typed);
  if (!found) return undefined;
  // "i dont want to talk to a person": the request's words are inside the words taking it back.
  const back = TAKEN_BACK.exec(typed);
  if (back && back.index <= found.index && found.index < back.index + back[0].length) return undefined;
  return found[0];
}

/** The words that take back a request for a person ("i don't want a technician", "without talking to anyone"), if any. */
export function personDeclinedIn(text: string): string | undefined {
  return TAKEN_BACK.exec(typedPlainly(text))?.[0];
}

/** The words that tell of an earlier call or chat with us ("i called support", "i spoke to a technician"), if any. */
export function personContactedIn(text: string): string | undefined {
  return CONTACTED.exec(typedPlainly(text))?.[0];
}

/** The words that ask whether someone can help ("is there someone who can", "do you have staff who"), if any and not taken back. */
export function personQuestionIn(text: string): string | undefined {
  const typed = typedPlainly(text);
  return personDeclinedIn(typed) ? undefined : ASKS_WHETHER.exec(typed)?.[0];
}

/**
 * What a question whether someone can help is about: the message without the question and what
 * the person would do ("is there someone who can help with my bill" is about "my bill"), if it asks one.
 */
export function personQuestionAbout(text: string): string | undefined {
  const typed = typedPlainly(text);
  const asked = personQuestionIn(typed);
  if (asked === undefined) return undefined;
  const at = typed.indexOf(asked);
  return `${typed.slice(0, at)} ${typed.slice(at + asked.length).replace(WOULD_DO, ' ')}`;
}

/** Curly and backtick apostrophes as typed on phones, read as the straight one (the readers' matches are in these terms). */
export function typedPlainly(text: string): string {
  return text.replace(/[’‘`´]/g, "'");
}

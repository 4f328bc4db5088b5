// What a user with a callback or email ticket open adds to it: when the call suits them, or a note
// for whoever picks the ticket up. Read from the message alone, so a ticket is looked up only for these.

/**
 * What was just added to an open ticket, masked as the ticket keeps it: told to the Teams channel and
 * an agent hub. 'problem': another problem the user asked a technician about at a guide's step.
 */
export interface TicketAddition {
  kind: 'note' | 'preferredTime' | 'problem';
  text: string;
}

const CLOCK = String.raw`\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.|o'?clock)?`;
// What "after" or "before" can take besides a clock time: "after lunch", "not before work".
const EVENT = String.raw`noon|midday|lunch(?:time)?|breakfast|dinner|work|school|the school run`;
const DAY = String.raw`today|tonight|tomorrow|(?:mon|tues|wednes|thurs|fri|satur|sun)days?|weekdays?|weekends?|the weekend|this week|next week`;
const PART = String.raw`mornings?|afternoons?|evenings?|nights?|lunch(?:time)?`;
const UNIT =
  String.raw`any ?time|whenever|` +
  String.raw`(?:(?:not |no )?(?:after|before|from|by|around|past|until|till|earlier than|later than)|at|between)\s+(?:${CLOCK}|${EVENT})(?:\s*(?:and|to|-|–)\s*(?:${CLOCK}|${EVENT}))?|` +
  String.raw`(?:on |this |next |in the |during the |on the )?(?:${DAY}|${PART})|` +
  String.raw`\d{1,2}(?:[:.]\d{2})?\s*(?:am|pm|a\.m\.|p\.m\.)(?:\s*(?:-|–|to)\s*${CLOCK})?|noon|midday`;
const WHEN = new RegExp(String.raw`^(?:${UNIT})(?:[\s,]+(?:and |or |but |on |at )?(?:${UNIT}))*$`, 'i');

// "please call after 3pm", "i'm free weekdays after 5", "the best time is ...": words that make a
// time the call's, whatever else was asked. Without them only a bare time is read (and only when nothing is asked).
const NAMES_THE_CALL = String.raw`(?:(?:can|could) (?:you|u|they|someone|the technician) )?(?:(?:please|pls) )?(?:call|ring|phone)(?: me)?(?: back)?|i'?m (?:free|available|around|home|in)|i am (?:free|available|around|home|in)|i(?:'d| would)? (?:prefer|like)(?: (?:a|the) call| it| to be called)?|(?:the )?best (?:time )?(?:for me )?(?:is|would be)|(?:a )?call|(?:(?:can|could) (?:you|u) )?(?:make|change|move|switch) it(?: to)?`;
// "im busy tomorrow, can u call wednesday": why the time changes, said first, is no part of it.
const LEAD = new RegExp(String.raw`^(?:(?:ok(?:ay)?|also|and|actually|oh|so|please|pls|but)[,.!]?\s+)*(?:(?:[^,;.!?]{1,60}[,;.]\s+)?(${NAMES_THE_CALL})[,:]?\s+)?`, 'i');
const TRAIL = new RegExp(
  String.raw`(?:,?\s+(?:(?:(?:is|are|would be|works|suits me)(?: (?:best|better|good|fine|great|ideal|easiest))?|(?:work|suit) (?:best|better))(?: for me)?|if (?:possible|you can|that'?s ok(?:ay)?)|instead|please|pls|thanks|thank you|would be (?:great|good|best|ideal)))+$`,
  'i',
);
// "when will they call after 3pm?": a question about the callback is answered with its status, not kept as a wish.
// "can you call after 3pm?" asks for the time, as "please call after 3pm" does.
const QUESTION = /^(?:when|what|how|why|who|where|which|will|would|is|are|do|does|did|has|have|won'?t)\b|^(?!(?:can|could)\b).*\?\s*$/i;

/**
 * The time a user would like their call back at, as they put it ("after 3pm", "tomorrow morning",
 * "weekdays after 5"), and whether they said it is the call's (`namesTheCall`): a bare "tomorrow
 * morning" may answer a question the bot asked. Undefined for anything else, questions included.
 */
export function preferredCallTime(text: string | undefined): { time: string; namesTheCall: boolean } | undefined {
  const said = (text ?? '').trim().replace(/[’`]/g, "'");
  if (!said || QUESTION.test(said)) return undefined;
  const busy = busyThen(said);
  if (busy) return { time: busy, namesTheCall: true };
  const t = said.replace(/[.!?]+$/, '');
  const lead = LEAD.exec(t)!;
  const rest = t.slice(lead[0].length);
  const trail = TRAIL.exec(rest)?.[0] ?? '';
  const time = rest.slice(0, rest.length - trail.length).trim();
  if (!WHEN.test(time)) return undefined;
  // "morning", "good evening": a greeting, unless said of the call ("morning is best").
  const greets = /^(?:good )?(?:morning|afternoon|evening|night)$/i.test(t);
  // "tomorrow morning is best": said of the call as plainly as "call me tomorrow morning".
  const namesTheCall = lead[1] !== undefined || /\b(?:best|better|ideal|easiest|works?|suits?)\b/i.test(trail);
  return greets && !namesTheCall ? undefined : { time, namesTheCall };
}

// "i'm at lunch until 2, call after that", "actually i'll be at lunch 12-1, dont call then": when the
// user is busy, and the call put after it or kept out of it. Read as nothing, the time was lost.
const BUSY = String.raw`^(?:(?:ok(?:ay)?|actually|oh|so|and|but)[,]?\s+)*(?:i'?m|im|i am|i'?ll be|ill be|i will be)\s+(?:at|in|out|busy|away|on|driving|working)\b[^,;.]*?\s+`;
const CALL_AFTER = new RegExp(
  BUSY + String.raw`(?:until|till|til|to)\s+(${CLOCK})[,;.]?\s+(?:so\s+)?(?:(?:please|pls)\s+)?(?:call|ring|phone)(?: me)?(?: back)?\s+(?:after that|after|then|once i'?m (?:back|free|done))[.!\s]*$`,
  'i',
);
const NOT_DURING = new RegExp(
  BUSY + String.raw`(?:from\s+|between\s+)?(${CLOCK})\s*(?:-|–|to|and)\s*(${CLOCK})[,;.]?\s+(?:so\s+)?(?:(?:please|pls)\s+)?(?:don'?t|do not)\s+(?:call|ring|phone)(?: me)?(?: then| during that| at that time| during it)?[.!\s]*$`,
  'i',
);

/** The time for the call a user busy for a while asks for: "after 2" for "i'm at lunch until 2, call after that", "not between 12 and 1" for "... 12-1, dont call then". */
function busyThen(said: string): string | undefined {
  const after = CALL_AFTER.exec(said)?.[1];
  if (after) return `after ${after.trim()}`;
  const during = NOT_DURING.exec(said);
  return during ? `not between ${during[1].trim()} and ${during[2].trim()}` : undefined;
}

// A phone number in a message, with what joins it to the words around it ("on", "at", a comma).
const NUMBER_IN_TEXT = /(?:\b(?:on|at)\s+)?\+?\(?\d[\d\s().-]{5,}\d[\s,;.]*(?:and\s+|but\s+)?/i;

/**
 * The time for the call typed beside the number at the phone question ("(212) 555-0198 after 6pm",
 * "212 555 0198, call me tomorrow morning"); the number was kept and the time lost.
 */
export function callTimeBesideNumber(text: string): string | undefined {
  const number = NUMBER_IN_TEXT.exec(text);
  if (!number) return undefined;
  const after = text.slice(number.index + number[0].length);
  const before = text.slice(0, number.index).replace(/^.*\b(?:number|phone|mobile|cell)(?:\s+(?:is|'s))?\b[\s:,-]*/i, '');
  return preferredCallTime(after)?.time ?? preferredCallTime(before)?.time;
}

// "can you add that the tv clicks", "also tell them it smells burnt", "one more thing: ...", "add a note: ...".
const ADDS = [
  /^(?:(?:can|could|would) you (?:please )?|please |pls )?(?:also )?(?:add|put down|note down|mention)(?: (?:a )?note)?(?: (?:to|on) (?:the|my) (?:ticket|call ?back|case))?(?:\s*[:,-]\s*|\s+that\s+)(.+)$/i,
  /^(?:(?:can|could|would) you (?:please )?|please |pls )?(?:also )?(?:tell|let) (?:them|the technician|the tech|whoever calls(?: me)?|whoever emails(?: me)?)(?: know)?(?:\s*[:,-]\s*|\s+that\s+|\s+)(.+)$/i,
  /^(?:one more thing|another thing|p\.?s\.?)\s*[:,-]?\s+(.+)$/i,
];

/** The note a user asks to have put on their ticket ("the tv clicks"), if the message asks that. */
export function noteForTicket(text: string | undefined): string | undefined {
  const t = (text ?? '').trim().replace(/[’`]/g, "'");
  for (const pattern of ADDS) {
    const note = pattern.exec(t)?.[1].trim().replace(/[\s.]+$/, '');
    if (note) return note;
  }
  return undefined;
}

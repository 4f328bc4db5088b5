import type { TurnContext } from 'botbuilder';
import { INTENT_CHOICE_LABEL } from './capabilities';
import { NO_REGULAR_HOURS } from '../services/handoff/business-hours';

/**
 * Things people say in a support chat that are no request and no answer to the question asked,
 * but deserve a straight reply wherever they come: the intent labels (shared/spec/labels.md) have
 * no place for them, so they are recognised here, as whole messages only ("wait, I typed the
 * wrong address" is an answer, not a pause).
 *
 * `pause`: the user is off doing something (a step of a flow) and will be back; the question
 * they were asked stays open and is not asked again.
 */
export interface SmallTalkReply {
  text: string;
  suggestions?: string[];
  pause?: true;
}

export interface SmallTalkContext {
  company: string;
  /** When technicians work, e.g. "Mon–Fri 08:00–20:00 (America/New York time)". */
  technicianHours?: string;
  /** A question of the bot's is waiting for its answer: "what do you mean?" is about that question. */
  questionOpen?: boolean;
  /** The user waits in the live queue (the queue's guard found their ticket this turn): a pause or a goodbye says the place is kept. */
  inQueue?: boolean;
  /**
   * That question takes a pick or a yes/no, not typed details: "bye" there leaves it for later. (At
   * an optional detail question a goodbye skips it: see field-collection.ts.)
   */
  pickOpen?: boolean;
  /**
   * A person is being arranged (the handoff dialog is asking something) or awaited in the queue:
   * "say talk to a technician" would offer what is under way, and out of hours a person who isn't there.
   */
  personUnderway?: boolean;
}

const END = String.raw`[\s.!?…]*$`;
const MOMENT = String.raw`(?:sec|second|moment|minute|min|mo)`;
const PAUSE = new RegExp(
  // "hold on let me go check" too: a pause and what the user is off to do.
  String.raw`^(?:please\s+)?(?:(?:ok(?:ay)?|sure)[,\s]+)?(?:hold on|hang on|hold please|please hold|wait|wait a ${MOMENT}|one ${MOMENT}|just a ${MOMENT}|give me a ${MOMENT}|brb|be right back|bear with me)(?:\s+please)?(?:[,\s]+(?:let me|i'?ll|i will|i'?m going to|gonna) (?:go |just )?(?:check|look|see|try|do (?:it|that)|find (?:it|out)|get (?:it|my \w+))(?: (?:it|that|now)){0,2})?${END}`,
  'i',
);
// "going to grab lunch, brb", "brb, grabbing lunch", "afk": away for a while, whatever the words
// around it say they are off to do (a few words, so an answer with "brb" in it stays an answer).
const AWAY = new RegExp(
  String.raw`^(?:[\p{L}' ]{1,40}?[,.;:!-]*\s+)?(?:brb|be right back|afk|(?:i'?ll |i will )?be back (?:soon|shortly)|back soon|back in (?:a |an |\d+ )?(?:sec|second|min|minute|few|bit|moment|hour|mins|minutes)s?)(?:[,.;:!-]*\s+[\p{L}' ]{1,40})?${END}|^(?:(?:ok(?:ay)?|sorry)[,\s]+)?(?:i'?m |i am )?(?:going|gonna|off|heading off|popping out|stepping (?:away|out)) (?:to )?(?:grab|get|have|make|for)? ?(?:some |a |my )?(?:lunch|coffee|food|dinner|breakfast|tea|a break)${END}`,
  'iu',
);
// "is this chatgpt?", "are you automated?", "am I talking to a live person?" too.
const WHAT_I_AM = String.raw`(?:a |an )?(?:bot|robot|real|human|real person|real human|live person|live agent|person|ai|machine|computer|chatbot|chat ?gpt|gpt|automated|an automated (?:system|reply|chat))`;
// "are you a bot or a real person?": asked which, a question, no request for the person.
const WHICH_I_AM = String.raw`${WHAT_I_AM}(?:,? or (?:are (?:you|u) |is (?:this|it) )?${WHAT_I_AM})?`;
const ARE_YOU_A_BOT = new RegExp(
  String.raw`^(?:are|r) (?:you|u) ${WHICH_I_AM}${END}|^(?:am i|is this|i'?m) (?:talking|chatting|speaking) (?:to|with) ${WHICH_I_AM}${END}|^is (?:this|that|it) ${WHICH_I_AM}${END}`,
  'i',
);
/** Whether the message asks whether the user is talking to a bot or a person ("are you a bot or a real person?"). */
export function asksWhatIAm(text: string): boolean {
  return ARE_YOU_A_BOT.test(text.trim().replace(/[’`]/g, "'"));
}

// Annoyance at the bot itself: an apology and the way to a person, not "that's not something I can
// help with". Not "it's not working": that is how people report a broken device.
// "your service is garbage", "stupid bot", "wtf": about us or the bot, never a device ("my printer is garbage" is a problem told).
const US = String.raw`(?:you(?:'re| are| r)|(?:this|your|the) (?:bot|chat|thing|service|company|support|app)(?: is|'s)|this is|that'?s|that is|it'?s)`;
const BAD = String.raw`(?:useless|stupid|dumb|rubbish|pointless|ridiculous|terrible|frustrating|annoying|no help|not helping|not helpful|garbage|trash|crap|a joke|pathetic|awful|horrible|the worst|worthless|a waste of time)`;
const FRUSTRATED = new RegExp(
  String.raw`^(?:ugh+[\s,.!]*)?(?:${US} (?:so |really |completely |totally |absolute |absolutely |utter |utterly |just )?${BAD}|(?:this|you|your) (?:bot |chat |service |company |support )?(?:sucks?|isn't helping|aren't helping|are not helping|is not helping)|(?:so |really )?(?:frustrat(?:ed|ing)|annoyed|useless|not helpful)|(?:what a )?(?:stupid|useless|dumb|pointless|rubbish|worthless|terrible|garbage) (?:bot|chat ?bot|chat|thing|machine|robot|service|ai)|(?:(?:ok|okay|fine|well)[,\s]+)?i(?:'m| am)? (?:give|giving) up|ugh+|wtf+|ffs|omfg|for fuck'?s sake|come on|seriously)${END}`,
  'i',
);

// "this is the THIRD time im contacting you", "i've already called twice about this": a repeat contact.
const AGAIN = String.raw`(?:second|2nd|third|3rd|fourth|4th|fifth|5th|umpteenth|\d+(?:st|nd|rd|th)|several|many|multiple)`;
const CONTACTS_AGAIN = new RegExp(
  String.raw`\b(?:${AGAIN} time (?:i'?m |i am |i'?ve |i have )?(?:contact|call|chatt?|writ|messag|email|reach|ask|com|talk)\w*|(?:i'?ve |i have )?already (?:contacted|called|chatted|written|messaged|emailed|reached out|talked|spoken) (?:to )?(?:you|your|support|someone)|(?:contacted|called|chatted with|written to|messaged|emailed) (?:you|support) (?:twice|three times|\d+ times|several times|so many times|many times|before about))`,
  'i',
);

/** Whether the user says this is not their first contact about it ("this is the third time im contacting you people"). */
export function contactsAgain(text: string): boolean {
  return CONTACTS_AGAIN.test(text.replace(/[’`]/g, "'"));
}

/** Annoyance at us, the whole message, or each of its sentences ("your service is garbage. wtf"). */
function frustrated(said: string): boolean {
  if (FRUSTRATED.test(said)) return true;
  const sentences = said.split(/[.!?;]+/).map((s) => s.trim()).filter(Boolean);
  return sentences.length > 1 && sentences.every((s) => FRUSTRATED.test(s));
}
// Lost at the question just asked: "what do you mean?", "I don't understand", "i dont know what that is", "huh?".
const CONFUSED = new RegExp(
  String.raw`^(?:sorry[,.]?\s*)?(?:what do you mean(?: by [a-z' -]{1,30})?|what does that mean|i (?:don'?t|do not) (?:understand|get it|follow)|(?:i (?:don'?t|do not) know|idk|dunno|i have no idea|no idea) what (?:that|this|it) (?:is|means)|what(?:'?s| is) (?:that|this)|(?:i'?m |i am )?(?:confused|lost)|huh|what|eh|\?+)${END}`,
  'i',
);
// Stuck at a step: "how do I do that?", "I don't know how", "where is that button?", "i dont have that option" (not
// "i dont have that", which answers "Does the remote have a pairing button?"). (Where a step offers "I can't find
// that", the option answers it: see interruptions.ts.)
const STUCK = new RegExp(
  String.raw`^(?:how (?:do|can|would|should) i (?:do|find|get to|open|check) (?:that|this|it)|i (?:don'?t|do not) know how(?: to(?: do (?:that|this|it))?)?|not sure how(?: to(?: do (?:that|this|it))?)?|i (?:don'?t|do not) (?:have|see|get) (?:that|this|the|an?|any)(?: [a-z-]{1,20})? (?:option|options|setting|settings|menu|tab)|where(?:'?s| is| are| do i find| can i find) (?:that|this|it|the [a-z -]{1,30}?)(?: button| setting| settings| option| menu| switch)?)${END}`,
  'i',
);
// "how do i find my router?", "what is a router", "what do u mean by router": Wi-Fi, speaker and TV steps all say "restart the router", and
// many users don't know which box that is.
const BOX = String.raw`(?:my |the |a |our )?(?:wifi |wi-fi |internet )?(?:router|modem|wifi box|internet box)`;
const WHICH_ROUTER = new RegExp(
  String.raw`^(?:(?:ok|so|um|and|sorry|wait)[,\s]+)?(?:how (?:do|can|would) i (?:find|locate|know|tell)(?: which is| where)? ${BOX}(?: is)?|where(?:'?s| is| do i find| can i find| would i find) ${BOX}|what(?:'?s| is| do (?:you|u|ya) mean by| does) ${BOX}(?: mean)?|(?:which|what) (?:one |thing |box )?is ${BOX}|i (?:don'?t|do not) know (?:where|what|which) ${BOX} is|(?:i )?(?:can'?t|cannot) find ${BOX})${END}`,
  'i',
);
// "hello?", "are you still there?": the user wonders whether anyone is listening.
// "helloooo?", "heyyy?": drawn out by a user who has waited a while.
export const ARE_YOU_THERE = new RegExp(String.raw`^(?:hel+o+|hi+|he+y+|anyone|anybody)\?+$|^hel+o{3,}[.!]*$|^(?:are you|r u|you) (?:still )?there${END}|^(?:is )?any(?:one|body) there${END}`, 'i');
// "hello", "hi there", "good morning": a plain hello, which a waiting user says to a chat that went quiet.
const HELLO_ONLY = new RegExp(String.raw`^(?:hi+|hel+o+|he+y+|hiya|heya|howdy|good (?:morning|afternoon|evening|day))(?:\s+there)?${END}`, 'i');

/** A hello and nothing else: not "hi again" or "i'm back" (comesBack). */
export function greetsOnly(text: string): boolean {
  return HELLO_ONLY.test(text.trim());
}

// "hi again", "i'm back": a user back at the question they left open.
const BACK = new RegExp(String.raw`^(?:(?:hi|hello|hey|hiya)(?:\s+(?:again|there))?(?:[,\s]+(?:i'?m|i am) back)?|(?:ok(?:ay)?[,\s]+)?(?:i'?m|i am) back(?: again)?|back(?: again)?)${END}`, 'i');
// "bye", "gotta go": the user leaves, for now; not "thanks, bye", which says they are done.
const LEAVING = new RegExp(
  String.raw`^(?:ok(?:ay)?[,\s]+)?(?:bye(?:[\s-]?bye)?|good\s?bye|cya|see ya|see you(?: later)?|talk (?:to you )?later|ttyl|(?:i\s+)?(?:gotta|got to|have to|need to|must) go(?: now)?|i'?ll (?:come back|be back|try again|finish this|do (?:it|this|that)) later)(?:[,\s]+for now)?${END}`,
  'i',
);
// A message of only angry or crying faces, or thumbs down: not "ok", which a thumbs-up would be.
const ANNOYED_EMOJI = /^(?:[\u{1F620}\u{1F621}\u{1F92C}\u{1F624}\u{1F44E}\u{1F61E}\u{1F622}\u{1F62D}\u{1F612}\u{1F644}\u{1F4A2}\u{1F629}\u{1F62B}]\u{FE0F}?[\u{1F3FB}-\u{1F3FF}]?\s*)+$/u;
/** Only angry or crying faces, or thumbs down. */
export function annoyedEmojiOnly(text: string): boolean {
  return ANNOYED_EMOJI.test(text.trim());
}

const HOURS = new RegExp(
  String.raw`^(?:what are )?(?:your )?(?:opening|business|office|working|support) hours${END}|^when (?:are you|is support|are (?:the )?technicians) (?:open|available)${END}|^what (?:time|hours) (?:are you|do you) (?:open|close|work)${END}|^what are your (?:opening |business |office |working |support )?hours${END}`,
  'i',
);

/** "what?", "huh?", "what do you mean": the user did not follow the question just asked. */
export function asksWhatIsMeant(text: string): boolean {
  return CONFUSED.test(text.trim().replace(/[’`]/g, "'"));
}

/** "how do i find my router?", "where is the router": the user doesn't know which box the step means. */
export function asksWhichRouter(text: string): boolean {
  return WHICH_ROUTER.test(text.trim().replace(/[’`]/g, "'"));
}

/** "how do i find that", "where is that": the user doesn't know how to do what was just asked. */
export function asksHowToDo(text: string): boolean {
  return STUCK.test(text.trim().replace(/[’`]/g, "'"));
}

/** "brb", "one sec", "going to grab lunch, brb": the user steps away and will be back. */
export function pausesChat(text: string): boolean {
  const said = text.trim().replace(/[’`]/g, "'");
  return PAUSE.test(said) || AWAY.test(said);
}

/** "back", "i'm back", "hi again": a user back at what they left. */
export function comesBack(text: string): boolean {
  return BACK.test(text.trim().replace(/[’`]/g, "'"));
}

/** "bye", "gotta go", "talk later": the user leaves, for now (not "thanks, bye": see the router's goodbye). */
export function leavesForNow(text: string): boolean {
  return LEAVING.test(text.trim().replace(/[’`]/g, "'"));
}

/**
 * Where a waiting user who leaves stands. Closing the widget without "Remember" withdraws the
 * ticket (endOfConversation), so the place is promised only while the chat is open or comes back.
 */
export const KEEPS_PLACE_WHILE_AWAY = "You keep your place in the queue while this chat stays open, and if you come back to it.";

/** Said to a user who leaves with a question open: it stays open for them (and so does their place in the queue). */
export function byeForNow(inQueue: boolean): string {
  return `OK, bye for now! When you're back, just answer my last question and we'll carry on from there.${inQueue ? ` ${KEEPS_PLACE_WHILE_AWAY}` : ''}`;
}

// "yes" or "yes please" with no question open (after the greeting's "What can I help you with?"):
// a yes to being helped. Only where nothing is asked: anywhere else a yes answers the question.
const YES_TO_NOTHING = /^(?:y|yes|yeah|yep|yup|ya|yes please|please)[\s.!]*$/i;

/** The reply to a bare "yes" when no dialog is running; undefined for anything else. */
export function yesToNothing(text: string): SmallTalkReply | undefined {
  if (!YES_TO_NOTHING.test(text.trim())) return undefined;
  return { text: `Sure. What's going on? Tell me in your own words, like "my printer says offline", or pick one of these.` };
}

export function smallTalk(text: string, context: SmallTalkContext): SmallTalkReply | undefined {
  const said = text.trim().replace(/[’`]/g, "'");
  if (pausesChat(said)) return { text: `Take your time: I'll be here when you're ready${context.inQueue ? ', and you keep your place in the queue' : ''}.`, pause: true };
  if (ARE_YOU_A_BOT.test(said)) {
    return {
      text: `I'm ${context.company}'s virtual assistant: a program, not a person. A technician can take over whenever you like; just say "talk to a technician".`,
      suggestions: [INTENT_CHOICE_LABEL.human],
    };
  }
  if (frustrated(said) || ANNOYED_EMOJI.test(said)) {
    if (context.inQueue) return { text: "I'm sorry for the wait. You're still in the queue, and a technician will be with you as soon as one is free." };
    if (context.personUnderway) return { text: "I'm sorry about this. I'm passing it to a person now." };
    return {
      text: `I'm sorry this hasn't helped yet. A technician can take over whenever you like; just say "talk to a technician".`,
      suggestions: [INTENT_CHOICE_LABEL.human],
    };
  }
  // Before "what do you mean by ...", which says nothing more of the word: the router is one we can explain.
  if (context.questionOpen && asksWhichRouter(said)) {
    return {
      text: "The router is the box that makes your Wi-Fi, usually from your internet provider. It has a row of small lights and often antennas, and sits where the internet line comes into your home: by a phone socket, a cable TV outlet or a fibre box. Its Wi-Fi name and password are often on a sticker on it. Some homes have a separate modem next to it: restart both.",
    };
  }
  // At a typed question (a phone number) there is nothing to pick: MainDialog leaves "what?" there
  // to the question, whose re-ask says what it wants (field-collection.ts). The apology is ours: "that
  // wasn't clear" read as blaming the user for asking.
  if (context.questionOpen && asksWhatIsMeant(said)) {
    return { text: `Sorry, I didn't explain that well, and I can't put it another way. Pick the answer that fits best, or say "talk to a technician" and a person will take it from here.` };
  }
  if (context.questionOpen && STUCK.test(said)) {
    return { text: `I don't have more detail than that for this step. If you're stuck, say "talk to a technician" and a person will walk you through it.` };
  }
  if (ARE_YOU_THERE.test(said)) return { text: context.questionOpen ? "Yes, I'm here." : "Yes, I'm here. What can I help you with?" };
  // The open question would otherwise call these a wrong answer ("Please pick one of the options").
  if (context.questionOpen && BACK.test(said)) return { text: 'Welcome back!' };
  if (context.pickOpen && LEAVING.test(said)) return { text: byeForNow(context.inQueue === true), pause: true };
  if (HOURS.test(said) && context.technicianHours) {
    // No day open (`days: {}`): "Our technicians work no regular hours ... outside those hours" says nothing.
    const hours =
      context.technicianHours === NO_REGULAR_HOURS
        ? "We don't have set opening hours. I'm here any time, and when none of our technicians is available I can arrange a call back or an email."
        : `Our technicians work ${context.technicianHours}. I'm here any time, and outside those hours I can arrange a call back or an email.`;
    return {
      text: hours,
      suggestions: [INTENT_CHOICE_LABEL.human],
    };
  }
  return undefined;
}

// Their own support sites: where the user can find a number they can trust.
const VENDORS: Record<string, { name: string; site: string }> = {
  apple: { name: 'Apple', site: 'support.apple.com' },
  microsoft: { name: 'Microsoft', site: 'support.microsoft.com' },
  windows: { name: 'Microsoft', site: 'support.microsoft.com' },
  google: { name: 'Google', site: 'support.google.com' },
  samsung: { name: 'Samsung', site: 'samsung.com/support' },
  hp: { name: 'HP', site: 'support.hp.com' },
  dell: { name: 'Dell', site: 'dell.com/support' },
};
const VENDOR_SUPPORT = new RegExp(
  String.raw`\b(?:call|contact|reach|ring|phone|email|talk to|speak (?:to|with)|get (?:hold of|in touch with)|number|website|site)\b.*\b(${Object.keys(VENDORS).join('|')})(?:'s)? (?:support|customer (?:service|support)|help ?(?:line|desk))\b`,
  'i',
);

/**
 * "i need to call apple support", "whats the number for apple support": a wish to reach the vendor,
 * which we are not. Told by a scam ("a pop up said to call apple support") it is a security report,
 * never asked here.
 */
export function vendorSupport(text: string, company: string): SmallTalkReply | undefined {
  const vendor = VENDORS[VENDOR_SUPPORT.exec(text)?.[1]?.toLowerCase() ?? ''];
  if (!vendor) return undefined;
  return {
    text: `We're ${company}, not ${vendor.name}, so I can't put you through to them. ${vendor.name}'s official support is on their website, ${vendor.site}: only trust a number you find there, never one from a pop-up, email or unexpected call. Or one of our technicians can help: just say "talk to a technician".`,
    suggestions: [INTENT_CHOICE_LABEL.human],
  };
}

/**
 * A picture or file without words (Teams lets users paste a screenshot): the bot cannot read it,
 * and a question it asked stays open, as for a pause.
 */
export const FILES_REPLY = { text: "I can't look at pictures or files in this chat. Please tell me in words what it shows, for example the exact error message.", pause: true } as const;

export function onlyFiles(context: TurnContext): boolean {
  return !context.activity.text?.trim() && (context.activity.attachments?.length ?? 0) > 0;
}

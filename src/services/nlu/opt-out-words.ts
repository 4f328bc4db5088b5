import type { Intent } from './labels';

/**
 * Messages in an opt-out's words that ask for no opt-out. The model weighs "unsubscribe", "share"
 * and "email me" heavily (opt_out at 0.7 to 0.98 whatever surrounds them), and the opt-out dialog
 * then stops our marketing or sharing, which the user never asked for. These readers find what the
 * message asks instead. They read the router's corrected words: lower case, no apostrophes, typos
 * and shorthand undone ("u cant unsubscibe" is "you cant unsubscribe").
 */

/** The user unsubscribes themselves: "how do i unsubscribe", "i cant unsubscribe", "outlook wont let me unsubscribe". */
const DOES_IT_THEMSELVES =
  /\b(?:how (?:do|can|could|would|should|to)(?: (?:i|you|we))?|i (?:cant|cannot|can not|couldnt|could not|tried to|keep trying to)|(?:unable|trying|not able) to|(?:wont|doesnt|does not|will not) let me)(?: \w+)? (?:unsubscribe|unsub|opt out|stop (?:getting|receiving))\b/;
/** Our mail: "your emails", "ur newsletter" (read as "your"), "emails from you". */
const OURS = /\b(?:your|yours)\b|\bfrom (?:you|us)\b/;
/** Whoever the mail is from: "from apple emails", "from amazons newsletter", "from a newsletter". */
const SENDER = /\bfrom (?:(a|an|some|another|other|someones) )?(\w+)/;
/** Words after "from" that name no sender, so the mail may be ours: "from emails", "from the newsletter", "from marketing". */
const NO_SENDER = new Set(
  ('the these those this that all any every such my our it them everything anything future further more unwanted ' +
    'marketing promotional promo promos promotions sales advertising ads adverts spam junk offers deals updates news ' +
    'newsletter newsletters email emails mail mails mailing emailing list lists text texts calls messages getting receiving')
    .split(' '),
);

/** A secret, which nobody shares on purpose: "dont share my password with anyone". */
const SECRET =
  /\b(?:passwords?|passcodes?|pins?|pin numbers?|login(?: details)?|credentials|(?:verification|security|one time) codes?|otp|card (?:numbers?|details)|bank details|account numbers?|ssn|social security numbers?)\b/g;
const SHARES = /\b(?:share|sharing|shared|give|giving|pass|passing|tell|telling|show|showing|reveal|sell|selling)\b/;
/** The user's data, which a sharing opt-out is about: "dont share my password or my details". */
const PERSONAL_DATA = /\b(?:data|info|information|personal|contact|details|address|phone number|email address|name)\b/;

/** One thing not to be sent: "dont email me the report", "do not send me that file". */
const ONE_THING = /\b(?:dont|do not|never)(?: please)? (?:email|e mail|mail|text|send|message)(?: (?:me|it|them))? (?:the|this|that|a|an|my) (\w+)/;
/** What our marketing sends, named as the thing: "dont send me the newsletter" is an opt-out. */
const MARKETING_THING = new Set(
  ('offers offer deals deal newsletter newsletters promotions promotion promo promos marketing ads adverts advertising ' +
    'emails texts messages spam junk updates news sales stuff')
    .split(' '),
);

/**
 * What a message the model read as an opt-out asks for instead, if it is one of these: a question
 * about unsubscribing from someone else's mail, or in an app (`appNamed`: "in outlook"), is a
 * problem with the user's own mailbox (troubleshoot); a password not to be passed on wants to hear
 * how we keep secrets (privacy_info); one thing not to be emailed is no request of ours to stop
 * anything (out_of_scope). Ambiguous messages ("how do i unsubscribe", "dont email me") stay opt-outs.
 */
export function notAnOptOut(
  words: string,
  appNamed: boolean,
  ourName: ReadonlySet<string> = new Set(),
): Extract<Intent, 'troubleshoot' | 'privacy_info' | 'out_of_scope'> | undefined {
  if (DOES_IT_THEMSELVES.test(words) && !OURS.test(words) && (appNamed || namesAnotherSender(words, ourName))) return 'troubleshoot';
  if (SHARES.test(words) && words.search(SECRET) >= 0 && !PERSONAL_DATA.test(words.replace(SECRET, ' '))) return 'privacy_info';
  const thing = ONE_THING.exec(words)?.[1];
  if (thing !== undefined && !MARKETING_THING.has(thing)) return 'out_of_scope';
  return undefined;
}

// "from brightside emails": a word of the company's own name is our mail, not someone else's.
function namesAnotherSender(words: string, ourName: ReadonlySet<string>): boolean {
  const found = SENDER.exec(words);
  if (!found) return false;
  const [, someone, word] = found;
  return someone !== undefined || !(NO_SENDER.has(word) || ourName.has(word));
}

/**
 * "and no phone calls either", "no more texts please", "no calls" (or "and texts too", THAT_TOO): only a kind of contact refused,
 * said most often right after another opt-out. The model read the first as a request for a
 * technician's call (human at 0.57, for "phone" and "calls"). Anchored to the whole message, so a
 * fault stays a fault ("no calls on my phone since yesterday"). A rule, not training phrases: five
 * added phrases moved a dozen held-out readings.
 */
const NO_MORE_CONTACT = new RegExp(
  '^(?:(?:and|also|plus|oh|ok|okay|same|so) )*(?:no|no more|none of (?:the|your)|not any more) ' +
    '(?:(?:phone|marketing|sales|promotional|promo|cold|text|sms|sales|spam|junk|your) )*' +
    '(?:calls?|phone calls?|texts?|sms|messages|emails?|e mails?|mails?|newsletters?|offers|deals|promos?|promotions|adverts?|ads)' +
    '(?: (?:either|too|as well|please|pls|thanks|thank you|from you|to me|for me|then))*$',
);

/**
 * "and texts too", "and calls as well": a kind of contact added to the opt-out just made. Both the
 * "and" and the "too" are asked for: "texts too" alone may answer a phone guide's question.
 * ("as well" is read "as will" by the router's corrector.)
 */
const THAT_TOO = new RegExp(
  '^(?:and|also|plus)(?: (?:also|the|your|phone|marketing|sales|promotional|promo|text|sms))* ' +
    '(?:calls?|phone calls?|texts?|sms|messages|emails?|e mails?|mails?|newsletters?|offers|deals|promos?|promotions|adverts?|ads)' +
    '(?: (?:please|pls))? (?:too|as (?:well|will)|also|either)(?: (?:please|pls|thanks|thank you))*$',
);

export function asksForNoMoreContact(words: string): boolean {
  return NO_MORE_CONTACT.test(words) || THAT_TOO.test(words);
}

/**
 * A request to stop, in words: "stop", "unsubscribe", "opt out", "no more", "don't call me", "take
 * me off", "leave me alone", "withdraw my consent", "no marketing", "turn off promos". The model
 * reads an opt-out in any message about calls, texts, email or notifications ("cant hear anyone on
 * calls" at 0.76), and the opt-out dialog switches our marketing off at once; a message without
 * one of these asks for nothing to stop.
 */
const ASKS_TO_STOP = new RegExp(
  [
    '\\b(?:stop\\w*|quit|cease|halt|enough|unsub\\w*|unsuscribe|opt(?:ing)? (?:me )?out|optout|opt me out|leave me alone)\\b',
    '\\b(?:no longer|no more|not any more|none of (?:the|your))\\b',
    '\\b(?:dont|do not|never|please dont|pls dont)(?: please| ever)? (?:call|phone|ring|email|e mail|mail|text|message|contact|send|share|sell|pass|give|record|track|save|monitor|spam|bother|want|consent)\\b',
    '\\bi dont want\\b',
    '\\b(?:take|remove|delete|drop|get) (?:me|my \\w+(?: \\w+)?) (?:off|from)\\b',
    '\\b(?:remove|take) me\\b',
    '\\b(?:withdraw\\w*|revok\\w*|object\\w*|reject\\w*|mute)\\b',
    '\\b(?:turn|switch|shut|put) (?:\\w+ ){0,3}off\\b|\\b(?:recording|tracking|marketing) off\\b',
    '\\bcancel (?:my |the |all )?(?:marketing|newsletters?|promo\\w*|advert\\w*)\\b|\\bpreferences to none\\b',
    '\\bno (?:\\w+ ){0,2}(?:marketing|promo\\w*|offers?|deals?|adverts?|ads|advertising|advertisements?|newsletters?|spam|junk|cold calls?|sales calls?|tracking|recording|cookies|sharing|third party|contact)\\b',
  ].join('|'),
);

/** Whether the message asks for something to stop (see ASKS_TO_STOP), which an opt-out must. */
export function asksToStop(words: string): boolean {
  return ASKS_TO_STOP.test(words) || asksForNoMoreContact(words);
}

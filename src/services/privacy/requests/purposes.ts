import type { ConsentPurpose, ConsentRecord } from '../consent-ledger';
import { asksRatherThanRequests } from '../../nlu/question';
import { isClipped, isSlip } from '../../nlu/spelling';
import { fromUs } from '../../nlu/our-names';
import { escapeRegExp } from '../../nlu/security';
import type { RequestType } from './request-record';

/** What "stop/opt out/withdraw/object" can be about in this chat. */
export type ChoicePurpose = ConsentPurpose;

// Each asked for when it is needed, for that session (P6): without a yes, off.
const ASKED_EACH_TIME: readonly ChoicePurpose[] = ['remote_access', 'diagnostics'];

/** Whether a yes to `purpose` counts for one session only (remote access, a pasted log), never standing. */
export function askedEachTime(purpose: ChoicePurpose): boolean {
  return ASKED_EACH_TIME.includes(purpose);
}

/**
 * Whether a purpose is on for a user, from their latest decision about it (undefined: never
 * decided). Never decided, marketing, sharing and recording are on: the policies send offers and
 * share with partners until the user asks them to stop (opt-outs, P7; the browser's GPC signal is
 * one, P17), the marketing system is given only the do-not-market list, and chats are recorded
 * unless the user asks not to be (P8). Opt-outs, opt-ins and "what have i opted out of" all read
 * it here, so none of them tells the user another story.
 */
export function isOn(purpose: ChoicePurpose, decision: Pick<ConsentRecord, 'granted'> | undefined): boolean {
  return decision ? decision.granted : !ASKED_EACH_TIME.includes(purpose);
}

export interface PurposeReading {
  purposes: ChoicePurpose[];
  /** opt_out unless the user used the words of an objection or a consent withdrawal. */
  kind: Extract<RequestType, 'opt_out' | 'objection' | 'withdraw_consent'>;
}

const has = (text: string, pattern: RegExp) => pattern.test(text);

// The words these readings turn on. A slip of the fingers in one ("opt me bak in", "you can emial
// me offers agian") otherwise loses the reading, or gives the opposite one: an opt-in read as the
// opt-out its other words describe.
// So does a last letter left off ("dont shar my data"): none of these words cut short is another word.
const KEY_WORDS = [
  'again', 'back', 'email', 'emails', 'emailing', 'newsletter', 'newsletters', 'offers', 'deals', 'marketing', 'promotions',
  'subscribe', 'resubscribe', 'unsubscribe', 'sending', 'texting', 'calling', 'record', 'recording', 'share', 'sharing', 'stop',
];
const KNOWN = new Set(KEY_WORDS);

/** The message as the readings below see it: lower case, straight apostrophes, slips in their key words undone. */
function normalised(raw: string): string {
  return raw
    .toLowerCase()
    .replace(/[’‘]/g, "'")
    .replace(/[a-z]{3,}/g, (word) => (KNOWN.has(word) ? word : (KEY_WORDS.find((key) => isSlip(word, key) || isClipped(word, key)) ?? word)));
}

const EMAIL = /\b(e-?mails?|emailing|newsletters?|mailing list|inbox|unsubscribe|unsub)\b/;
const PHONE = /\b(calls?|calling|phone|ring(ing)?|texts?|texting|sms|messages? on my (mobile|cell)|telemarketing|cold.?call\w*)\b/;
// Spam is marketing too, and on its own also names a channel (email, below): one spelling for both.
const SPAM_WORD = String.raw`spam(s|ming|med|my)?`;
const SPAM = new RegExp(String.raw`\b${SPAM_WORD}\b`);
const MARKETING = new RegExp(String.raw`\b(marketing|promo(tion)?s?|promotional|offers?|deals?|adverts?|advertising|ads|${SPAM_WORD}|sales|newsletters?|unsubscribe|commercial)\b`);
const SHARING = /\b(shar(e|es|ing)|sell(ing)?|sold|partners?|third.?part(y|ies)|affiliates?|advertisers?|pass(ing)? (on|along)|give away|hand over)\b/;
const RECORDING = /\b(record(ed|ing|ings)?|transcripts?|save (this|the|my) (chat|conversation)|log(ging)? (this|the|my) (chat|conversation)|keep (a copy of )?(this|the|my) (chat|conversation))\b/;
const REMOTE = /\bremote\b/;
const DIAGNOSTICS = /\b(diagnostics?|telemetry|error logs?|system reports?|crash reports?)\b/;
const WITHDRAW = /\b(withdraw\w*|revok\w*|retract\w*|take back|pull)\b.{0,40}\bconsent\b|\bconsent\b.{0,30}\b(withdrawn|revoked)\b|\bno longer consent\b|\bdon'?t consent\b/;
const EVERYTHING = /\b(everything|all of (it|them|that)|all (marketing|contact))\b/;
const DELETES_ALL = /\b(?:delete|erase|wipe|forget|clear|purge|remove)\b(?: \w+){0,3}? (?:everything|all of (?:it|them|that))\b/g;
const OBJECT = /\bobject(s|ed|ing|ion)?\b/;

/**
 * Reads which purposes a request to stop is about, from one message. Marketing with no channel
 * named means both channels: "stop sending me offers" must not need a follow-up question.
 */
export function readPurposes(raw: string): PurposeReading {
  const text = normalised(raw);
  const purposes = new Set<ChoicePurpose>();
  // "stop emailing me, texts are fine": a channel named only as the exception is not stopped.
  const stopped = splitException(text).stop;
  const phone = has(stopped, PHONE);
  const marketing = has(text, MARKETING) || /\b(stop|no more|don'?t) (send|contact|email|call|text|bother)\w*\b/.test(text);
  // Spam is our word for unwanted marketing email: "stop spamming me" names no other channel.
  const email = has(stopped, EMAIL) || (has(stopped, SPAM) && !phone);
  const recording = has(text, RECORDING) || NOT_KEPT.test(text);
  const remote = has(text, REMOTE);
  const diagnostics = has(text, DIAGNOSTICS);
  if (has(text, SHARING)) purposes.add('third_party_sharing');
  if (recording) purposes.add('transcript_recording');
  if (remote) purposes.add('remote_access');
  if (diagnostics) purposes.add('diagnostics');
  // "record" alone says nothing about marketing; a channel word or marketing word does.
  const marketingMeant = marketing || ((email || phone) && !recording && !remote && !diagnostics);
  if (marketingMeant) {
    if (email) purposes.add('marketing_email');
    if (phone) purposes.add('marketing_phone');
    if (!email && !phone) {
      purposes.add('marketing_email');
      purposes.add('marketing_phone');
    }
  }
  // "Unsubscribe me from everything" is more than the emails its first word names: everything
  // but what an exception keeps ("..., texts are fine"). "Delete everything" is not about stopping.
  if (EVERYTHING.test(stopped.replace(DELETES_ALL, ''))) {
    const { keep } = splitException(text);
    if (!has(keep, EMAIL)) purposes.add('marketing_email');
    if (!has(keep, PHONE)) purposes.add('marketing_phone');
    if (!has(keep, SHARING)) purposes.add('third_party_sharing');
  }
  const kind = has(text, WITHDRAW) ? 'withdraw_consent' : has(text, OBJECT) ? 'objection' : 'opt_out';
  return { purposes: ORDER.filter((p) => purposes.has(p)), kind };
}

// A later clause that lets something go on: "..., but calls are fine", "except texts", "you can still call me".
const EXCEPTION_START = /(?:\bbut\b|\bexcept(?: for)?\b|\bapart from\b|\b(?:al)?though\b|\bhowever\b|[,;.])/;
const STILL_FINE = /\b(?:fine|ok|okay|alright|all right|good|still|can|may|allowed|welcome|happy)\b|\bdon'?t mind\b/;

/** The message split into what it asks to stop and the exception clauses after it ("but calls are fine"). */
function splitException(text: string): { stop: string; keep: string } {
  const parts = text.split(new RegExp(`(${EXCEPTION_START.source})`));
  let stop = parts[0];
  let keep = '';
  for (let i = 1; i < parts.length; i += 2) {
    const clause = parts[i + 1] ?? '';
    const isException = /^(?:except|apart)/.test(parts[i].trim()) || (STILL_FINE.test(clause) && !STOPS.test(clause));
    if (isException) keep += ` ${clause}`;
    else stop += `${parts[i]}${clause}`;
  }
  return { stop, keep };
}

const TEXTS = /\b(?:texts?|texting|sms|text messages?)\b/;
const CALLS = /\b(?:calls?|calling|ring(?:ing)?)\b/;

/**
 * "Stop texting me but calls are fine": the user names calls or texts with the other as an
 * exception. Marketing calls and texts are one setting (marketing_phone), so the bot must say so
 * rather than silently stop both. Returns which one they asked to stop and which to keep.
 */
export function phoneException(raw: string): { stop: 'texts' | 'calls'; keep: 'texts' | 'calls' } | undefined {
  const { stop, keep } = splitException(normalised(raw));
  if (TEXTS.test(stop) && !CALLS.test(stop) && CALLS.test(keep)) return { stop: 'texts', keep: 'calls' };
  if (CALLS.test(stop) && !TEXTS.test(stop) && TEXTS.test(keep)) return { stop: 'calls', keep: 'texts' };
  return undefined;
}

const ORDER: ChoicePurpose[] = ['marketing_email', 'marketing_phone', 'third_party_sharing', 'transcript_recording', 'remote_access', 'diagnostics'];

/** How a purpose is named when the bot confirms a change. */
export const PURPOSE_LABEL: Record<ChoicePurpose, string> = {
  marketing_email: 'marketing emails',
  marketing_phone: 'marketing calls and texts',
  third_party_sharing: 'sharing your information with third parties',
  transcript_recording: 'recording of your chats',
  remote_access: 'remote access to your computer',
  diagnostics: 'collecting diagnostics from your devices',
};

// "I keep getting texts from you", "you guys keep emailing me", "stop spamming me": contact
// from us, sent to the user, complained about. Directed at us (not "spam calls on my phone"),
// about what is sent (plural "texts", not the "email app"), and not asked about as a question
// ("why do you keep emailing me?"; "can you stop emailing me" asks for it politely).
// Said of us without "from": "you guys keep texting me", "stop emailing me"; "texts from brightside" is fromUs.
// The company by its name too: "brightside keeps texting me", "stop brightside texts", "stop your texts".
function atUs(company?: string): RegExp {
  const name = company?.trim().split(/\s+/)[0];
  const named = name ? `|${escapeRegExp(name.toLowerCase())}` : '';
  return new RegExp(
    String.raw`\b(?:(?:you(?: guys| people| lot)?${named}) keeps?|(?:stop|quit) (?:texting|emailing|e-mailing|calling|messaging|spamming|sending) me)\b` +
      String.raw`|\b(?:stop|quit|unsubscribe from) (?:the |all |all the )?(?:your${named ? `${named}(?:'?s)?` : ''}) `,
  );
}
// "how do i stop brightside texts": asking how to stop our own contact asks us to stop it, which we do.
const HOW_TO_STOP = /^(?:how (?:do|can|could) i|how to) (?:stop|unsubscribe from)\b/;
const WHAT_WE_SEND = /\b(?:e-?mails|emailing|newsletters|texts|texting|sms|calls|calling|messages|messaging|spam(?:ming)?)\b/;
const COMPLAINT = /\b(?:stop|quit|enough|keeps?|too many|sick of|tired of|getting|receiving|don'?t want)\b/;

// "i unsubscribed already", "I've opted out", "i told you to stop": the user already asked us to stop.
const ALREADY_ASKED =
  /\b(?:i(?:'?ve| have)?|we(?:'?ve| have)?) (?:already |just |even )?(?:unsubscribed|unsubbed|opted (?:out|me out)|asked (?:you )?(?:to stop|not to)|told you (?:to stop|not to))\b|\b(?:unsubscribed|opted out) (?:already|ages ago|weeks ago|months ago|last \w+)\b/;

/**
 * True when the message complains about our marketing contact: "I keep getting texts from you, stop
 * it". Asked as a question too when the user says they already asked us to stop ("why do you keep
 * emailing me?? i unsubscribed already"): that is no question to answer but the opt-out again.
 * `company`: the policy's company.name, so "texts from brightside" are ours.
 */
export function asksToStopContact(raw: string, company?: string): boolean {
  const text = normalised(raw);
  return (fromUs(company).test(text) || atUs(company).test(text)) && WHAT_WE_SEND.test(text) && COMPLAINT.test(text) && (!asksRatherThanRequests(text) || ALREADY_ASKED.test(text) || HOW_TO_STOP.test(text));
}

/** True when the user says they had already asked us to stop ("i unsubscribed already"): they are owed an apology. */
export function saysAlreadyOptedOut(raw: string): boolean {
  return ALREADY_ASKED.test(normalised(raw));
}

/** True when the message is plainly an objection or a consent withdrawal about a known purpose. */
export function isExplicitObjection(raw: string): boolean {
  const reading = readPurposes(raw);
  return reading.kind !== 'opt_out' && reading.purposes.length > 0;
}

// "Opt me back in", "subscribe me to your newsletter", "you can record it again", "please email me
// deals", "i want your emails": the opposite of an opt-out, in the same words ("marketing emails"),
// so the router reads it as one.
const OPTS_IN = /\b(?:opt(?:ing)? (?:me )?(?:back )?in\b|sign (?:me )?(?:back )?up\b|re-?subscribe|subscribe (?:me|to|again|back)\b|(?:start|resume) (?:sending|emailing|e-mailing|texting|calling|recording|sharing)\b|turn (?:\w+ ){0,3}back on\b|(?:please|you can|you may|go ahead and|feel free to|(?:ok|okay|fine) to) record(?: (?:this|the|my|our) (?:chats?|conversations?)| it| again| now)*(?: please)?[\s.!]*$|^(?:ok |okay |yes |please )*record (?:it |this |this chat |the chat |my chats |our chats )?again\b|(?:can|may|should) (?:\w+ ){0,2}(?:record|share|email|e-mail|text|call|contact)\b.*\b(?:again|back)\b|(?:want|like) to (?:get|receive) (?:your |the )?(?:\w+ )?(?:newsletters?|offers|deals|emails|texts)\b|\b(?:want|like|get)\b.*\b(?:newsletters?|offers|deals|marketing|promotions?|promotional|promos?)\b.*\bagain\b|\b(?:want|like|love) (?:your|the) (?:\w+ )?(?:newsletters?|offers|deals|e-?mails|texts|promotions?)\b|\b(?:e-?mail|text|send) me (?:your |the |some |more )?(?:\w+ )?(?:deals|offers|newsletters?|promotions?|promos?|coupons|discounts)\b)/;
const STOPS = /\b(?:stop|quit|unsubscribe|don'?t|do not|didn'?t|did not|never|no longer|no more|remove|opt(?:ed)? (?:me )?out|enough)\b/;

// "pls dont save this convo", "can u not store my messages", "dont keep a copy of this chat", "i dont
// want this conversation saved": this chat not to be kept, in any words for keeping it. Asked of us
// ("dont", "can you not"), so "i dont know how to save my messages" or "my phone does not save my
// messages" is no request; the words between are only those of such a request.
const ASKED_NOT = String.raw`(?:don'?t|do not|never|(?:can|could|would|will) (?:you|u)(?: please| pls)? not|no need to)(?: (?:want|you|u|guys|to|ever|please|pls|even|bother|need))*`;
const THIS_CHAT = String.raw`(?:this|the|my|our|these|that)(?: whole| entire)? (?:chats?|convos?|conversations?|messages|transcripts?)`;
const KEEP = String.raw`(?:sav(?:e|ing)|keep(?:ing)?|stor(?:e|ing)|record(?:ing)?|log(?:ging)?)`;
const KEPT = String.raw`(?:saved|kept|stored|recorded|logged)`;
const NOT_KEPT = new RegExp(
  String.raw`\b${ASKED_NOT} ${KEEP}(?: (?:a|any|copy|copies|of|record|transcript|anything|from|all|everything))* ${THIS_CHAT}\b` +
    String.raw`|\b${ASKED_NOT}(?: (?:have|let))? ${THIS_CHAT}(?: to be| being| be)? ${KEPT}\b`,
);

/** True when the message asks not to be recorded ("don't record this chat", "stop recording", "pls dont save this convo"). */
export function asksNotToRecord(raw: string): boolean {
  const text = raw.toLowerCase().replace(/[’‘]/g, "'");
  return ((STOPS.test(text) && RECORDING.test(text)) || NOT_KEPT.test(text)) && !asksToOptIn(raw);
}

/** True when the message asks us not to keep this chat in words for keeping it ("dont keep a copy of this chat"), not only "record". */
export function asksNotToKeepChat(raw: string): boolean {
  return NOT_KEPT.test(raw.toLowerCase().replace(/[’‘]/g, "'")) && !asksToOptIn(raw);
}

/** True when the message asks to start or resume something an opt-out would stop. */
export function asksToOptIn(raw: string): boolean {
  const text = normalised(raw);
  return OPTS_IN.test(text) && !STOPS.test(text);
}

// "subscribe me" alone, "start sending me emails again": said to us, of what we send unasked. (Not
// "subscribe me to the annual plan", billing, nor "can you call me back", a callback.)
const OPT_IN_WORDS = /\bopt(?:ing)? (?:me )?(?:back )?in\b|\bre-?subscribe\b|^(?:please )?subscribe me(?: again| back)?(?: please)?$|\b(?:start|resume) (?:sending|emailing|e-mailing|texting) me\b(?: (?:your |the )?(?:e-?mails|texts|messages))? again\b/;

/**
 * An opt-in in words no other request uses, whatever the router made of it ("start recording my
 * chats again" reads as privacy_info, "resubscribe me" as out_of_scope): an opt-in word, or a
 * marketing, sharing or recording word. A channel alone is not enough: "can you call me back"
 * asks for a callback, and "sign me up for the annual plan" is billing.
 */
export function isExplicitOptIn(raw: string): boolean {
  const text = normalised(raw);
  return asksToOptIn(text) && (OPT_IN_WORDS.test(text) || MARKETING.test(text) || SHARING.test(text) || RECORDING.test(text));
}

// "actually no keep sending them", "i changed my mind", "undo that", "don't stop them": the user takes
// back an opt-out. Only read right after one (see the opt-out dialog): elsewhere "undo that" or
// "keep sending" are about anything else.
const TAKES_BACK =
  /\b(?:keep|continue|carry on|go on) (?:on )?(?:sending|emailing|e-mailing|texting|calling|sharing|recording|them coming|it coming|them on|it on)\b|\bchanged? (?:my|of) mind\b|\bon second thought|\bundo (?:that|it|this|the)\b|^\s*undo\W*$|\breverse (?:that|it)\b|\btake (?:that|it) back\b|\bdidn'?t mean (?:that|it|to)\b|\b(?:don'?t|do not) (?:stop|unsubscribe)\b|\bi (?:still )?want (?:them|it|those|these)\b/;
// What a take-back may not say as well: a new opt-out ("i changed my mind, stop texting me too").
const STOPS_AGAIN = /\b(?:stop|unsubscribe|opt (?:me )?out|no more)\b/;

/**
 * True when the message takes back an opt-out the user has just made: "actually no keep sending
 * them", or the opt-in said outright ("actually please email me offers again"), which at the
 * opt-out's optional address question was read as a wrong address.
 */
export function takesBackOptOut(raw: string): boolean {
  const text = normalised(raw);
  return (TAKES_BACK.test(text) && !STOPS_AGAIN.test(text.replace(/\b(?:don'?t|do not|didn'?t mean to) (?:stop|unsubscribe)\b/g, ' '))) || isExplicitOptIn(text);
}

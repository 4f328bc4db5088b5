// Questions about the user's own privacy matters that the model reads by their other words: "did
// you delete my data yet" as a deletion request (0.97), "status of my export" as an access request
// (0.93). Each opened a new request, and replaced the one the user asked about.

/** Which of the user's requests a status question is about: one kind, or any. */
export type StatusAsked = 'access' | 'correction' | 'deletion' | 'any';

const norm = (text: string) => text.toLowerCase().replace(/[’‘`]/g, "'");

// Asking after something already asked for. Not "yet" alone ("delete my data yet again"), nor "when
// will my data be deleted" (how long we keep data, which the retention answer gives).
const STATUS =
  /\b(?:status|any news|news (?:on|about)|any updates?|an update|updates? on|progress|what(?:'s|s| is) (?:happening|going on|the latest|up) with|what happened (?:to|with)|how(?:'s|s| is) (?:my|the) .{0,30}\bgoing|where(?:'s|s| is| are) (?:my|the)\b|(?:is|are) (?:it|my|the) .{0,30}\b(?:done|ready|finished|complete|completed|processed|through)\b|go(?:ne)? through|still (?:waiting|pending|open)|follow(?:ing)? up on|heard back)\b|\b(?:did|have|has)\b.{0,40}\byet\b|\b(?:did|have) (?:you|u|ya|y'all|you guys) (?:already |actually |really )?(?:delete|deleted|erase|erased|remove|removed|wipe|wiped|export|exported|send|sent|process|processed|correct|corrected|update|updated)\b|\b(?:has|have|was|were) (?:my|all my|all of my) (?:data|account|details|info\w*|personal \w+)(?: \w+){0,2} (?:been )?(?:deleted|erased|removed|wiped|exported|corrected|updated)\b/;

// What was asked for: the request's own words.
const DELETION = /\b(?:delet\w*|eras\w*|remov\w*|wip(?:e|ed|ing)|forget me|forgotten)\b/;
const ACCESS = /\b(?:export\w*|download\w*|cop(?:y|ies) of my (?:data|info\w*)|access request|subject access|dsar|(?:sent|send) (?:me )?my (?:data|info\w*|details))\b/;
const CORRECTION = /\b(?:correct\w*|(?:update|updated|change|changed) (?:to )?my (?:details|email|address|phone|name|number))\b/;
const ANY = /\b(?:(?:data|privacy|gdpr|ccpa|rights?) requests?|requests? (?:for|about) my data)\b/;

/**
 * "whats happening with my deletion", "any news on my data request", "did you delete my data yet",
 * "status of my export": the kind of request asked after, or undefined for anything else
 * ("delete my data", "any update on my callback", "how long do you keep my data").
 */
export function requestStatusAsked(text: string): StatusAsked | undefined {
  const t = norm(text);
  if (!STATUS.test(t)) return undefined;
  if (DELETION.test(t)) return 'deletion';
  if (ACCESS.test(t)) return 'access';
  if (CORRECTION.test(t)) return 'correction';
  return ANY.test(t) ? 'any' : undefined;
}

// "is this chat recorded", "are my chats recorded", "will this conversation be saved".
const THIS_CHAT_KEPT =
  /\b(?:is|are|will|would|does|do|r)\b.{0,25}\b(?:this|these|the|our|my) (?:chats?|conversations?|convos?|messages?|session)\b.{0,25}\b(?:recorded|recording|saved|logged|kept|stored|monitored|transcribed)\b/;
// "are you recording this", "do you record these chats", "am i being recorded", "is this being recorded".
const RECORDING_US =
  /\b(?:are|r) (?:you|u|ya) (?:recording|saving|logging|keeping|storing|monitoring) (?:this|me|us|it|our|these|the|my|what)\b|\b(?:do|does|will) (?:you|u|ya) (?:record|save|log|keep|store|monitor) (?:this|these|the|our|my|me|us|it|what)\b|\b(?:am i|is this|is it|are we)(?: being)? (?:recorded|logged|monitored|saved)\b/;

/**
 * "is this chat recorded", "are you recording this": a question whether this conversation is
 * recorded. Not "how long are recordings kept" (retention), nor "is my echo recording me" (the
 * device, not this chat), nor "don't record this chat" (an opt-out).
 */
export function asksIfRecorded(text: string): boolean {
  const t = norm(text);
  if (/\bhow long\b/.test(t)) return false;
  return THIS_CHAT_KEPT.test(t) || RECORDING_US.test(t);
}

// "do you have my details", "have you got my email address on file": whether we hold something is
// answered by showing what we hold (an access request). The model read "details" and "email address"
// as a correction. Not "do you keep my info" (how we handle data: privacy_info).
const HELD =
  /^(?:hi |hello |hey )?(?:so |and |just wondering,? )?(?:do|does|did) (?:you|u|ya|you guys|your company|the company) (?:have|hold|store|still have|have got) (?:any of )?my (?:details|info|information|data|personal (?:details|info|information|data)|e-?mail(?: address)?|phone(?: number)?|number|address|name)(?: on (?:file|record)| stored| saved| anywhere)?\??$|^(?:have|has) (?:you|u|your company) got (?:any of )?my (?:details|info|information|data|e-?mail(?: address)?|phone(?: number)?|number|address|name)(?: on (?:file|record)| stored| saved| anywhere)?\??$/;

/** "do you have my details?": the user asks whether we hold their data, which the data they can see answers. */
export function asksWhatIsHeld(text: string): boolean {
  return HELD.test(norm(text).trim().replace(/[.!\s]+$/, ''));
}

// Where the user's own choices stand: "what have i opted out of", "am i still subscribed to your
// newsletter", "what are my privacy settings". The model reads the first two as opt-outs (0.55,
// 0.72) for their words, and the opt-out dialog carried out a new one with a receipt.
const SETTINGS_ASKED =
  /\bwhat (?:have|did|do|am) i (?:\w+ ){0,2}(?:opt(?:ed)?[ -]?(?:out|in)|unsubscribed?|subscribed?|turned off|switched off|stopped|said no to)\b|\b(?:am|are) (?:i|we) (?:still |now |already )?(?:subscribed|unsubscribed|opted[ -]?(?:out|in)|signed up|on (?:your|the) (?:\w+ )?(?:list|newsletter)|getting (?:your )?(?:\w+ )?(?:emails|newsletters?|offers|texts|calls))\b|\bmy (?:privacy|marketing|contact|communication|consent|data|email|opt[ -]?out) (?:settings|preferences|choices|options|status)\b|\bwhat (?:are|r) my (?:settings|preferences|choices)\b|\b(?:did|has|have) my (?:opt[ -]?out|unsubscribe)s? (?:\w+ )?(?:work|worked|go through|gone through)\b/;
// A request in the same words: "stop all marketing", "i want to unsubscribe, am i still subscribed?" is still the opt-out.
const ASKS_TO_CHANGE = /\b(?:stop|quit|cancel|remove|withdraw|delete|reset|unsubscribe me|opt me (?:out|in)|no more|(?:don'?t|do not) (?:send|email|call|text|share|record)|turn (?:\w+ ){0,2}(?:off|on)|change|update|start)\b/;

/**
 * "what have i opted out of", "am i still subscribed to your newsletter", "what are my privacy
 * settings": a question where the user's own choices stand (answered from their consent records),
 * not a request to change one ("stop all marketing", "change my privacy settings").
 */
export function asksPrivacySettings(text: string): boolean {
  const t = norm(text);
  return SETTINGS_ASKED.test(t) && !ASKS_TO_CHANGE.test(t);
}

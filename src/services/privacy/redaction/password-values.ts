// What follows a password keyword: the value itself, or words about the password ("is not working",
// "is too short", "Password: correct horse battery staple"). Shared by the patterns in secrets-passwords.ts.
import { CLAUSE_WORDS, isPlaceholder } from './scan';

// Words that follow "password is" in ordinary complaints rather than being the password.
const NOT_A_VALUE = new Set(
  (
    'not no wrong incorrect correct right invalid valid expired working broken locked the a an too very still being required needed ' +
    'case-sensitive case sensitive saved stored different same old new reset changed forgotten lost blank empty missing weak strong ' +
    'long short rejected accepted ok okay fine there in on at for to now set also what that this it my your his her their our ' +
    'somewhere written definitely probably just only and or but because since when where which who how why been supposed asking ' +
    'showing shown hidden greyed grayed disabled enabled known unknown changing failing protected encrypted displayed asked ' +
    'requested prompted stuck really actually already always never sometimes mine yours printed taped attached below above here ' +
    'following either neither both all any something nothing anything everything longer shorter complicated simple easy hard ' +
    'difficult secure insecure compromised hacked leaked stolen flashing blinking red green orange yellow blue white off unlit lit ' +
    'active inactive enough good bad great terrible ready expiring updated declined refused denied outdated out-of-date ' +
    'up-to-date uppercase lowercase upper-case lower-case capitalised capitalized numeric alphanumeric temporary wi-fi ' +
    'case-insensitive again anymore synced syncing synchronised synchronized unsynced shared reused remembered autofilled ' +
    'imported exported gone deleted erased wiped cleared disappeared vanished blocked unblocked barred suspended frozen ' +
    // What a hardware pin is ("the pin on the cable is bent"): "pin" names a connector pin as often as a PIN.
    'bent corroded loose damaged snapped cracked dirty burnt burned melted shorted worn rusty oxidised oxidized dead faulty ' +
    'weird strange odd funny sorry wait hmm um uh oops hello hi hey help yes yeah nope ' +
    // How people go on about it: "is buggy", "is misbehaving", "is useless", "is letters and numbers".
    'buggy glitchy misbehaving useless annoying ridiculous unrecognized unrecognised recognized recognised unaccepted ' +
    'autosaved autofill prefilled pre-filled unclear rejecting refusing erroring glitching crashing bugging looping ' +
    'loading spinning generated auto-generated related managed mismatched incompatible unsupported ' +
    'letters numbers digits characters symbols words caps correctly incorrectly properly wrongly perfectly manually ' +
    'automatically cached issues issue problems problem errors error trouble troubles itsel checked double-checked verified confirmed tested retyped forever ' +
    'nowhere unchanged secret private confidential personal classified lol haha lmao ' +
    // The same complaints in the other languages the keywords cover: "mein Passwort ist falsch", "mi contraseña es incorrecta".
    'falsch richtig korrekt abgelaufen gesperrt vergessen ungültig gültig neu alt anders gleich geändert kaputt leer zu sehr nicht ' +
    'incorrecta incorrecto correcta correcto inválida invalida válida caducada expirada bloqueada olvidada nueva vieja ' +
    'diferente igual muy demasiado errónea erronea mala buena débil ' +
    'faux fausse bon bonne mauvais mauvaise expiré expirée bloqué bloquée oublié oubliée perdu perdue trop pas nouveau ' +
    'ancien différent pareil invalide valide refusé refusée erroné erronée incorrecte correcte toujours déjà ' +
    'errada errado incorreta correta esquecida nova antiga sbagliata errata corretta giusta scaduta bloccata dimenticata ' +
    'nuova vecchia fout verkeerd juist verlopen geblokkeerd vergeten nieuw oud'
  ).split(/\s+/),
);

/**
 * Says something about a password rather than being one: "ready?", "case-sensitive", "isn't".
 * Only words from the list above (a plain word not on it may be the password: "sunshine") and
 * negated verbs; mixed case ("rEady") or a digit is something chosen, so it is never spared.
 */
export function describesPassword(value: string): boolean {
  const word = value.replace(/[?!]+$/, ''); // the question or exclamation the word ends
  if (/\d/.test(word) || (/\p{Lu}/u.test(word.slice(1)) && /\p{Ll}/u.test(word))) return false;
  const lower = word.toLowerCase();
  return NOT_A_VALUE.has(lower) || COMPLAINT_LEAD.test(lower) || /^\p{Ll}+n['’]t$/u.test(lower);
}

/** A Wi-Fi security mode ("WPA2-PSK", "WPA3-SAE", "WPA2/WPA3-Personal"): a setting the technician needs, never a key. */
export const SECURITY_MODE = /^(?:wpa[23]?|wep|wps|tkip|aes|ccmp|sae|psk|owe|eap)(?:[-/](?:wpa[23]?|psk|sae|aes|tkip|ccmp|personal|enterprise|mixed|transition|tls|peap|eap))*$/i;

// "my password is 8 characters": a length, not the password.
const LENGTH_AFTER = /^\s+(?:characters?|chars?|letters?|digits?|symbols?|long)(?![\p{L}])/iu;

// Credentials need something password-like: a digit, a symbol, mixed case, or at least be the last word of the clause.
export function plausibleValue(text: string, start: number, end: number, requireShape: boolean): boolean {
  const value = text.slice(start, end);
  if (value.length === 0 || isPlaceholder(value)) return false;
  if (describesPassword(value)) return false;
  if (/^\d{1,2}$/.test(value) && LENGTH_AFTER.test(text.slice(end))) return false;
  if (/^(?:https?:|www\.)/i.test(value) || SECURITY_MODE.test(value)) return false;
  const shaped = /\d/.test(value) || /[^\p{L}\p{N}]/u.test(value) || (/\p{Lu}/u.test(value.slice(1)) && /\p{Ll}/u.test(value));
  if (shaped || !requireShape) return true;
  // A plain word counts when the clause ends after it: "my password is sunshine." but not "... is flashing red".
  const after = text.slice(end, end + 12);
  return /^\s*(?:$|[.,;!?)\n]|and\b|but\b|so\b|-|–)/i.test(after);
}

// The next word of a passphrase: plain letters. A word with a digit or a hyphen ("HP-4520", "0x80070005",
// "5 minutes") is a model, an error code or a count the technician needs, so the phrase ends there.
const NEXT_WORD = /[ \t]+(?<w>\p{L}+)(?<p>[.,;!?]?)(?=\s|$)/uy;
// Besides CLAUSE_WORDS, these start what the user says about the password, not more of it.
const PHRASE_STOP = /^(?:for|on|in|with|from|at|to|since|after|before|behind|beneath|underneath|inside|through|via|during|until|without|still|not|no|\p{L}+n[’']t)$/iu;
const NEGATION = /^(?:not|no|never|\p{L}+n[’']t)$/iu;

/**
 * "Password: correct horse battery staple": after an explicit label the value runs to the end of the
 * clause, whatever its words (up to eight in all), so a passphrase of ordinary words goes whole, not just
 * its first word. Returns the end of the phrase that starts with the word ending at `end`.
 */
export function phraseEnd(text: string, end: number): number {
  let at = end;
  for (let words = 1; words < 8; words++) {
    NEXT_WORD.lastIndex = at;
    const m = NEXT_WORD.exec(text);
    const word = m?.groups?.['w'];
    if (!m || !word || CLAUSE_WORDS.test(word) || PHRASE_STOP.test(word)) break;
    at = NEXT_WORD.lastIndex - (m.groups?.['p']?.length ?? 0);
    if (m.groups?.['p']) break; // the clause ends with this word
  }
  return at;
}

/** A labelled value of several words is a passphrase unless it says something about the password ("Password: not accepted"). */
export function plausiblePhrase(text: string, start: number, end: number): boolean {
  const words = text.slice(start, end).split(/\s+/);
  const first = words[0] ?? '';
  if (isPlaceholder(first) || NEGATION.test(first) || words.every(describesPassword)) return false;
  // The first word alone may be one that describes ("correct horse ..."), but not a length or a link.
  return plausibleValue(text, start, start + first.length, false) || describesPassword(first);
}

// Words that never start a passphrase: "my password is the same as ...", "is my dog's name", "is a mess".
const NOT_FIRST = /^(?:the|a|an|my|your|his|her|their|our|its|this|that|these|those|it|what|which|who|some|something|nothing|anything|everything|same|one|all|any|both|either|neither|too|very|so|really|also|still|just|only|being|been|getting|going|kind|sort|pretty|quite|like|la|le|les|el|los|las|der|die|das|den|dem|ein|eine|un|una|une|mon|ma|mes|mi|mein|meine|il|lo|o|de)$/iu;
// Words that say something about the password rather than being part of it (besides those describesPassword knows,
// and those that never start a passphrase):
// "is locked out again", "is giving me trouble", "is blocked by the admin", "und ich komme nicht rein".
const NOT_IN_PHRASE = /^(?:of|as|by|than|like|about|into|onto|out|up|down|over|under|off|every|each|across|per|whenever|me|us|him|them|you|one|ones|default|usual|original|standard|factory|generic|normal|regular|typical|today|yesterday|tonight|lately|recently|anyway|though|too|even|und|oder|aber|ich|es|et|ou|mais|je|il|ne|y|pero|yo|no|e|ma|non|en|maar|niet|para|por|pour|für|con|mit|avec|sur|del|du|des|según|segun|selon|laut|dans|nach|bei|von|vom|beim|auf|im|am|desde|depuis|chez|al|dal|nel|sul|van|op|bij|met|voor)$/iu;
const MAX_PHRASE_WORDS = 6;
// An adverb that opens what is said about the password: "is suddenly refusing login", "is mostly numbers", "is kinda long".
const COMPLAINT_LEAD = /^(?:suddenly|randomly|constantly|continually|apparently|totally|completely|literally|basically|seriously|obviously|clearly|usually|normally|currently|mostly|mainly|largely|partly|partially|fully|entirely|kinda|sorta|super|extra|way|extremely|ridiculously|annoyingly|weirdly|strangely|oddly|simply|nearly|almost|barely|hardly|somehow|supposedly|technically|unusually|fairly|rather|overly|quite|exactly|repeatedly|sometimes|often|frequently|occasionally|keeps)$/iu;
// A participle the lists know as a password's state opens a passive clause, "is reset every month", "is synced across
// devices", "is failing on my phone"; an adjective such as "correct" may still open a passphrase.
const PARTICIPLE = /^(?:\p{L}{2,}(?:ed|ing)|reset|set|lost|shown|known|hidden|broken|forgotten|written|stolen|frozen|stuck|gone)$/iu;

// A colour says what a light shows ("the pin is flashing red"), but opens a passphrase as often: "blue elephant".
const COLOUR = /^(?:red|green|orange|yellow|blue|white)$/i;

/** Says what the password is like or what happens to it, rather than being its first word. */
function opensComplaint(first: string): boolean {
  return COMPLAINT_LEAD.test(first) || (describesPassword(first) && PARTICIPLE.test(first));
}

/**
 * "my password is correct horse battery staple": after "password is" a passphrase of ordinary words runs to the end of
 * the clause. Taken only as three to six plain words of which none after the first says something about the password
 * ("is wrong again", "is locked out", "is the same as before" stay), and the first is no article or pronoun. The
 * clause ends at punctuation or a word that starts a new one ("... staple and the router says error 5" keeps its
 * tail). Returns the end of the phrase starting with the word at [start, end), or -1 when it is not one.
 */
export function passphraseEnd(text: string, start: number, end: number): number {
  const first = text.slice(start, end);
  if (!/^\p{L}+$/u.test(first) || NOT_FIRST.test(first) || NEGATION.test(first) || opensComplaint(first)) return -1;
  let at = end;
  let words = 1;
  for (;;) {
    NEXT_WORD.lastIndex = at;
    const m = NEXT_WORD.exec(text);
    const word = m?.groups?.['w'];
    if (!m || !word || CLAUSE_WORDS.test(word) || PHRASE_STOP.test(word)) break;
    if (describesPassword(word) || NOT_FIRST.test(word) || NOT_IN_PHRASE.test(word) || ++words > MAX_PHRASE_WORDS) return -1;
    at = NEXT_WORD.lastIndex - (m.groups?.['p']?.length ?? 0);
    if (m.groups?.['p']) break;
  }
  // Two words are a passphrase only when neither says something about the password: "purple monkey" goes, while
  // "case sensitive", "only numbers" or "correct now" stay. (A passphrase that starts with such a word is kept
  // only when it has three words or more: "correct horse battery staple".)
  // "correct horse" is a passphrase, "wrong again" or "correct honestly" a remark: after such a first word the second must
  // read as a noun, not an adverb or a word people end a sentence with.
  if (words === 2 && describesPassword(first) && !COLOUR.test(first) && REMARK_END.test(text.slice(start, at).split(/\s+/)[1] ?? '')) return -1;
  return words >= 2 ? at : -1;
}

// What ends a remark about a password ("is wrong everywhere", "is correct mate"), as opposed to a word of a passphrase.
const REMARK_END = /^(?:\p{L}+ly|again|twice|once|everywhere|anywhere|everyday|everytime|tho|btw|mate|man|dude|bro|guys|folks|sir|maam|ugh|argh|pls|plz|thx|ty|smh|idk|imo|tbh|now|then|today|tonight|lately|apparently)[.,;!?]?$/iu;

// A hint at the password rather than the password: "dog's name", "my son's birthday", "the name of my dog". It tells
// anyone reading the transcript where to look, so it goes whole, with the owner's word when there is one.
const HINT = /(?:my|his|her|our|their|your)\s+(?:birthday|birth\s?date|birth\s+year|date\s+of\s+birth|anniversary)(?![\p{L}])|(?:(?:my|his|her|our|their|your)\s+)?[\p{L}-]{1,20}['’]s(?=[\s.,;!?]|$)|the\s+(?:name|birthday|birth\s?date|date\s+of\s+birth|age|number|nickname)\s+of\s+(?:my|his|her|our|their|your)\s+(?:[\p{L}-]{1,20}\s+)?(?!(?:and|or|but|then|plus|with)(?![\p{L}-]))[\p{L}-]{1,20}/iuy;

/** End of a hint starting at `start` ("dog's name", "my son's birthday"), with the clause words after it, or -1 when none starts there. */
export function hintEnd(text: string, start: number): number {
  HINT.lastIndex = start;
  const m = HINT.exec(text);
  if (!m) return -1;
  const end = start + m[0].length;
  // "the name of my dog" names what it is whole; "my dog's" is followed by what of the dog ("name", "birthday").
  let hint = /['’]s$/.test(m[0]) ? phraseEnd(text, end) : end;
  // "dog's name followed by 2019": the phrase runs on over "followed by", which joins what is added, not the hint.
  const followed = FOLLOWED_BY.exec(text.slice(end, hint));
  if (followed) hint = end + followed.index;
  // "my birthday 0412": the number written straight after the hint is the hint's value, the password itself.
  HINT_VALUE.lastIndex = hint;
  if (HINT_VALUE.test(text)) hint = HINT_VALUE.lastIndex;
  // "dog's name plus 99": what is added to the hint is the rest of the password.
  HINT_ADDED.lastIndex = hint;
  const added = HINT_ADDED.exec(text);
  if (!added) return hint;
  // "and", "with" and "then" also start a new clause: in "dog's name and 2019 is the year" the number is the subject of
  // one, not part of the password. A question about the password ("and 99 is that ok?") still goes with it.
  NEW_CLAUSE.lastIndex = HINT_ADDED.lastIndex;
  return /^[ \t]+(?:and|with|then)[ \t]/i.test(added[0]) && NEW_CLAUSE.test(text) ? hint : HINT_ADDED.lastIndex;
}
const HINT_VALUE = /[ \t]*[:(-]?[ \t]*\d{2,8}(?:[/.-]\d{1,4}){0,2}\)?(?![\p{L}\p{N}])(?![ \t]+(?:times|x|tries|attempts|years?|months?|days?|digits?|characters?|chars?)(?![\p{L}]))/iuy;
const FOLLOWED_BY = /[ \t]+followed[ \t]+by(?![\p{L}])/iu;
const HINT_ADDED = /[ \t]+(?:plus|\+|and|with|then|followed\s+by)[ \t]+[^\s.,;!?]{0,20}\d[^\s.,;!?]{0,20}/iy;
const NEW_CLAUSE = /[ \t]+(?:is|was|are|were|has|had|will|would|means|marks)[ \t]+(?!(?:that|this|it|ok|okay|right|fine|safe|good|enough)(?![\p{L}]))/iuy;

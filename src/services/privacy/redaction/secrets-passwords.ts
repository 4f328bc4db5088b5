// Passwords, PINs, passcodes and Wi-Fi keys typed in context (P10: "passwords erased").
// A value is only taken after a keyword; a few heuristics keep ordinary sentences such as
// "my password is not working" intact.
import { describesPassword, hintEnd, SECURITY_MODE, passphraseEnd, phraseEnd, plausiblePhrase, plausibleValue } from './password-values';
import { before, isPlaceholder, NOT_IN_ADDRESS, PLACEHOLDER_NAMES, spansOf, trimValue, type DetectContext } from './scan';
import { ACCESS_CODE_NAME } from './secrets-access-codes';
import type { Span } from './types';

const L = String.raw`(?<![\p{L}\p{N}])`; // keyword must start a word
const R = String.raw`(?![\p{L}\p{N}])`;

/**
 * "pasword", "passwrod", "passowrd": "password" with one letter dropped, doubled or swapped with
 * its neighbour. People type fast when they paste a secret, and a misspelt keyword let "my pasword
 * is hunter22" through to the transcript and the technician. None of these forms is an English word.
 */
function slips(word: string): string[] {
  const forms = new Set<string>();
  for (let i = 0; i < word.length; i++) {
    forms.add(word.slice(0, i) + word.slice(i + 1));
    forms.add(word.slice(0, i) + word[i] + word.slice(i));
    if (i + 1 < word.length) forms.add(word.slice(0, i) + word[i + 1] + word[i] + word.slice(i + 2));
  }
  forms.delete(word);
  // A slip of the first letter ("asword", "apssword") is too far from the word to be meant.
  return [...forms].filter((f) => f.startsWith('p'));
}
/** "password" as typed, slips included. */
const PASSWORD_WORDS = String.raw`pass\s?words?|passwd|(?:${[...new Set([...slips('password'), ...slips('passwd')])].sort((a, b) => b.length - a.length).join('|')})s?`;

// Any credential keyword. "pass" and "pw" are too common in prose, so they only count with ":" or "="
// (STRONG) or before a password-shaped value (PASS_IS).
// German, French, Spanish, Portuguese, Dutch and Italian words for password are included: users mix languages.
// A connector's "pin 4" (1 to 3 digits right after the word) is hardware, not a PIN: "pin 4 on the cable is bent".
const PIN_WORD = String.raw`(?:pins?|nips?)(?:[\s-]?(?:code|number|nummer|no\.?|#))?(?!\s*#?\s*\d{1,3}(?!\p{N})${NOT_IN_ADDRESS})`;
// "NIP" is the French (Canadian) PIN; "clave", "code secret" and "Geheimzahl" are how Spanish, French and German name one.
const KEYWORD = String.raw`(?:${PASSWORD_WORDS}|passwort|kennwort|mot\s+de\s+passe|contrase[ñn]a|clave|senha|wachtwoord|parola\s+d'ordine|code\s+secret|geheim(?:zahl|nummer)|passwd|pass\s?codes?|pass\s?phrases?|pwd|${PIN_WORD}|(?:wi-?fi|wlan|wpa[23]?|network|wireless|security|wep|router|psk)[\s_-]?(?:key|password|passphrase)|unlock\s+code|lock\s?screen\s+code|screen\s+lock\s+code)`;
const STRONG_KEYWORD = String.raw`(?:${KEYWORD}|pass|pw|psk|passphrase)`;

// Unquoted values stop at whitespace; values after ":" or "=" also stop at a ";" or "&" that starts the
// next field of a connection string or query string ("Password=x;User Id=sa", "pw=x&user=bob"). Any other
// ";" or "&" is part of the password ("password: Tr0ub4dor&3"): stopping there would keep its tail.
const QUOTED = String.raw`"[^"\n]{1,100}"|'[^'\n]{1,100}'|“[^”\n]{1,100}”`;
const STRONG_VALUE = String.raw`(?<v>${QUOTED}|(?:[^\s;&"“]|[;&](?![\w.-]+(?:\s[\w.-]+)?\s*=)){1,100})`;
const WORD_VALUE = String.raw`(?<v>${QUOTED}|[^\s"“]{1,100})`;

const STRONG = new RegExp(`${L}${STRONG_KEYWORD}${R}\\s*(?:is\\s*)?[:=]\\s*${STRONG_VALUE}`, 'giud');
// "Password for the printer's web page: admin123": a few words between keyword and colon.
// Not the colon of a time ("my password expired at 10:30!!"): a colon between digits is no label's.
const STRONG_AFTER_WORDS = new RegExp(`${L}${KEYWORD}${R}(?:\\s+[^\\s:=\\[\\]]{1,30}){1,5}?\\s*(?:(?<!\\d)[:=]|[:=](?!\\d))\\s*${STRONG_VALUE}`, 'giud');
// "the password is either hunter22 or ...", "is probably Summer24": a hedge before the value is not the value.
// "its definitely hunter22", "it's really Fluffy99": insisting is no value either.
const HEDGE = String.raw`(?:(?:either|maybe|probably|possibly|perhaps|still|just|definitely|definately|defo|def|really|actually|surely|certainly|100%)\s+)?`;
// "my password manager is 1Password", "the passcode screen is frozen": the keyword names something else.
const NOT_THE_PASSWORD = String.raw`(?!\s+(?:managers?|apps?|generators?|vaults?|screens?|hints?|fields?|boxes|box|prompts?|polic(?:y|ies)|requirements?|rules|strength|settings?|history|page)${R})`;
// "ist", "lautet", "est", "c'est", "es", "é", "è", "is nu": the verbs of the languages the keywords cover.
const FOREIGN_VERBS = String.raw`ist|lautet|hei(?:ß|ss)t|war|est|c['’]est|es|era|é|è|is\s+nu`;
// "my wifi password for the guest network is X": up to four filler words before the verb.
const VERBAL = new RegExp(
  `${L}${KEYWORD}${R}${NOT_THE_PASSWORD}(?:\\s+(?!is\\b|was\\b|are\\b|were\\b)[^\\s:=\\[\\]]{1,30}){0,4}?\\s+(?:is|was|are|were|would\\s+be|will\\s+be|should\\s+be|(?:might|could|may)\\s+be|used\\s+to\\s+be|is\\s+now|=|${FOREIGN_VERBS})\\s+${HEDGE}${WORD_VALUE}`,
  'giud',
);
// "my password's Chelsea1905"
const POSSESSIVE = new RegExp(`${L}${KEYWORD}[’']s\\s+${WORD_VALUE}`, 'giud');
// "pass is Harbor#19": "pass" is common in prose, so only a password-shaped value counts.
const PASS_IS = new RegExp(`${L}(?:pass|pw)\\s+(?:is|was)\\s+${WORD_VALUE}`, 'giud');
// "wifi: HomeNet5G / key: 9xQ!r8Lm2#": a bare "key:" is a Wi-Fi key when the text is about a network.
const KEY_FIELD = new RegExp(`${L}key${R}\\s*[:=]\\s*${STRONG_VALUE}`, 'giud');
const NETWORK_TALK = /wi-?fi|wlan|ssid|wireless|router|wpa|network/i;

// "the admin password was changed to X"
const PASSIVE_CHANGED_TO = new RegExp(
  `${L}${KEYWORD}${R}\\s+(?:was\\s+|has\\s+been\\s+|got\\s+|is\\s+(?:now\\s+)?)?(?:changed|set|reset|updated)\\s+to\\s+${WORD_VALUE}`,
  'giud',
);
// "it keeps saying wrong pin but i know its 3344", "same password everywhere, it's rosebud77"
const PIN_LATER = new RegExp(`${L}(?:pins?|pin\\s?code|pass\\s?codes?)${R}[^.!?\\n\\[\\]]{0,40}?(?<![\\p{L}])(?:it[’']?s|it\\s+is|is|was)\\s+(?<v>\\d{4,12})(?!\\d)`, 'giud');
const PASSWORD_LATER = new RegExp(`${L}(?:${PASSWORD_WORDS}|pass\\s?phrases?)${R}[^.!?\\n\\[\\]]{0,40}?(?<![\\p{L}])(?:it[’']?s|it\\s+is)\\s+${WORD_VALUE}`, 'giud');
// "it asked for my pin so i typed 4821", "the password box came up and I entered Harbor19": the value typed after the
// keyword was named earlier in the sentence. Not a count ("tried 3 times"): PINs need four digits or more, and a
// password a password's shape (see findPasswords).
const TYPED = String.raw`(?:typed|entered|keyed|punched|put|tried|used|input|gave\s+it|gave\s+them)(?:\s+in)?`;
// A number with a unit after it is a count or a measure: "tried 2000 times", "used 2000 grit".
const COUNTED = String.raw`\s*(?:times|x|tries|attempts|grit|rpm|mah|watts?|volts?|ms|seconds?|secs?|minutes?|mins?|hours?|hrs?|days?)${R}`;
const PIN_TYPED_LATER = new RegExp(`${L}(?:pins?|pin\\s?code|pass\\s?codes?)${R}[^.!?\\n\\[\\]]{0,40}?(?<![\\p{L}])${TYPED}\\s+(?<v>\\d{4,12})(?!\\d)(?!${COUNTED})`, 'giud');
const PASSWORD_TYPED_LATER = new RegExp(`${L}(?:${PASSWORD_WORDS}|pass\\s?phrases?)${R}[^.!?\\n\\[\\]]{0,40}?(?<![\\p{L}])${TYPED}\\s+${WORD_VALUE}(?!${COUNTED})`, 'giud');
const CHANGED_TO = new RegExp(
  `${L}(?:changed?|set|reset|updated?|made)\\s+(?:[\\p{L}-]{1,20}\\s+){0,3}${KEYWORD}${R}\\s+(?:to|as)\\s+${WORD_VALUE}`,
  'giud',
);
// The value must be a whole token: never the tail of a longer one, nor of a placeholder. Up to two words may say
// whose or which password it is ("9876 is my phone passcode", "hunter22 is my gmail password").
const REVERSED = new RegExp(
  `(?<!\\S)(?<v>${QUOTED}|[^\\s"“]{3,64})\\s+(?:is|was)\\s+(?:my|the|our|his|her|their|your)\\s+(?:[\\p{L}'’-]{1,20}\\s+){0,2}?(?:password|passcode|pin|pin\\s+code|passphrase)${R}${NOT_THE_PASSWORD}(?!\\s+(?:length|limit|minimum|maximum|error|problem|issue|reset|change)s?${R})`,
  'giud',
);
// A bare value right after the keyword: "password Summer2024! doesn't work", "pin 4821".
const BARE = new RegExp(`${L}(?:${PASSWORD_WORDS}|pass\\s?phrases?|pwd|pw)\\s+(?<v>[^\\s"“(\\[]{4,64})`, 'giud');
// "pw" is also a product's short name ("Kindle PW 2024", the Paperwhite), so a year right after a bare "pw" stays.
const YEAR = /^(?:19|20)\d{2}$/;
const PW_BEFORE = /(?<![\p{L}])pw\s+$/iu;
// "network key 8HJ2KL9Q": the Wi-Fi key named bare, as Windows asks for it ("Enter the network security key").
// Not "security key" or "router key": those are also things you hold ("my security key YubiKey5 isn't detected").
const BARE_NETWORK_KEY = new RegExp(`${L}(?:wi-?fi|wlan|wpa[23]?|network(?:\\s+security)?|wireless)[\\s_-]?key\\s+(?<v>[^\\s"“(\\[]{4,64})`, 'giud');
// A user name and its password as a pair: "login: carol / S3cretP@ss", "user carol pass S3cretP@ss".
const USER = String.raw`${L}(?:log-?in|user(?:\s?name)?|user\s?id|account|credentials?)`;
const USER_NAME = String.raw`[^\s/:=]{1,64}`;
// "login: jsmith / pass: Tr0ub4dor&3": a word with a colon after the slash labels the value, and stays.
const NOT_A_LABEL = String.raw`(?!\p{L}{1,20}\s*[:=](?:\s|$))`;
const USER_SLASH_LABELLED = new RegExp(`${USER}\\s*[:=]\\s*${USER_NAME}\\s*/\\s*${NOT_A_LABEL}${WORD_VALUE}`, 'giud');
const USER_SLASH = new RegExp(`${USER}\\s+${USER_NAME}\\s*/\\s*${NOT_A_LABEL}${WORD_VALUE}`, 'giud');
const USER_PASS = new RegExp(`${USER}\\s*[:=]?\\s*${USER_NAME}\\s*[,/]?\\s+(?:pass|pw|pwd)\\s+${WORD_VALUE}`, 'giud');
// "jo@x.com / hunter22", "jsmith / Tr0ub4dor&3": an account and its password written as a pair, with no label. After
// an email address anything password-like goes (see loginValue); after a bare user name, which "TCP / IP" or
// "Win10 / Win11Pro" resemble, only a token with letters, digits and a symbol (see chosenToken).
const PAIR = new RegExp(`(?<![^\\s"“'(\\[])(?:[\\p{L}\\p{N}._+-]{1,64}(?<e>@[\\p{L}\\p{N}-]{1,63}(?:\\.[\\p{L}\\p{N}-]{1,63}){1,4})?)\\s*/\\s*${NOT_A_LABEL}${WORD_VALUE}`, 'giud');
// The network and its key as a pair: "ssid: HomeNet5G / Harbor19", "the wifi is HomeNet5G pass Harbor19". The
// network name must hold a letter, so "wifi: 2.4/5GHz" is not read as one.
const NETWORK = String.raw`${L}(?:ssid|wi-?fi(?:\s+name)?|network\s+name)`;
const NETWORK_NAME = String.raw`(?=[^\s/:=]{0,63}\p{L})[^\s/:=]{1,64}`;
const NETWORK_SLASH = new RegExp(`(?:${L}ssid\\s*[:=]?\\s*|${NETWORK}\\s*[:=]\\s*)${NETWORK_NAME}\\s*/\\s*${WORD_VALUE}`, 'giud');
const NETWORK_PASS = new RegExp(`${NETWORK}(?:\\s+is|\\s*[:=])?\\s*${NETWORK_NAME}\\s*[,/]?\\s+(?:pass|pw|pwd|key)\\s*[:=]?\\s*${WORD_VALUE}`, 'giud');
// "the key on the router sticker is 8HJ2KL9Q", "my wifi is called HomeNet and the key is C3PO&R2D2": a key, named with
// up to a few words before its verb, when the text is about a network.
const KEY_LATER = new RegExp(`${L}key(?:\\s+(?!is\\b|was\\b)[^\\s:=\\[\\]]{1,30}){0,5}?\\s+(?:is|was)\\s+${WORD_VALUE}`, 'giud');
// "i use hunter2 as password", "I typed 4821 as the PIN"
const AS_PASSWORD = new RegExp(
  `${L}(?:use[sd]?|using|typed?|typing|enter(?:ed|ing)?|put|set|chose|choose|picked|tried|trying)\\s+${WORD_VALUE}\\s+as\\s+(?:(?:my|the|a|our|your)\\s+)?(?:(?:new|old|current|wifi|wi-fi|network|router|account|email|login|admin)\\s+)?${KEYWORD}${R}`,
  'giud',
);
// "i entered 4821 for the pin", "used Harbor#19 for the wifi password": only a value shaped like one (see findPasswords).
const FOR_PASSWORD = new RegExp(
  `${L}(?:use[sd]?|using|typed?|typing|enter(?:ed|ing)?|put|tried|trying)\\s+${WORD_VALUE}\\s+for\\s+(?:(?:my|the|a|our|your)\\s+)?(?:(?:new|old|current|wifi|wi-fi|network|router|account|email|login|admin)\\s+)?${KEYWORD}${R}`,
  'giud',
);
// "tried logging in with hunter22", "signed in using S3cretP@ss", "my login is hunter22": no keyword at
// all, so only a token shaped like a password counts (see loginValue), not "my phone", "google" or "Office365".
const LOGGED_IN_WITH = new RegExp(
  `${L}(?:(?:log(?:ged|ging|s)?[\\s-]?(?:in|on)|sign(?:ed|ing|s)?[\\s-]?(?:in|on))\\s+(?:with|using)|(?:my|the)\\s+(?:log-?in|sign-?in)\\s+(?:is|was))\\s+(?<v>[^\\s"“(\\[]{4,64})`,
  'giud',
);
// "I changed my password. The new one is Winter2025!": "one" stands for a password named shortly before.
const ONE_IS = new RegExp(`${L}(?:new|old|current|previous|temporary|temp)\\s+one(?:\\s+(?:is|was|will\\s+be|is\\s+now)\\s+|\\s*[:=]\\s*)${WORD_VALUE}`, 'giud');
const RECENT_KEYWORD = new RegExp(`${L}${KEYWORD}${R}`, 'giu');
const ANY_KEYWORD = new RegExp(`${L}${KEYWORD}${R}`, 'iu');
// "mine is hunter22", "my son's is fluffy99", "the guest one is Guest2024", "it's Harbor1905": whose or which
// it is, with no keyword in the clause.
const OWNER_IS = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’])(?:(?:mine|hers|his|theirs|ours|yours)\s+(?:is|was)|(?:the|my|our|his|her|their)\s+(?:[\p{L}-]{1,20}\s+)?one\s+(?:is|was)|(?:my|his|her|their|our|your|the)\s+(?:[\p{L}-]{1,20}\s+){0,2}?[\p{L}-]{1,20}[’']s\s+(?:is|was)|it[’']?s|it\s+(?:is|was))\s+${HEDGE}(?<v>[^\s"“(\[]{1,64})`,
  'giud',
);
// "mine is hunter22 and my son's is fluffy99": two people's values set side by side, each letters run into digits,
// are passwords though nothing names them; the same shape names devices ("mine is xps13 and my son's is XPS15"),
// sizes or systems, and those stay (see pairedValue). Only people own them here: "my laptop's is ..." is no pair.
const PERSON = String.raw`(?:sons?|daughters?|kids?|child|childs|wife|husband|partner|spouse|mum|mom|mother|dad|father|brother|sister|bro|sis|girlfriend|boyfriend|gf|bf|fianc[eé]e?|friend|room-?mate|flat-?mate|house-?mate|boss|colleague|co-?worker|grandma|grandpa|granny|nan|nana|aunt|uncle|niece|nephew|cousin|grand(?:son|daughter)|step(?:son|daughter)|teen(?:ager)?|parents?)`;
const OWNER = String.raw`(?:mine|(?:my|our)\s+(?:[\p{L}\p{N}-]{1,20}\s+){0,3}?${PERSON}[’']s)`;
const OWNER_PAIR = new RegExp(
  String.raw`(?<![\p{L}\p{N}'’])${OWNER}\s+(?:is|was)\s+(?<a>[^\s"“(\[]{1,64})(?:\s*[,;])?\s+(?:and|but|while|whereas)\s+${OWNER}\s+(?:is|was)\s+(?<b>[^\s"“(\[]{1,64})`,
  'giud',
);
// A name is what the pair gives when the text asks for one: "what are your gamertags? mine is hunter22 and ...".
const NAME_TALK = /(?<![\p{L}])(?:user\s?names?|gamer\s?tags?|handles?|screen\s?names?|nick\s?names?|account\s+names?|ssids?|(?:wi-?fi|network)\s+names?|e-?mails?|ids?)(?![\p{L}])/iu;
// What the letters of a device, system, size or measure run into digits are: "xps13", "ps5", "ios17", "15inch", "256gb".
const PRODUCT_LETTERS =
  /^(?:xps|iphone|ipad|ipod|imac|macbook|pixel|galaxy|note|xbox|ps|playstation|switch|surface|kindle|echo|moto|redmi|mi|oneplus|nokia|lumia|envy|spectre|omen|yoga|ideapad|thinkpad|legion|zenbook|vivobook|rog|tuf|aspire|nitro|predator|swift|inspiron|latitude|vostro|alienware|pavilion|elitebook|probook|chromebook|nexus|mate|honor|nord|watch|series|deskjet|laserjet|officejet|pixma|ecotank|archer|deco|nighthawk|orbi|fire|kobo|bravia|gen|model|version|ver|mk|mark|windows|win|office|android|ios|macos|ubuntu|fedora|gtx|rtx|rx|ryzen|core|inch|inches|in|cm|mm|hz|ghz|mhz|gb|tb|mb|kb|mp|mah|w|watts?|v|volts?|yrs?|years?|yo|mins?|hours?|hrs?|days?|mbps|gbps|k|p|th|st|nd|rd)$/i;

/** One value of such a pair: a word chosen with digits in it ("fluffy99", "K9x!mP2q"), not a model, a system or a measure. */
const pairedValue: Check = (v, s, e) => {
  if (passwordShaped(v, s, e)) return true;
  const letters = v.replace(/[^\p{L}]/gu, '');
  return (
    /^[\p{L}\p{N}_]+$/u.test(v) &&
    /\d/.test(v) &&
    letters.length >= 3 &&
    !PRODUCT_LETTERS.test(letters) &&
    !ordinaryNumber(v) &&
    !MODEL_NUMBER.test(v) &&
    !LOWER_CASE_MODEL.test(v)
  );
};

function ownerPairs(text: string): Span[] {
  if (NAME_TALK.test(text)) return [];
  const out: Span[] = [];
  for (const m of text.matchAll(OWNER_PAIR)) {
    const values = [m.indices?.groups?.['a'], m.indices?.groups?.['b']].map((g) => (g ? trimValue(text, g[0], g[1]) : [0, 0]));
    if (!values.every(([s, e]) => e > s && pairedValue(text.slice(s, e), s, e))) continue;
    for (const [s, e] of values) out.push({ type: 'password', start: s, end: e });
  }
  return out;
}

// Things a "new one" can be besides a password: "the router is old, the new one is AX1500".
const DEVICE_NOUN = /(?<![\p{L}])(?:router|modem|extender|repeater|access\s+point|mesh|switch|hub|phone|iphone|android|laptop|computer|pc|mac|desktop|tablet|ipad|printer|monitor|tv|television|console|camera|device|model|card|adapter|charger|cable|battery|drive|disk|keyboard|mouse|headset|speaker|watch)s?(?![\p{L}])/giu;
// A model number as people write them: upper-case segments of a short prefix, digits and a short suffix
// ("AX1500", "RT-AX86U", "TL-WR841N", "SM-G991B"). Never lower case, so "hunter22" is not one.
const MODEL_NUMBER = /^(?=[A-Z0-9-]*[A-Z])(?:[A-Z]{1,4}-)?[A-Z]{0,4}\d{1,6}[A-Z]{0,3}$/;
// The same typed in lower case ("ax1500", "rt-ax86u", "tl-wr841n"), only where "one" may mean the device: a short
// maker's prefix and a hyphen, or a short letter prefix and at least three digits, so a word with digits
// ("pass1234", "hunter22") still reads as a password.
const LOWER_CASE_MODEL = /^(?:[a-z]{1,4}-[a-z]{0,4}\d{1,6}|[a-z]{1,3}\d{3,6})[a-z]{0,3}$/;
// "my pin is 4 3 2 1", "pin: four three two one": a PIN read out digit by digit. Taking the first digit alone left the rest.
const SPOKEN_DIGIT = String.raw`(?:\d|zero|oh|one|two|three|four|five|six|seven|eight|nine)`;
const PIN_SPELLED = new RegExp(
  `${L}(?:pin|nip|pin[\\s-]?(?:code|number)|pass\\s?code|unlock\\s+code)(?:\\s+(?:is|was)\\s*:?|\\s*[:=#-])?\\s*(?<v>${SPOKEN_DIGIT}(?:(?:\\s*[,-]\\s*|\\s+)${SPOKEN_DIGIT}){3,11})(?![\\p{L}\\p{N}])`,
  'giud',
);
// "my pin? 0000": the user asks the question and answers it.
const PIN_DIGITS = new RegExp(`${L}(?:pins?|nips?|pin[\\s-]?(?:code|number|nummer|no\\.?)|pass\\s?codes?|unlock\\s+code)\\s*(?:#|-|\\?|is|was)?\\s*(?<v>\\d{4,12})(?!\\d)`, 'giud');


type Check = (value: string, start: number, end: number) => boolean;

/** Password spans of `re` whose trimmed value passes `check`; rejected matches are rescanned from their value (see spansOf). */
function collect(re: RegExp, text: string, check: Check): Span[] {
  return spansOf(re, text, 'password', (_v, start, end) => {
    const [s, e] = trimValue(text, start, end);
    return e > s && check(text.slice(s, e), s, e) && [s, e];
  });
}

/**
 * Looks chosen, not like a product or an account name: three of lower case, upper case after the first
 * letter, digit, symbol ("S3cretP@ss", "Winter2025!"), where "-", "." and "_" do not count as symbols
 * ("Office365", "HP-4520", "MS365" stay), and never an email address.
 */
const passwordShaped: Check = (v) => {
  const kinds = [/\p{Ll}/u.test(v), /\p{Lu}/u.test(v.slice(1)), /\d/.test(v), /[^\p{L}\p{N}._-]/u.test(v)];
  return kinds.filter(Boolean).length >= 3 && !/@[^@]+\.\p{L}/u.test(v) && !isPlaceholder(v);
};

// Products people sign in with, written with a version or edition: "Office365", "M365", "Windows11", "Xbox360".
const SIGN_IN_PRODUCT = /^(?:office|o|m|ms|microsoft|windows|win|xbox|ps|playstation|iphone|ipad|galaxy|pixel|yubikey|outlook|teams|exchange|azure|entra)[\s-]?\d{1,4}[a-z]{0,2}$/i;

/**
 * After "logging in with" / "my login is": a token mixing letters with digits or symbols ("hunter22", "S3cretP@ss")
 * or a run of digits (a PIN), but not an account or service ("google", "my phone"), an email address, a product
 * with a version ("Office365") or an upper-case code such as "2FA" or "MS365".
 */
const loginValue: Check = (v, s, e) => {
  if (passwordShaped(v, s, e)) return true;
  if (isPlaceholder(v) || /@[^@]+\.\p{L}/u.test(v) || /^(?:https?:|www\.)/i.test(v)) return false;
  if (/^\d{4,12}$/.test(v)) return true;
  if (!/\p{L}/u.test(v) || !/\d|[^\p{L}\p{N}._-]/u.test(v)) return false;
  return !SIGN_IN_PRODUCT.test(v) && !MODEL_NUMBER.test(v);
};

/** Whether a text names a password, PIN or Wi-Fi key (the bot's question, for one). */
/**
 * How many of the user's messages a password named or removed keeps "maybe its hunter2?" a password
 * (the bot's middleware and the Direct Line log's copy read the same).
 */
export const PASSWORD_TALK_MESSAGES = 3;

export function talksOfPasswords(text: string): boolean {
  return ANY_KEYWORD.test(text);
}

// Values already replaced: "[removed]", "[EMAIL]" and the like.
const PLACEHOLDER = new RegExp(`\\[${PLACEHOLDER_NAMES}\\]`, 'g');

/**
 * End of the last credential keyword in the 200 characters before `start`, or -1 when there is none. The look back
 * stops at a placeholder: a replaced value is shorter than what it replaced, so counting across it would let a
 * second pass reach a keyword the first could not (redacting twice must change nothing).
 */
function lastKeywordEnd(text: string, start: number): number {
  const windowStart = Math.max(0, start - 200);
  let from = windowStart;
  for (const m of text.slice(windowStart, start).matchAll(PLACEHOLDER)) from = windowStart + (m.index ?? 0) + m[0].length;
  let last = -1;
  for (const m of text.slice(from, start).matchAll(RECENT_KEYWORD)) last = from + (m.index ?? 0) + m[0].length;
  return last;
}

/**
 * "the new one is X", "mine is X": a value with no keyword of its own is a password only when one was named
 * before it, in the message or by the question the bot waits on (`passwordTalk`). A device named after the
 * keyword may be what "one" or "mine" means: then a model number is kept, while anything else (such as
 * "Y2k9!x") still goes. So is a model number when only the question named a password: the bot warns about
 * passwords too, which proves nothing about what the user answers.
 */
function namedPassword(text: string, value: string, start: number, ctx: DetectContext): boolean {
  const last = lastKeywordEnd(text, start);
  if (last < 0 && !ctx.passwordTalk) return false;
  const model = value.replace(/[.,;:!?]+$/, '');
  if (!MODEL_NUMBER.test(model) && !LOWER_CASE_MODEL.test(model)) return true;
  // A maker's prefix and a hyphen ("RT-AX86U", "tl-wr841n") is how products are named, not passwords chosen.
  if (/^[a-z]{1,4}-/i.test(model)) return false;
  return last >= 0 && [...text.slice(last, start).matchAll(DEVICE_NOUN)].length === 0;
}

// "wifi password on the sticker says 8f3kd92k", "the password on the back of the router, 8f3kd92k": a key printed
// somewhere, given after what it says or a comma. Only a key's shape (letters and digits, eight or more, no "." or
// ":"), so "the password page says incorrect" or "..., error 0x80070005" stays.
const PRINTED_LATER = new RegExp(
  `${L}(?:${KEYWORD}|(?:wi-?fi|network|router)\\s+pass)${R}[^.!?\\n\\[\\],:]{0,40}?(?:\\s+(?:says|said|reads|shows)\\s*:?|\\s*[:,])\\s*${WORD_VALUE}`,
  'giud',
);
const printedKey: Check = (v, s, e) => /\p{L}/u.test(v) && wifiKeyValue(v, s, e) && !ordinaryNumber(v) && !LOWER_CASE_MODEL.test(v);

// "Summer2024!", "Tr0ub4dor&3": letters, digits and a symbol that no word, product or error code is written with. In a
// message that names a password, PIN or key, or answers talk of one, such a token is the password however the sentence
// puts it ("the same password everywhere, Summer2024!", "it won't accept Summer2024! as my password"). Not a path, a
// URL, a time, a setting or an email address, which hold ":", "/", "=", ";" or "@" with a domain.
const SYMBOL_TOKEN = /(?<![^\s"“'(\[])(?<v>[^\s"“”'()\[\]<>]{6,64})(?![^\s"”')\]])/gdu;
const chosenToken: Check = (v) =>
  /\p{L}/u.test(v) &&
  /\d/.test(v) &&
  /[!@#$%^&*+~]|\?(?!$)/.test(v) &&
  !/[/\\:=;]|@[^@]+\.\p{L}/u.test(v) &&
  !isPlaceholder(v) &&
  !SIGN_IN_PRODUCT.test(v.replace(/[!?]+$/, '')) &&
  !KEYS_OR_RATE.test(v.replace(/[.,!?]+$/, '')) &&
  // "error 0x800f081f!", "iOS17.2!": an error code or a version said with feeling.
  !ordinaryNumber(v.replace(/[!?]+$/, '')) &&
  !/\d\.\d/.test(v);
// "my wifi is called C3PO&R2D2", "the SSID is R2D2&C3PO": the network's name, which a technician needs. "my wifi is
// C3PO&R2D2" names nothing, and may give the key.
const NETWORK_NAMED = /(?<![\p{L}])(?:(?:wi-?fi|network|hotspot|ssid)\s+(?:is\s+|was\s+)?(?:called|named)|(?:ssid|(?:wi-?fi|network)\s+name)\s*(?:is|was|[:=]))\s*["“']?$/iu;
// "the screen says H3ll0 W0rld!", "the TV shows 'C3PO&R2D2'": up to three words a screen shows, quoted to the technician.
// Not a sticker's or a label's (a Wi-Fi key is printed there), nor what the user typed ("says wrong when I enter X"),
// nor in a message that names a password ("the password screen says Summer2024! is wrong").
const SCREEN_SAYS = /(?<![\p{L}])(?:screens?|display|lcd|monitor|tv|message|error|pop-?up|banner|window|dialog|notification)\s+(?:says|said|shows|showed|displays|displayed|reads)\s*:?\s*["“']?(?<gap>(?:[^\s"“”]+\s+){0,2})["“']?$/iu;

/**
 * Where the words start that tell the token at `start` is a network's name or what a screen shows, or -1. The token is
 * kept only while they are: once another value took them ("[removed] H3ll0 W0rld!"), a second pass could not tell.
 */
function toldAsNameOrScreen(text: string, start: number): number {
  const from = Math.max(0, start - 80);
  const lead = text.slice(from, start);
  const named = NETWORK_NAMED.exec(lead);
  if (named) return from + named.index;
  const shown = SCREEN_SAYS.exec(lead);
  const gap = shown?.groups?.['gap'];
  if (!shown || gap === undefined || ANY_KEYWORD.test(text) || LOGIN_TALK.test(gap) || /[,;.!?]/.test(gap)) return -1;
  return from + shown.index;
}

// Keys pressed together ("Ctrl+Alt+F2", "Fn+F5") and a display mode ("4K@60Hz", "1080p@144hz") are written with a
// symbol too, and are what a technician needs.
const KEYS_OR_RATE = /^(?:(?:ctrl|control|alt|shift|fn|win|cmd|command|option|opt|super|del|delete|esc|tab|enter|f\d{1,2}|\w)\+)+(?:ctrl|alt|shift|del|delete|esc|tab|enter|f\d{1,2}|\w+)$|^\d{1,4}[kp]?@\d{2,3}(?:hz)?$/i;
// "use Summer2024! to log in", "it keeps rejecting Summer2024!", "tried Summer2024! and Summer2025! neither work": signing
// in, or a value tried and refused, is talk of a password though no word names one.
const LOGIN_TALK = /(?<![\p{L}])(?:log(?:ged|ging|s)?[\s-]?(?:in|on)|login|logon|sign(?:ed|ing|s)?[\s-]?(?:in|on)|signin|reject(?:s|ed|ing)?|(?:won[’']?t|wont|doesn[’']?t|doesnt|didn[’']?t|didnt|not|never)\s+accept(?:s|ed|ing)?|tried|trying|typed|entered|neither\s+works?|none\s+(?:of\s+them\s+)?works?)(?![\p{L}])/iu;

// While a password or Wi-Fi key is the subject (the step asks to type it, or the last message gave one), a value typed
// or refused needs no keyword: "tried Fluffy99 too", "i typed X7KP29QZ", "hunter2 doesnt work either".
const TRIED_VALUE = new RegExp(`${L}(?:tried|trying|try|typed|typing|entered|entering|used|using|input|put\\s+in|keyed\\s+in)\\s+(?:(?:in|also|again|even|both)\\s+)?${WORD_VALUE}(?!${COUNTED})`, 'giud');
const REFUSED_VALUE = new RegExp(
  String.raw`(?<![^\s"“'(\[])(?<v>[^\s"“(\[]{4,64})\s+(?:(?:also|too|either)\s+)?(?:(?:doesn[’']?t|doesnt|does\s+not|didn[’']?t|didnt|did\s+not|won[’']?t|wont|isn[’']?t|isnt|wasn[’']?t|wasnt)\s+(?:work|right|correct|accepted)|(?:is|was)\s+(?:wrong|incorrect|rejected|not\s+(?:it|right|correct|accepted|working))|fail(?:s|ed)?)(?![\p{L}])`,
  'giud',
);
// "the network HomeNet5G doesnt work", "my wifi Home2G4 is not working": the network said as a name, which the technician needs.
const NETWORK_BEFORE = /(?<![\p{L}])(?:wi-?fi|network|ssid|hotspot|router|called|named)\s+["“']?$/iu;
/** A value shaped like a chosen password or a printed key, not a count, a version, a model, a product ("iphone12") or a network's name. */
const triedValue: Check = (v, s, e) => {
  const bare = v.replace(/[.,;:!?]+$/, '');
  if (!laterValue(v, s, e) || ordinaryNumber(bare) || /\d\.\d/.test(bare)) return false;
  if (passwordShaped(bare, s, e)) return true;
  return bare.length >= 6 && !MODEL_NUMBER.test(bare) && !LOWER_CASE_MODEL.test(bare) && !PRODUCT_LETTERS.test(bare.replace(/[^\p{L}]/gu, ''));
};

// A message of one token at a step about a password ("Bluefish77" at "Type the Wi-Fi password again slowly") is typed
// in answer: the password itself, unless it is an answer word, a model, a version or an error code.
const LONE_VALUE = new RegExp(String.raw`^\s*${WORD_VALUE}\s*$`, 'ud');
// Besides what triedValue keeps, "error651" (what the screen said), "NETGEAR47-5G" (a router's own network name, with its
// band), "7RXK2M3" (a Dell service tag) and "iOS17" (a system's letters, however written) are what a technician needs.
const NOT_LONE_VALUE = /^(?:(?:e|err|error|code|fehler)[-_#]?\d+|.+[-_](?:2\.4|5|6)g(?:hz)?)$/i;
const SERVICE_TAG = /^[A-Z0-9]{7}$/;
const loneValue: Check = (v, s, e) => {
  const bare = v.replace(/[.,;:!?]+$/, '');
  const letters = bare.replace(/[^\p{L}]/gu, '');
  if (NOT_LONE_VALUE.test(bare) || SERVICE_TAG.test(bare)) return false;
  return letters !== '' && (/\d/.test(bare) || /[^\p{L}\p{N}._'’-]/u.test(bare)) && !PRODUCT_LETTERS.test(letters) && triedValue(v, s, e);
};
// "or bluefish88" right after a message that gave one: another value offered, as "or" after a password in one message.
const OR_VALUE = /^\s*or\s+(?:(?:maybe|perhaps|possibly|probably|else|even)\s+)?(?:(?:it[’']?s|it\s+is)\s+)?(?<v>[^\s"“(\[]{1,64})/iud;
const orValue: Check = (v, s, e) => laterValue(v, s, e) && !ordinaryNumber(v) && !/\d\.\d/.test(v) && !MODEL_NUMBER.test(v.replace(/[.,;:!?]+$/, ''));

// A Wi-Fi key (8 to 63 characters) with a digit; no "." or ":", so an address or a MAC is not one.
const wifiKeyValue: Check = (v) => /^[\p{L}\p{N}!@#$%^&*+=?~_-]{8,63}$/u.test(v) && /\d/.test(v) && !/^0x/i.test(v) && !MODEL_NUMBER.test(v);

// Basic-auth credentials in URLs: https://user:secret@host
const URL_CREDENTIALS = /:\/\/[^\s/:@]{1,64}:(?<v>[^\s/@]{1,100})@/gd;

// Later in the sentence only a value shaped like a password counts ("it's rosebud77", not "it's fine").
const laterValue: Check = (v) => /\p{L}|\d/u.test(v) && (/\d/.test(v) || /[^\p{L}\p{N}]/u.test(v)) && !isPlaceholder(v) && !describesPassword(v);
// Bare values must look generated: letters with digits or symbols ("password reset" stays).
const bareValue: Check = (v) =>
  ((/\p{L}/u.test(v) && /[\d_]|[^\p{L}\p{N}]/u.test(v)) || /^\d{4,}$/.test(v)) && !isPlaceholder(v) && !/^(?:https?:|www\.)/i.test(v) && !describesPassword(v);

// After "password:" the value is the rest of the clause ("Password: correct horse battery staple"); a
// quoted value, one the clause's punctuation ends, or one after "=" (config and log lines: "password=letmein99
// every 5 minutes") is taken as typed.
function labelled(text: string): Span[] {
  return spansOf(STRONG, text, 'password', (_v, start, end) => {
    const [s, e] = trimValue(text, start, end);
    if (e <= s) return false;
    const afterColon = /:\s*$/.test(text.slice(Math.max(0, start - 4), start));
    const phrase = afterColon && s === start && e === end ? phraseEnd(text, e) : e;
    if (phrase > e) return plausiblePhrase(text, s, phrase) && [s, phrase];
    return plausibleValue(text, s, e, false) && [s, e];
  });
}

// "hunter22 or maybe hunter23", "4821 and 9932": more values offered after the first one found.
const ALTERNATIVE = /(?:\s*,)?\s+(?<j>or|and|\/)\s+(?:(?:maybe|perhaps|possibly|probably|else|even)\s+)?(?<v>[^\s"“(\[]{1,64})/iyd;
const TRIED_BEFORE = /(?<![\p{L}])(?:tried|trying|typed|entered|used|using)\s+(?:(?:both|also|again|even|in)\s+)?$/iu;
// "passwords: hunter22, fluffy99": the next item of a list, after a plural keyword only.
const LIST_ITEM = /\s*,\s*(?<v>[^\s"“(\[,]{1,64})/yd;
const PLURAL_BEFORE = new RegExp(String.raw`(?:pass\s?words|passwds|pins|pass\s?codes|pass\s?phrases|keys)${R}[^.!?\n]{0,20}$`, 'iu');
// Error codes, KB articles, versions, times and measures: what a technician needs, never a password.
const TECHNICAL_VALUE = /^(?:0x[0-9a-f]+|KB\d+|v?\d+(?:\.\d+)+|\d{1,2}:\d{2}(?::\d{2})?|\d+(?:\.\d+)?(?:[kmg]hz|[kmgt]i?b|[kmg]bps|mah|%))$/i;

/** A count, a code or a product version rather than a password, where no keyword in the clause says otherwise. */
function ordinaryNumber(value: string): boolean {
  const v = value.replace(/[.,;:!?]+$/, '');
  return /^\d{1,3}$/.test(v) || TECHNICAL_VALUE.test(v) || SIGN_IN_PRODUCT.test(v) || SECURITY_MODE.test(v);
}
// "my pin is 4821 and my wife's is 9932", "hunter22, and mine is fluffy99": someone else's value of the same kind.
const OTHER_OWNER = new RegExp(
  String.raw`(?:\s*[,;])?\s+(?:(?:and|but|while|whereas)\s+)?(?:(?:my|his|her|their|our|your|the)\s+(?:[\p{L}-]{1,20}\s+){0,2}?[\p{L}-]{1,20}[’']s|hers|his|theirs|mine|yours|ours)\s+(?:is|was)\s+${HEDGE}(?<v>[^\s"“(\[]{1,64})`,
  'iuyd',
);

/**
 * The values that follow a found password as alternatives. After "or" anything password-like goes unless it
 * is technical (an error code, version or model); after "and", which also joins the rest of the message
 * ("hunter22 and Office365 still fails"), only a PIN of the same length or a value with three kinds of character.
 * Someone else's ("and my wife's is 9932") is the same kind of value: a PIN after a PIN, else what "password
 * is" would take, so "and my wife's is different" or "... is 2 years old" stays.
 */
function alternatives(text: string, found: Span[]): Span[] {
  const out: Span[] = [];
  for (const span of found) {
    const first = text.slice(span.start, span.end);
    // After "passwords" or "pins" a list names one value per item, joined by "and" as much as by ",".
    const listed = PLURAL_BEFORE.test(before(text, span.start, 40));
    // "i tried Summer2024 and Summer2025": after a value tried, the others joined to it were tried too.
    const tried = TRIED_BEFORE.test(before(text, span.start, 40));
    let at = span.end;
    for (let n = 0; n < 5; n++) {
      ALTERNATIVE.lastIndex = at;
      OTHER_OWNER.lastIndex = at;
      LIST_ITEM.lastIndex = at;
      const owner = OTHER_OWNER.exec(text);
      const m = owner ?? ALTERNATIVE.exec(text) ?? (listed || tried ? LIST_ITEM.exec(text) : null);
      const v = m?.indices?.groups?.['v'];
      if (!m || !v) break;
      const [s, e] = trimValue(text, v[0], v[1]);
      const value = text.slice(s, e);
      const joiner = m.groups?.['j']?.toLowerCase();
      const ok =
        tried && !owner && joiner !== 'or' && triedValue(value, s, e)
          ? true
          : listed && !owner && (joiner === undefined || joiner === 'and')
          ? /^\d{4,12}$/.test(first)
            ? /^\d{4,12}$/.test(value)
            : laterValue(value, s, e) && !ordinaryNumber(value) && !MODEL_NUMBER.test(value)
          : joiner === undefined
          ? /^\d{4,12}$/.test(first)
            ? /^\d{4,12}$/.test(value)
            : !/^\d{1,3}$/.test(value) && plausibleValue(text, s, e, true) && !TECHNICAL_VALUE.test(value) && !MODEL_NUMBER.test(value)
          : joiner === 'and'
            ? (/^\d{4,12}$/.test(first) && /^\d+$/.test(value) && value.length === first.length) || passwordShaped(value, s, e)
            : laterValue(value, s, e) && !TECHNICAL_VALUE.test(value) && !MODEL_NUMBER.test(value);
      if (!ok || e <= s) break;
      out.push({ type: 'password', start: s, end: e });
      at = e;
    }
  }
  return out;
}

// "wifi password changed, SSID is HomeNet5G": after a comma, the network's name or the user's is what "is" gives.
const OTHER_SUBJECT = /,\s*(?:(?:the|my|our|its|new)\s+)*(?:ssid|(?:network|wi-?fi)\s+name|user\s?name|user\s?id|login|e-?mail(?:\s+address)?)\s/i;
const PIN_AT_START = /^(?:pins?|nips?)(?![\p{L}])/iu;
// "it's", "I'm", "that's": a contraction starts a sentence, not a password.
const CONTRACTION = /^\p{L}+['’](?:s|m|t|d|ll|ve|re)$/iu;

/**
 * The value after "password is": a passphrase running to the end of the clause, else one word that does not
 * describe the password ("sunshine." but not "wrong"). A PIN is a number, so only a password takes a phrase.
 */
function verbalValue(text: string, start: number, end: number, pin: boolean): false | [number, number] {
  const [s, e] = trimValue(text, start, end);
  if (e <= s) return false;
  const hint = hintEnd(text, s);
  if (hint > s) return [s, hint];
  const phrase = pin ? -1 : passphraseEnd(text, s, e);
  if (phrase > e) return [s, phrase];
  return plausibleValue(text, s, e, true) && [s, e];
}

// "my password is", "PIN:", "the door code is" closing a message: the value is coming in the next one. Only the
// end of the message is read, once per message (RedactionMiddleware), not by the detectors.
const LEAD_IN = new RegExp(
  `${L}(?:${KEYWORD}${R}${NOT_THE_PASSWORD}(?:\\s+(?!is${R}|was${R})[^\\s:=\\[\\]]{1,30}){0,4}?(?:\\s+(?:is|was|are|would\\s+be|will\\s+be|is\\s+now|${FOREIGN_VERBS})|\\s*[:=])|${ACCESS_CODE_NAME}(?:\\s+(?:is|was)|\\s*[:=]))[\\s:.…-]*$`,
  'iu',
);

/** Whether a message ends by announcing a password, PIN or access code that it does not give ("my password is"). */
export function endsWithSecretLeadIn(text: string): boolean {
  return LEAD_IN.test(text.slice(-120));
}

// After a lead-in, the message's first word (or passphrase) is the value: "Tr0ub4dor&3", "4321 thanks".
const LEAD_VALUE = new RegExp(`^\\s*${HEDGE}${WORD_VALUE}`, 'ud');

function announcedValue(text: string): Span[] {
  return spansOf(LEAD_VALUE, text, 'password', (v, start, end) => !CONTRACTION.test(v) && verbalValue(text, start, end, false));
}

export function detectPasswords(text: string, ctx: DetectContext): Span[] {
  const found = findPasswords(text, ctx);
  return [...found, ...alternatives(text, found)];
}

function findPasswords(text: string, ctx: DetectContext): Span[] {
  const shaped = (requireShape: boolean): Check => (_v, s, e) => plausibleValue(text, s, e, requireShape);
  // "hunter2 is my password" but not "this is my password": a plain word only at the start of a sentence.
  const reversedValue: Check = (v, s) =>
    !describesPassword(v) &&
    !isPlaceholder(v) &&
    !/^(?:this|that|it|which|what)$/i.test(v) &&
    (/[\d_]|[^\p{L}\p{N}]/u.test(v) || /^\s*$/.test(before(text, s, 2).replace(/[.!?,:;]/g, ' ')));
  const found = [
    ...labelled(text),
    // "pin 4821 password is please": the words before "is" may hold another keyword, whose own value the one refused hid.
    ...spansOf(VERBAL, text, 'password', (_v, start, end, m) => !OTHER_SUBJECT.test(m[0]) && verbalValue(text, start, end, PIN_AT_START.test(m[0])), true),
    ...collect(CHANGED_TO, text, shaped(true)),
    ...collect(PASSIVE_CHANGED_TO, text, shaped(true)),
    ...collect(STRONG_AFTER_WORDS, text, shaped(true)),
    ...collect(PIN_LATER, text, shaped(false)),
    ...collect(PASSWORD_LATER, text, (v, s, e) => laterValue(v, s, e) && !TECHNICAL_VALUE.test(v.replace(/[.,;:!?]+$/, ''))),
    ...collect(PIN_DIGITS, text, shaped(false)),
    ...collect(PIN_TYPED_LATER, text, shaped(false)),
    // Not a short code people type for other reasons ("used 2fa", "tried wpa2"): a password's shape, or six characters or more.
    ...collect(PASSWORD_TYPED_LATER, text, (v, s, e) => laterValue(v, s, e) && !ordinaryNumber(v) && !MODEL_NUMBER.test(v) && (passwordShaped(v, s, e) || v.length >= 6)),
    ...spansOf(PIN_SPELLED, text, 'password'),
    ...collect(BARE, text, (v, s, e) => bareValue(v, s, e) && !(YEAR.test(v) && PW_BEFORE.test(before(text, s, 8)))),
    ...collect(REVERSED, text, reversedValue),
    ...collect(POSSESSIVE, text, shaped(true)),
    ...collect(PASS_IS, text, laterValue),
    ...collect(BARE_NETWORK_KEY, text, bareValue),
    ...collect(USER_SLASH_LABELLED, text, shaped(false)),
    ...collect(USER_SLASH, text, laterValue),
    ...collect(USER_PASS, text, laterValue),
    ...spansOf(PAIR, text, 'password', (_v, start, end, m) => {
      const [s, e] = trimValue(text, start, end);
      const value = text.slice(s, e);
      const ok = m.groups?.['e'] ? /\p{L}/u.test(value) && loginValue(value, s, e) : chosenToken(value, s, e);
      return e > s && ok && [s, e];
    }),
    ...collect(AS_PASSWORD, text, shaped(false)),
    ...collect(FOR_PASSWORD, text, (v, s, e) => bareValue(v, s, e) && !ordinaryNumber(v)),
    ...collect(LOGGED_IN_WITH, text, loginValue),
    ...collect(ONE_IS, text, (v, s, e) => laterValue(v, s, e) && !ordinaryNumber(v) && namedPassword(text, v, s, ctx)),
    ...collect(OWNER_IS, text, (v, s, e) => laterValue(v, s, e) && !ordinaryNumber(v) && namedPassword(text, v, s, ctx)),
    ...ownerPairs(text),
    ...collect(NETWORK_SLASH, text, laterValue),
    ...collect(NETWORK_PASS, text, laterValue),
    // Elsewhere "key: 8f3kd92k" is still a key, whatever it unlocks, when the value is shaped like one (see printedKey);
    // an SSH key's file name ("id_ed25519") is not.
    ...(ctx.passwordTalk || NETWORK_TALK.test(text) ? [...collect(KEY_FIELD, text, shaped(false)), ...collect(KEY_LATER, text, wifiKeyValue)] : collect(KEY_FIELD, text, (v, s, e) => printedKey(v, s, e) && !/^id_/i.test(v))),
    ...spansOf(URL_CREDENTIALS, text, 'password'),
    ...(ctx.secretFollows ? announcedValue(text) : []),
    ...collect(PRINTED_LATER, text, printedKey),
  ];
  if (!ctx.passwordTalk && !ANY_KEYWORD.test(text) && !LOGIN_TALK.test(text)) return found;
  if (ctx.passwordTalk) {
    const typed: Check = (v, s, e) => triedValue(v, s, e) && !NETWORK_BEFORE.test(before(text, s, 24));
    found.push(...collect(TRIED_VALUE, text, typed), ...collect(REFUSED_VALUE, text, typed), ...collect(LONE_VALUE, text, loneValue), ...collect(OR_VALUE, text, orValue));
  }
  const told = (s: number): boolean => {
    const from = toldAsNameOrScreen(text, s);
    return from >= 0 && !found.some((f) => f.start < s && f.end > from);
  };
  return [...found, ...collect(SYMBOL_TOKEN, text, (v, s, e) => chosenToken(v, s, e) && !told(s))];
}

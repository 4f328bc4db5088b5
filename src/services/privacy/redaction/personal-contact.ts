// Contact details that identify a person: email addresses, phone numbers, introduced names.
import { findPhoneNumbersInText } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import { before, spansOf, type DetectContext } from './scan';
import type { Span } from './types';

// The local part allows every RFC 5322 atom character; the lookbehind makes a match start only
// at the beginning of a run, so a long run without "@" is scanned once, not once per position.
// Or right after an address's domain and a "/" or "|" ("a@b.com/c@d.com"): those are atom
// characters too, so the second address of such a pair was left as typed.
const EMAIL =
  /(?:(?<![A-Za-z0-9!#$%&'*+/=?^_`{|}~.-])|(?<=@[A-Za-z0-9.-]*\.[A-Za-z][A-Za-z0-9-]*[/|]))[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(?:\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z][A-Za-z0-9-]{0,61}[A-Za-z0-9]/g;

export function detectEmails(text: string): Span[] {
  return spansOf(EMAIL, text, 'email');
}

// Words before a number that say it is a phone number, so a merely possible number counts too.
const PHONE_CONTEXT = /(?:phone|mobile|cell|tel|telephone|landline|whatsapp|call\s+me|text\s+me|reach\s+me|call\s+(?:me\s+)?(?:at|on)|ring\s+me|contact\s+number|number\s+is|ph|fax)\b[^\n\d]{0,15}$/i;
const NOT_PHONE_CONTEXT = /(?:order|serial|tracking|model|case|ticket|account|imei|invoice|ref|reference|part|sku|product|build|version|kb)\b[^\n\d]{0,20}$/i;

function region(ctx: DetectContext): CountryCode {
  return (/^[A-Z]{2}$/.test(ctx.defaultRegion) ? ctx.defaultRegion : 'US') as CountryCode;
}

// Clusters of digits and phone punctuation. libphonenumber is the slow part of redaction, so it
// only sees these clusters, never the whole message, and each distinct cluster only once.
const PHONE_CLUSTER = /(?<![\p{L}\p{N}])\+?\(?\d[\d \t().\/-]*\d\)?/gu;
// Distinct clusters handed to libphonenumber per text (each takes 0.05-0.5 ms).
const PARSE_BUDGET = 40;
const PHONE_SHAPE = /^(?:\+\d[\d ().-]{6,20}\d|\(?\d{3}\)?[ .-]?\d{3}[ .-]?\d{4}|0\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4})$/;
// More digits than this is a table or dump of numbers, not something typed as a phone number.
const MAX_CLUSTER_DIGITS = 32;
// A dotted run of three or more numbers is a version ("122.0.6261.112"), not a phone number.
const VERSION_SHAPE = /^\d+(?:\.\d+){3,}$/;
// Cluster shapes that are never phone numbers: skipping them before libphonenumber (up to 2 ms
// per cluster) keeps a long message fast. Dotted numbers only count as "312.555.0175".
const DOTTED = /^[^-\s/()]*\.[^-\s/()]*$/;
const DOTTED_PHONE = /^\+?\d{1,4}(?:\.\d{2,4}){1,3}\.\d{4}$/;
// Dates, also with the hour of a log timestamp ("2024-03-01 10:22:33" clusters as "2024-03-01 10").
const DATE_SHAPE = /^(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.]\d{2,4})(?:[ T]\d{1,2})?$/;

function neverPhone(cluster: string): boolean {
  if (DOTTED.test(cluster)) return !DOTTED_PHONE.test(cluster);
  return DATE_SHAPE.test(cluster) || /^\d{16,}$/.test(cluster);
}

// Regions tried for a national-format number ("07911 123456") that the default region does not
// read, but only when the words around it say it is a phone number.
const FALLBACK_REGIONS: CountryCode[] = ['GB', 'IE', 'DE', 'FR', 'NL', 'ES', 'IT', 'AU', 'IN', 'CA'];
const PHONE_WORDS = /(?<![\p{L}])(?:phone|mobile|cell|tel|telephone|landline|whatsapp|call|ring|text|number|contact|reach)(?![\p{L}])/iu;

function foreignNational(text: string, cluster: string, offset: number, defaultCountry: CountryCode): { startsAt: number; endsAt: number; valid: boolean }[] {
  if (!/^0\d/.test(cluster)) return [];
  const around = text.slice(Math.max(0, offset - 40), offset) + ' ' + text.slice(offset + cluster.length, offset + cluster.length + 40);
  if (!PHONE_WORDS.test(around)) return [];
  for (const region of FALLBACK_REGIONS) {
    if (region === defaultCountry) continue;
    try {
      const found = findPhoneNumbersInText(cluster, { defaultCountry: region });
      if (found.length > 0) return found.map((m) => ({ startsAt: m.startsAt, endsAt: m.endsAt, valid: true }));
    } catch {
      // unknown region metadata: try the next one
    }
  }
  return [];
}

/** Phone numbers. */
export function detectPhones(text: string, ctx: DetectContext): Span[] {
  const out: Span[] = [];
  const defaultCountry = region(ctx);
  const seen = new Map<string, { startsAt: number; endsAt: number; valid: boolean }[]>();
  for (const chunk of text.matchAll(PHONE_CLUSTER)) {
    const value = chunk[0];
    const digits = (value.match(/\d/g) ?? []).length;
    if (digits < 7 || digits > MAX_CLUSTER_DIGITS || neverPhone(value)) continue;
    const offset = chunk.index ?? 0;
    let matches = seen.get(value);
    if (!matches && seen.size >= PARSE_BUDGET) {
      // Past the budget a phone-shaped cluster is masked unparsed: a message stuffed with thousands of
      // numbers stays fast, and erring towards masking costs nothing but a little technical detail.
      matches = PHONE_SHAPE.test(value) ? [{ startsAt: 0, endsAt: value.length, valid: true }] : [];
    }
    if (!matches) {
      try {
        matches = findPhoneNumbersInText(value, { defaultCountry, extended: true }).map((m) => ({
          startsAt: m.startsAt,
          endsAt: m.endsAt,
          valid: m.number.isValid(),
        }));
      } catch {
        // libphonenumber rejects some inputs (e.g. an unknown region); nothing is found in that cluster.
        matches = [];
      }
      seen.set(value, matches);
    }
    if (matches.length === 0) matches = foreignNational(text, value, offset, defaultCountry);
    for (const m of matches) {
      const start = offset + m.startsAt;
      const end = offset + m.endsAt;
      const found = text.slice(start, end);
      if (VERSION_SHAPE.test(found) || text[start - 1] === '.' || /^\.\d/.test(text.slice(end, end + 2))) continue;
      if (m.valid) {
        out.push({ type: 'phone', start, end });
        continue;
      }
      // A number that is merely possible counts when the words before it say it is a phone number.
      const lead = before(text, start, 40);
      if (PHONE_CONTEXT.test(lead) && !NOT_PHONE_CONTEXT.test(lead)) out.push({ type: 'phone', start, end });
    }
  }
  return out;
}

// Bounded word lengths keep a failed match cheap even on a 10,000-letter "word".
// A word must end at a word boundary: "oo7x@host" is not a name followed by something.
const NAME_WORD = String.raw`(?:\p{Lu}(?:['’]\p{Lu})?\p{Ll}[\p{L}'’-]{0,30}|\p{Lu}(?:\.|(?![\p{L}'’])))(?![\p{L}\p{N}_@])`;
const ANY_WORD = String.raw`\p{L}[\p{L}'’-]{0,30}(?![\p{L}\p{N}_@])`;
const PARTICLE = String.raw`(?:de|del|la|le|van|von|der|den|da|di|du|dos|bin|al|el|mc)`;
const CAP_NAME = String.raw`(?:${NAME_WORD})(?:[ \t]+(?:${PARTICLE}[ \t]+)?(?:${NAME_WORD})){0,3}`;
const LOOSE_NAME = String.raw`(?:${ANY_WORD})(?:[ \t]+(?:${ANY_WORD})){0,3}`;

/** Case-insensitive spelling of a keyword for patterns that must stay case-sensitive (\p{Lu} under /iu matches lower case too). */
function anyCase(words: string): string {
  return words.replace(/\\.|[a-z]/g, (c) => (c.length > 1 ? c : `[${c}${c.toUpperCase()}]`));
}

// Introductions whose value is a name whatever its case.
const INTRO_LOOSE = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:my|his|her|their|our)\s+(?:(?:son|daughter|kid|child|wife|husband|partner|mom|mum|mother|dad|father|brother|sister|boss|colleague|friend)[’']?s\s+)?(?:(?:full|first|last|legal|real|given|family|middle|maiden|sur)\s*)?name\s+(?:is|was|[’']s)|(?:account|card)\s*holder(?:[’']?s\s+name)?\s*(?:is|:)|my\s+name[’']?s|(?:full|first|last|legal|family|given|sur)\s*name\s*(?:is|:)|(?:you\s+can\s+|please\s+)?call\s+me|they\s+call\s+me)\s+(?<v>${LOOSE_NAME})`,
  'giud',
);
// "Name: X" on a form-like line, unless it names a thing (device name, network name ...).
const NAME_FIELD = new RegExp(String.raw`(?<![\p{L}])name\s*[:=]\s*(?<v>${LOOSE_NAME})`, 'giud');
const THING_BEFORE_NAME = /(?:user|host|device|computer|network|wi-?fi|printer|file|display|model|product|domain|server|screen|ssid|pc|app|folder|profile|account|company|business|router|machine|speaker|bluetooth|share|printer's|group|dns|package|process|service|task|driver)[\s_-]*$/i;
// Introductions where only capitalised words can be a name: "I'm Sam", "this is Priya from ...".
const INTRO_STRICT = new RegExp(String.raw`(?<![\p{L}])(?:${anyCase("i[’']?m|i\\s+am|im")})[ \t]+(?<v>${CAP_NAME})`, 'gud');
const THIS_IS = new RegExp(
  String.raw`(?<![\p{L}])(?:${anyCase("this\\s+is|it[’']?s")})[ \t]+(?<v>${CAP_NAME})(?=[ \t]*(?:,[ \t]*)?(?:${anyCase('from|here|speaking|calling|again')})\b)`,
  'gud',
);
const GREETING = anyCase('hi|hello|hey|good\\s+morning|good\\s+afternoon|good\\s+evening');
const GREETING_THIS_IS = new RegExp(String.raw`^[ \t]*(?:(?:${GREETING})[ \t,!]+)?${anyCase('this\\s+is')}[ \t]+(?<v>${CAP_NAME})[ \t]*(?:[.,!]|$)`, 'ud');
const X_HERE = new RegExp(String.raw`^[ \t]*(?:(?:${GREETING})[ \t,!]+)?(?<v>${CAP_NAME})[ \t]+here\b`, 'ud');
const SIGN_OFF = new RegExp(
  String.raw`(?:${anyCase('thanks|thank\\s+you|regards|cheers|best|sincerely|many\\s+thanks|kind\\s+regards|best\\s+regards')})[ \t]*[,!.]?[ \t]*(?:\r?\n[ \t]*)?-?[ \t]*(?<v>${CAP_NAME})[ \t]*[.!]?[ \t]*(?:\r?\n|$)`,
  'gud',
);

// Capitalised words that follow "I'm" without being a name.
const NOT_A_NAME = new Set(
  (
    'not sorry so having using trying getting running looking calling here back done ok okay fine good also still just really very unable able ' +
    'on in at a an the from with about afraid glad happy sure confused frustrated stuck locked logged connected signed new using ' +
    'windows mac apple google microsoft android iphone ipad samsung hp dell lenovo alexa echo wifi wi-fi english american british canadian ' +
    'currently now always never home out away travelling traveling working calling writing reaching contacting following ' +
    'having facing experiencing seeing receiving getting told worried concerned annoyed upset tired done finished ready aware ' +
    'interested wondering asking hoping planning going gonna about almost already kind sort pretty quite extremely totally ' +
    'the owner user admin administrator customer member subscriber'
  ).split(/\s+/),
);
const CLAUSE_WORDS = new Set(
  'and but so because if when which that though or then i im i’m i\'m my me it is was from with at on in here speaking calling again please thanks thank the a an to for of have has had can could would will am are'.split(
    ' ',
  ),
);

/** Keeps the leading words of a candidate name up to the first clause word. */
function trimName(text: string, start: number, end: number, strict: boolean): [number, number] | false {
  let offset = 0;
  let accepted = 0;
  let count = 0;
  for (const w of text.slice(start, end).split(/([ \t]+)/)) {
    if (w === '') continue;
    if (/^[ \t]+$/.test(w)) {
      offset += w.length;
      continue;
    }
    const lower = w.toLowerCase();
    if (CLAUSE_WORDS.has(lower) || (strict && NOT_A_NAME.has(lower))) break;
    if (count === 0 && NOT_A_NAME.has(lower)) return false;
    offset += w.length;
    accepted = offset;
    count++;
  }
  return count > 0 ? [start, start + accepted] : false;
}

export function detectNames(text: string): Span[] {
  const loose = (_v: string, s: number, e: number) => trimName(text, s, e, false);
  const strict = (_v: string, s: number, e: number) => trimName(text, s, e, true);
  return [
    ...spansOf(INTRO_LOOSE, text, 'name', loose),
    ...spansOf(NAME_FIELD, text, 'name', (v, s, e, m) => !THING_BEFORE_NAME.test(before(text, m.index ?? 0, 20)) && trimName(text, s, e, false)),
    ...spansOf(INTRO_STRICT, text, 'name', strict),
    ...spansOf(THIS_IS, text, 'name', strict),
    ...spansOf(GREETING_THIS_IS, text, 'name', strict),
    ...spansOf(X_HERE, text, 'name', strict),
    ...spansOf(SIGN_OFF, text, 'name', strict),
  ];
}

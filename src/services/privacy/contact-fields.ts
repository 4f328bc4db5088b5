// Reading contact details out of what a user typed (P2). Each reader returns the normalised value
// or a reason the user can act on; the dialog repeats the reason in its re-prompt.
import { findPhoneNumbersInText, getExampleNumber, isSupportedCountry, Metadata, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js';
import type { CountryCode, PhoneNumber } from 'libphonenumber-js';
import phoneExamples from 'libphonenumber-js/mobile/examples';
import { z } from 'zod';
import { oneEditApart } from '../nlu/spelling';
import type { PostalAddress } from './profile';

/**
 * `doubt`: the value reads fine but looks like a slip ("gmial.com"); the dialog asks once, and
 * the same answer again is taken as meant.
 */
/**
 * A field read from a message. `doubt`: a question to ask once before keeping the value;
 * `confirm`: what a "yes" (and a "no") to that question answers, as text that reads cleanly.
 */
export type FieldReading<T> = { ok: true; value: T; doubt?: string; confirm?: Confirm } | { ok: false; reason: string };

/**
 * What the answers to a doubt stand for. `picks`: the values the doubt offers a choice between (the two
 * numbers of "415 555 2671 or 415 555 2672"), in the order typed, each with the word the user put before
 * it ("mobile"), if any; stored with the doubt, as it is all `pickedOf` needs to read "the second one".
 */
export interface Confirm {
  yes: string;
  no?: string;
  picks?: Offer[];
}
export interface Offer {
  value: string;
  label?: string;
}

const REMOVED = /\[removed\]/i;
const secretReason = "Part of that was removed because it looked like a password or card number, so I couldn't read it.";

const NOT_A_NAME = /^(?:y|yes|yeah|yep|yup|n|no|nope|nah|ok|okay|k|sure|fine|thanks|thank you|hi|hello|hey|what|why|huh|idk|dunno|none|n\/a|na|no name|anonymous|name)$/i;

// "how long will this take" typed without its question mark: a question, not a name. Three words at
// least, and no "will" or "who" among the openers: "Will Smith" and "Who Lee" are names.
const ASKS = /^(?:how|what'?s?|where'?s?|why|when|which)\s+\S+\s+\S+/i;
// "can i talk to someone else", "could you hurry up": a question to us by its opening words (a
// modal and a pronoun); "Can Yilmaz" and "Will Smith" are names.
const ASKS_US = /^(?:can|could|would|will|may|shall|do|does|did|is|are)\s+(?:i|you|u|we|someone|somebody|anyone|anybody|there|they)\b/i;

// What people say around a name: "hi, it's Bob", "ok, call me Bob", "Bob here", "bob smith speaking".
// ("So" and "Oh" are names too: not among them.)
const NAME_LEAD_IN = /^(?:(?:hi|hello|hey|ok|okay|yes|yeah|um+|uh+|actually)\b[\s,!.]*)+/i;
const NAME_INTRO = /^(?:my name is|my name's|the name is|the name's|name's|name is|name:|i am|i'm|im|it's|it is|its|this is|(?:you can |just )?call me|just)\s+/i;
const NAME_TAIL = /\s+(?:here|speaking)$/i;
// Words of a sentence, not of a name: "actually my printer is broken" at the name question was kept as the name.
const SENTENCE_WORDS = /\b(?:my|your|is|are|was|isn'?t|not|don'?t|doesn'?t|can'?t|won'?t|have|has|need|want|help|please|broken|working|problem)\b/i;

export function readName(text: string): FieldReading<string> {
  if (REMOVED.test(text)) return { ok: false, reason: secretReason };
  const name = text
    .trim()
    .replace(/[’‘]/g, "'")
    .replace(NAME_LEAD_IN, '')
    .replace(NAME_INTRO, '')
    .replace(/[.!]+$/, '')
    .replace(NAME_TAIL, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!name && /\p{L}/u.test(text)) return { ok: false, reason: 'I need the name we should use for you, like "Jane Doe".' };
  if (!/\p{L}/u.test(name)) return { ok: false, reason: "That doesn't look like a name." };
  // "yes" after a question that was answered a moment ago, "ok", "why?": not a name to store (it was, as "y***").
  if (NOT_A_NAME.test(name) || name.endsWith('?') || ASKS.test(name) || ASKS_US.test(name)) return { ok: false, reason: 'I need the name we should use for you, like "Jane Doe".' };
  if (/\d|@/.test(name)) return { ok: false, reason: "A name shouldn't contain digits or an @." };
  if (SENTENCE_WORDS.test(name)) return { ok: false, reason: 'That reads like a sentence rather than a name. Just the name, please, like "Jane Doe".' };
  if (name.length > 100 || name.split(' ').length > 8) return { ok: false, reason: 'That is longer than a name usually is.' };
  return { ok: true, value: name };
}

/**
 * A name answer that carries more ("Jane Doe, jane@example.com"): the email address and phone
 * number found in it, as typed, and what is left once they and their connecting words are gone.
 */
export function splitContacts(text: string): { rest: string; email?: string; phone?: string } {
  const email = /[^\s<>"',;:()]+@[^\s<>"',;:()]+/.exec(text)?.[0];
  let rest = email ? text.replace(email, ' ') : text;
  const phone = /\+?\(?\d[\d\s().-]{5,}\d/.exec(rest)?.[0];
  if (phone) rest = rest.replace(phone, ' ');
  rest = rest
    .replace(/\b(?:(?:and\s+)?(?:my\s+)?(?:e-?mail(?:\s+address)?|phone(?:\s+number)?|mobile|number|cell)(?:\s+is)?|and|or)\s*[:\-–]?\s*(?=[,;\s]*$)/gi, ' ')
    .replace(/[\s,;:–—-]+$|^[\s,;:–—-]+/g, '')
    .replace(/\s+/g, ' ')
    .trim();
  return { rest, ...(email ? { email } : {}), ...(phone ? { phone: phone.trim() } : {}) };
}

const emailSchema = z.string().email();

// "john at gmail dot com", "john (at) gmail (dot) com": an address written out to dodge spam bots.
// The words before the last "at" that has a domain after it are read back from it (spokenLocalPart).
const SPOKEN_EMAIL = /^(.*)(?:\(at\)|\[at\]|\sat\s)\s*([a-z0-9-]+(?:\s*(?:\(dot\)|\[dot\]|\sdot\s|\.)\s*[a-z0-9-]+)+)/i;
// The marks of an address said as words: "john dot smith", "mary underscore jones"; only "john" was read of them.
const SPOKEN_MARKS: Record<string, string> = { dot: '.', period: '.', point: '.', underscore: '_', dash: '-', hyphen: '-', plus: '+' };
const LOCAL_CHUNK = /[a-z0-9][a-z0-9._+-]*$/i;
// "o'neil", "mary-ann": a name written with its marks, which no one says out in an address; "it's" and "e-mail" are not.
const MARKED_NAME = /^\p{L}+(?:['’-]\p{L}+)+$/u;
const NOT_A_MARKED_NAME = /^(?:e-?mail|\p{L}+['’](?:s|m|re|ll|d|ve)|\p{L}+n['’]t)$/iu;

export function readEmail(text: string): FieldReading<string> {
  // An apostrophe inside the name is kept: "o'neil@aol.com" was read as "neil@aol.com" and kept without a word.
  const typed = /(?:[^\s<>"',;:()]|(?<=[a-z0-9])'(?=[a-z0-9]))+@[^\s<>"',;:()]+/i.exec(text)?.[0]?.replace(/[.!?]+$/, '');
  const typedValid = typed !== undefined && emailSchema.safeParse(typed).success;
  // A secret removed elsewhere ("my password is [removed] and my email is jane@example.com") leaves
  // the address whole, and it is read; one the removal cut into, or only read around it, is not.
  if (REMOVED.test(text) && !(typedValid && !REMOVED.test(typed))) return { ok: false, reason: secretReason };
  // Read rather than typed as kept: "john at gmail dot com", or with a space or a comma slipped in
  // ("john @ gmail.com", "john@gmail,com", which were refused or cut at the slip).
  const spoken = typedValid || squeezedEmail(text) ? undefined : spokenEmail(text);
  // Guessing a part of "mary-ann o'neil at aol dot com" ("neil@aol.com") would send the user's mail to a stranger.
  if (spoken && 'unreadable' in spoken) {
    const name = spoken.unreadable.length > 60 ? 'that' : `"${spoken.unreadable}"`;
    return { ok: false, reason: `I can't read ${name} as the first part of an email address: it has a space or an apostrophe, and I'd only be guessing how it's written. Please type the address as it's written, like ${EMAIL_EXAMPLE}.` };
  }
  const read = typedValid ? undefined : (squeezedEmail(text) ?? spoken?.address);
  if (!typedValid && !read) {
    if (!typed) return { ok: false, reason: `That doesn't look like an email address: it needs an @ and a domain, like ${EMAIL_EXAMPLE}.` };
    return { ok: false, reason: `"${typed.length > 60 ? 'That' : typed}" isn't a valid email address; please check it for typos.` };
  }
  const address = read ?? typed!;
  const at = address.lastIndexOf('@');
  const domain = address.slice(at + 1).toLowerCase();
  const meant = likelyMeantDomain(domain);
  const value = `${address.slice(0, at)}@${domain}`;
  if (read) {
    // Asked once, so a misreading is not kept and every reply lost. The only re-prompt that shows
    // what was read: the user never saw it written that way. A slip in the provider is put right in it.
    const asked = meant ? `${address.slice(0, at)}@${meant}` : value;
    return { ok: true, value, doubt: `So that's ${asked}? Please say yes or no.`, confirm: { yes: asked } };
  }
  if (!meant) return { ok: true, value };
  return {
    ok: true,
    value,
    doubt: `Did you mean ${meant} rather than ${domain}? Say yes to use ${meant}, no to keep it as you typed it, or type the address again.`,
    confirm: { yes: `${address.slice(0, at)}@${meant}`, no: value },
  };
}

/** The address in "john @ gmail.com", "john@gmail .com" or "john@gmail,com", put together; lower case, as it was read. */
function squeezedEmail(text: string): string | undefined {
  const m = /([a-z0-9][a-z0-9._%+-]*)\s*@\s*([a-z0-9-]+(?:\s*[.,]\s*[a-z0-9-]+)+)/i.exec(text);
  if (!m) return undefined;
  const address = `${m[1]}@${m[2].replace(/\s*[.,]\s*/g, '.')}`.toLowerCase();
  return emailSchema.safeParse(address).success ? address : undefined;
}

/**
 * The address in "john dot smith at gmail dot com", "john (at) gmail (dot) com"; lower case, as it was read.
 * `unreadable`: the name before "at" as typed, when it is one no address is spelt like ("mary-ann o'neil").
 */
function spokenEmail(text: string): { address: string } | { unreadable: string } | undefined {
  const spoken = SPOKEN_EMAIL.exec(` ${text} `);
  if (!spoken) return undefined;
  const local = spokenLocalPart(spoken[1]);
  if (!local || 'unreadable' in local) return local;
  const address = `${local.local}@${spoken[2].replace(/\s*(?:\(dot\)|\[dot\]|\sdot\s|\.)\s*/gi, '.')}`.toLowerCase();
  return emailSchema.safeParse(address).success ? { address } : undefined;
}

/**
 * What comes before the @ in the words before "at": the last word, and the words joined to it by a mark
 * said out ("john dot smith": john.smith). The words before those are the sentence's ("my email is").
 */
function spokenLocalPart(before: string): { local: string } | { unreadable: string } | undefined {
  const all = before.trim().split(/\s+/).filter(Boolean);
  const words = all.slice(0, -1);
  const last = all[all.length - 1];
  const chunk = last === undefined ? undefined : LOCAL_CHUNK.exec(last)?.[0];
  if (!last || !chunk) return undefined;
  // "o'neil at aol dot com": an apostrophe is never said out, so "neil" is only the end of the name.
  if (/['’]/.test(last) && isMarkedName(last)) return { unreadable: markedNamesEnding(all) };
  // "it's at gmail dot com": the end of a word is no address.
  if (/['’]$/.test(last.slice(0, -chunk.length))) return undefined;
  let local = chunk;
  // "email:john" is read from the colon; only a whole word can be joined to the one before it.
  if (chunk === last) {
    while (words.length >= 2 && SPOKEN_MARKS[words[words.length - 1].toLowerCase()] && /^[a-z0-9][a-z0-9._+-]*$/i.test(words[words.length - 2])) {
      local = `${words[words.length - 2]}${SPOKEN_MARKS[words[words.length - 1].toLowerCase()]}${local}`;
      words.length -= 2;
    }
    // "mary-ann oneil at ...": a space in the address, the first name its first part, not a word of the sentence.
    if (words.length > 0 && isMarkedName(words[words.length - 1])) return { unreadable: `${markedNamesEnding(words)} ${all.slice(words.length).join(' ')}` };
  }
  return { local };
}

const isMarkedName = (word: string): boolean => MARKED_NAME.test(word) && !NOT_A_MARKED_NAME.test(word);

/** "mary-ann o'neil": the names written with their marks that end `words`, as typed. */
function markedNamesEnding(words: readonly string[]): string {
  let from = words.length - 1;
  while (from > 0 && isMarkedName(words[from - 1])) from--;
  return words.slice(from).join(' ');
}

// Mailbox providers most people use. A domain one slip away from one of these (a swapped,
// missing, extra or wrong letter) is most likely that provider mistyped; the address would
// otherwise be stored and every code or reply sent to it lost.
const COMMON_MAIL_DOMAINS = [
  'gmail.com', 'googlemail.com', 'yahoo.com', 'yahoo.co.uk', 'ymail.com', 'hotmail.com', 'hotmail.co.uk', 'outlook.com',
  'live.com', 'icloud.com', 'comcast.net', 'verizon.net', 'sbcglobal.net', 'bellsouth.net', 'protonmail.com',
  'btinternet.com', 'gmx.com', 'gmx.net',
];
const KNOWN = new Set([...COMMON_MAIL_DOMAINS, 'aol.com', 'msn.com', 'me.com', 'mac.com', 'att.net', 'proton.me', 'mail.com', 'email.com']);

/** The common provider a domain is one slip away from, if any; short domains are left alone (too many real neighbours). */
export function likelyMeantDomain(domain: string): string | undefined {
  if (KNOWN.has(domain) || domain.length < 8) return undefined;
  return COMMON_MAIL_DOMAINS.find((known) => oneEditApart(domain, known));
}

/**
 * Reads a phone number; national numbers are read in `region`, and "00" before a country code as
 * "+" ("0044 20 7946 0958"). Returns E.164. A number with an extension is asked about once: a call
 * back dials the number only; so are two numbers in one message, of which the first is offered.
 */
export function readPhone(typed: string, region: string): FieldReading<string> {
  const country = region as CountryCode;
  const text = typed.replace(INTERNATIONAL_00, '$1+');
  const parsed = wholeNumber(text, country);
  const found = validNumbersIn(text, country, parsed);
  const numbers = found.map((f) => f.number);
  const read = numbers[0];
  const plain = read?.formatInternational().replace(/\s*ext\..*$/, '');
  // "415 555 2671 or 415 555 2672", "home 020 7946 0958 mobile 07911 123456": both numbers' digits
  // together were refused as "too many digits". One is kept: the first, once the user says so.
  if (numbers.length > 1) {
    // "The second one" is read (pickedOf), and said here: otherwise only a number typed out would do.
    const second = numbers[1].formatInternational().replace(/\s*ext\..*$/, '');
    return {
      ok: true,
      value: read.number,
      doubt: `That's two numbers, and we can keep only one. Say yes to use the first, ${plain}, "the second one" to use ${second}, or type the one you'd like us to use.`,
      confirm: { yes: read.number, picks: found.map((f) => ({ value: f.number.number, ...(f.label ? { label: f.label } : {}) })) },
    };
  }
  if (read?.ext) {
    return {
      ok: true,
      value: read.number,
      doubt: `We can only keep the number itself, not extension ${read.ext}. Say yes to keep ${plain}, or type a direct number.`,
      confirm: { yes: read.number },
    };
  }
  // "415 555 2671 or 555 201 3344": the one real number was kept without a word about the other.
  const fake = read && !parsed?.isValid() ? fakeNumberBeside(text, country, read) : undefined;
  if (fake) {
    return {
      ok: true,
      value: read.number,
      doubt: `That's two numbers, and only ${plain} is a real one: ${fake.typed} isn't${fake.why}. Say yes to use ${plain}, or type the one you'd like us to use.`,
      confirm: { yes: read.number },
    };
  }
  if (read) return { ok: true, value: read.number };
  if (REMOVED.test(text)) return { ok: false, reason: secretReason };
  const hint = `Please include the area code, or start with + and the country code for a number outside ${region}.`;
  // "4l5 555 2671": a letter among the digits, which no length message explains.
  if (/\d[a-wyz]|[a-wyz]\d/i.test(text.replace(/\b(?:ext|x)\.?\s*\d+/gi, ''))) {
    return { ok: false, reason: `There's a letter among the digits (an l for a 1, or an O for a 0?). ${hint}` };
  }
  const digits = text.replace(/\D/g, '');
  const international = text.trim().startsWith('+');
  // "020 7946 0958" in the US: a number of another country, written as it is dialled there.
  if (!international && digits.startsWith('0') && nationalPrefixOf(region) !== '0') {
    return { ok: false, reason: `Numbers in ${region} don't start with 0. For a number in another country, start with + and its country code and leave out the 0, like +44 20 7946 0958.` };
  }
  const problem = digits.length > 0 ? validatePhoneNumberLength(international ? `+${digits}` : digits, country) : 'NOT_A_NUMBER';
  switch (problem) {
    case 'TOO_SHORT':
      return { ok: false, reason: `That number is too short. ${hint}` };
    case 'TOO_LONG':
      return { ok: false, reason: `That number has too many digits. ${hint}` };
    case 'NOT_A_NUMBER':
      return { ok: false, reason: `I couldn't find a phone number in that. ${hint}` };
    default:
      // The right length, so the area code is there: it is the number itself that is in no use.
      return { ok: false, reason: notInUse(parsed ?? parsePhoneNumberFromString(international ? `+${digits}` : digits, country), region, international) };
  }
}

// What a number is called where it is typed: "home 020 7946 0958 mobile 07911 123456".
const PHONE_LABEL = /\b(home|house|landline|land line|mobile|cell|cellphone|cell phone|work|office|business|personal)(?:\s+(?:phone|number|no\.?|#))?\s*(?:is|:|-|=)?\s*$/i;
// Words for the same kind of line: a user who typed "cell" may ask for "the mobile one".
const SAME_LINE: Record<string, string> = { house: 'home', landline: 'home', 'land line': 'home', cell: 'mobile', cellphone: 'mobile', 'cell phone': 'mobile', office: 'work', business: 'work' };
const lineOf = (word: string): string => SAME_LINE[word.toLowerCase().replace(/\s+/g, ' ')] ?? word.toLowerCase();

// "the second one", "the other", "2nd", "use the mobile one please", "my cell number": a pick of one of the numbers offered, nothing else.
const PICKED = /^(?:(?:(?:no,?\s+)?(?:use|take|keep|call|try)|(?:i'?d\s+(?:like|prefer)|i\s+want|i\s+meant)(?:\s+(?:you\s+to\s+use|to\s+use))?)\s+)?(?:the|my)?\s*(first|1st|second|2nd|other|last|home|house|landline|land line|mobile|cell|cellphone|cell phone|work|office|business|personal)(?:\s+(?:one|number|no\.?|phone))?(?:\s+(?:one|number))?(?:\s*,?\s*please)?[\s.!]*$/i;

/**
 * The value of `picks` an answer to a doubt chooses: "the first one", "the second", "the other one" (of two:
 * the one not offered), or, when the user named them, "the mobile one". Undefined for anything else.
 */
export function pickedOf(answer: string, picks: readonly Offer[]): string | undefined {
  const found = PICKED.exec(answer.trim().replace(/[’‘]/g, "'"));
  if (!found || picks.length < 2) return undefined;
  const word = found[1].toLowerCase();
  if (word === 'first' || word === '1st') return picks[0].value;
  if (word === 'second' || word === '2nd') return picks[1].value;
  if (word === 'last') return picks[picks.length - 1].value;
  // The first is the one offered ("Say yes to use the first"), so the other is the second, when there are two.
  if (word === 'other') return picks.length === 2 ? picks[1].value : undefined;
  const named = picks.filter((p) => p.label !== undefined && lineOf(p.label) === lineOf(word));
  return named.length === 1 ? named[0].value : undefined;
}

/** The message read whole as a number; none where the redaction took something out of it. */
function wholeNumber(text: string, country: CountryCode): PhoneNumber | undefined {
  return REMOVED.test(text) ? undefined : parsePhoneNumberFromString(text, country);
}

/**
 * The message as one number, if it is a valid one; else the different valid numbers in it.
 * "my number is 415 555 2671, call after 5", or the number next to a card number the redaction
 * took out ("415 555 2671 and my card [removed]"): the one valid number in the message is the
 * answer. Refusing it made the user give a number they had already given, without saying why.
 */
function validNumbersIn(text: string, country: CountryCode, whole: PhoneNumber | undefined): { number: PhoneNumber; label?: string }[] {
  if (whole?.isValid()) return [{ number: whole }];
  const seen = new Set<string>();
  let after = 0;
  // "415-555-2671 / 415.555.2671" is one number.
  return findPhoneNumbersInText(text, country).flatMap((f) => {
    const n = f.number;
    // Only the words since the number before can name this one.
    const label = PHONE_LABEL.exec(text.slice(after, f.startsAt))?.[1];
    after = f.endsAt;
    if (!n.isValid() || seen.has(n.number)) return [];
    seen.add(n.number);
    return [{ number: n, ...(label ? { label: label.toLowerCase() } : {}) }];
  });
}

// Ofcom keeps 07700 900000 to 900999 for TV and films, as 555 is kept in North America: a user who
// typed one (from a show, or to try us) was only told to check it, and typed it again.
const UK_DRAMA_MOBILE = /^7700900\d{3}$/;

/**
 * Says that a number of the right length is no real number, naming a North American area code
 * that is in no use (555 is fictional), or the UK's mobile range kept for TV and films.
 */
function notInUse(number: PhoneNumber | undefined, region: string, international: boolean): string {
  const drama = isDramaMobile(number);
  // The country is not what went wrong with a number kept for TV.
  const elsewhere = international || drama ? '' : ` For a number outside ${region}, start with + and the country code.`;
  return `That doesn't look like a real phone number${whyNotInUse(number)}. Please check it and type it again.${elsewhere}`;
}

const isDramaMobile = (number: PhoneNumber | undefined) => number?.countryCallingCode === '44' && UK_DRAMA_MOBILE.test(number.nationalNumber);

/** Why a number of the right length is no real one, in brackets after a space; empty when no reason is known. */
function whyNotInUse(number: PhoneNumber | undefined): string {
  const area = number?.countryCallingCode === '1' ? number.nationalNumber.slice(0, 3) : undefined;
  if (isDramaMobile(number)) return ' (07700 900 numbers are not real: they are kept for TV and films)';
  if (area === '555') return ' (555 is not a real area code: it is kept for films and examples)';
  return area ? ` (${area} is not an area code in use)` : '';
}

/**
 * Another number with all its digits beside the one valid number of a message, that is no real
 * number ("555 201 3344"), as typed and why. Not a shorter run of digits ("call after 5", "201 3344").
 */
function fakeNumberBeside(text: string, country: CountryCode, kept: PhoneNumber): { typed: string; why: string } | undefined {
  // 'POSSIBLE' (documented, not in the typings) finds numbers that are not valid too: 'VALID' is the default.
  const possible = { defaultCountry: country, leniency: 'POSSIBLE' } as Parameters<typeof findPhoneNumbersInText>[1];
  const fake = findPhoneNumbersInText(text, possible).find(
    (f) => f.number.number !== kept.number && !f.number.isValid() && validatePhoneNumberLength(f.number.number) === undefined,
  );
  return fake && { typed: text.slice(fake.startsAt, fake.endsAt), why: whyNotInUse(fake.number) };
}

/** What an email address looks like, in our replies. */
export const EMAIL_EXAMPLE = 'name@example.com';

/** A number as it is written in `region` ("(201) 555-0123"), to show a user what is wanted; none for a region the library doesn't know. */
export function phoneExample(region: string): string | undefined {
  return isSupportedCountry(region) ? getExampleNumber(region, phoneExamples)?.formatNational() : undefined;
}

/** Whether a message has a phone number typed in it: seven digits or more, outside any email address. */
export function holdsPhoneDigits(text: string): boolean {
  return /(?:\+?\d[\s\-().]*){7,}/.test(text.replace(/\S+@\S+\.\S+/g, ' '));
}

const PHONE_WORD = String.raw`(?:(?:mobile|cell) )?(?:phone|mobile|cell)(?: phone)?`;
// "my phone is broken", "my phone doesn't work", "my mobile died", "lost my phone".
const PHONE_BROKEN = new RegExp(
  String.raw`\bmy ${PHONE_WORD}(?:'s| is| has)? (?:(?:still |totally |completely )?(?:broken|broke|dead|died|smashed|off|lost|stolen|been stolen|not working|isn'?t working|doesn'?t work|does not work|won'?t (?:work|turn on))|got (?:lost|stolen|broken))\b|\b(?:lost|broke|smashed) my ${PHONE_WORD}\b`,
  'i',
);
// "I don't have a phone right now", "I haven't got a mobile", "no phone at the moment".
const NO_PHONE = new RegExp(String.raw`\b(?:(?:don'?t|do not|doesn'?t) (?:have|own|use)|have no|haven'?t got|have not got) (?:a |any )?${PHONE_WORD}\b|^no ${PHONE_WORD}\b`, 'i');

/**
 * Why a message at a phone question says there is no phone to call ("my phone is broken": 'broken',
 * a problem we can help with later; "I don't have a phone right now": 'none'), if it does. A
 * message with a number in it gives the number ("my phone is broken, call 415 555 0123 instead").
 */
export function noPhoneToCall(text: string): 'broken' | 'none' | undefined {
  const t = text.replace(/[’`]/g, "'");
  if (holdsPhoneDigits(t)) return undefined;
  return PHONE_BROKEN.test(t) ? 'broken' : NO_PHONE.test(t) ? 'none' : undefined;
}

// "0044 20 ...", "00 33 1 ...": the international prefix most countries dial, at the start of the number.
const INTERNATIONAL_00 = /(^|[^\d\s().+-]\s*|^\s*)00[\s.-]*(?=[1-9])/;

/** The digit dialled before a national number in `region` ('0' in the UK, '1' in the US), if any. */
function nationalPrefixOf(region: string): string | undefined {
  if (!isSupportedCountry(region)) return undefined;
  const metadata = new Metadata();
  metadata.selectNumberingPlan(region);
  // nationalPrefix() is in the metadata at run time but missing from the package's type of it.
  return (metadata.numberingPlan as unknown as { nationalPrefix(): string | undefined } | undefined)?.nationalPrefix();
}

// USPS codes (states, DC, territories, military) and the names people type instead.
const US_STATES: Record<string, string> = Object.fromEntries(
  (
    'AL Alabama|AK Alaska|AZ Arizona|AR Arkansas|CA California|CO Colorado|CT Connecticut|DE Delaware|DC District of Columbia|' +
    'FL Florida|GA Georgia|HI Hawaii|ID Idaho|IL Illinois|IN Indiana|IA Iowa|KS Kansas|KY Kentucky|LA Louisiana|ME Maine|' +
    'MD Maryland|MA Massachusetts|MI Michigan|MN Minnesota|MS Mississippi|MO Missouri|MT Montana|NE Nebraska|NV Nevada|' +
    'NH New Hampshire|NJ New Jersey|NM New Mexico|NY New York|NC North Carolina|ND North Dakota|OH Ohio|OK Oklahoma|OR Oregon|' +
    'PA Pennsylvania|RI Rhode Island|SC South Carolina|SD South Dakota|TN Tennessee|TX Texas|UT Utah|VT Vermont|VA Virginia|' +
    'WA Washington|WV West Virginia|WI Wisconsin|WY Wyoming|PR Puerto Rico|GU Guam|VI Virgin Islands|AS American Samoa|' +
    'MP Northern Mariana Islands|AA Armed Forces Americas|AE Armed Forces Europe|AP Armed Forces Pacific'
  )
    .split('|')
    .flatMap((entry) => {
      const code = entry.slice(0, 2);
      return [
        [code.toLowerCase(), code],
        [entry.slice(3).toLowerCase(), code],
      ];
    }),
);

interface PostcodeRule {
  /** Matches a postcode at the end of a string; group 1 is the postcode. */
  pattern: RegExp;
  name: string;
  example: string;
  normalise(code: string): string;
  regionRequired: boolean;
}

const POSTCODE_RULES: Record<string, PostcodeRule> = {
  US: { pattern: /(?:^|\s)(\d{5}(?:-\d{4})?)$/, name: 'ZIP code', example: '62701 or 62701-1234', normalise: (c) => c, regionRequired: true },
  GB: {
    pattern: /(?:^|\s)((?:[A-Z]{1,2}\d[A-Z\d]?|GIR)\s*\d[A-Z]{2})$/i,
    name: 'postcode',
    example: 'SW1A 2AA',
    normalise: (c) => c.toUpperCase().replace(/\s+/g, '').replace(/(\d[A-Z]{2})$/, ' $1'),
    regionRequired: false,
  },
  CA: {
    pattern: /(?:^|\s)([A-Z]\d[A-Z]\s*\d[A-Z]\d)$/i,
    name: 'postal code',
    example: 'K1A 0B1',
    normalise: (c) => c.toUpperCase().replace(/\s+/g, '').replace(/^(.{3})/, '$1 '),
    regionRequired: true,
  },
};
const GENERIC_RULE: PostcodeRule = {
  pattern: /(?:^|\s)([A-Z0-9][A-Z0-9-]{2,9})$/i,
  name: 'postcode',
  example: '10115',
  normalise: (c) => c.toUpperCase(),
  regionRequired: false,
};
POSTCODE_RULES['UK'] = POSTCODE_RULES['GB'];

/** What the address question should ask for, by region. */
export function addressFormatHint(region: string): string {
  if (region === 'US') return 'street, city, state and ZIP code, like "1 Main St, Springfield, IL 62701"';
  if (region === 'GB' || region === 'UK') return 'street, town and postcode, like "10 Downing Street, London, SW1A 2AA"';
  return 'street, city and postcode, separated by commas';
}

/**
 * Reads a one-line postal address ("street, city, state ZIP"). The postcode is checked by the
 * region's format (US ZIP, UK postcode, Canadian postal code; a loose check elsewhere).
 */
export function readAddress(text: string, region: string): FieldReading<PostalAddress> {
  if (REMOVED.test(text)) return { ok: false, reason: secretReason };
  const rule = POSTCODE_RULES[region] ?? GENERIC_RULE;
  const country = region === 'UK' ? 'GB' : region;
  const parts = text
    .split(/[,\n;]+/)
    .map((p) => p.trim().replace(/\.$/, ''))
    .filter(Boolean);
  const last = parts.pop();
  const match = last ? rule.pattern.exec(last) : null;
  if (!last || !match) return { ok: false, reason: `I couldn't find a ${rule.name} at the end. It should look like ${rule.example}.` };
  const postcode = rule.normalise(match[1]);
  const rest = last.slice(0, match.index).trim();
  if (rest) parts.push(rest);

  let regionName: string | undefined;
  if (country === 'US') {
    const candidate = parts.pop();
    regionName = candidate ? US_STATES[candidate.toLowerCase()] : undefined;
    if (!regionName) return { ok: false, reason: 'I need the state too, like IL or Illinois, just before the ZIP code.' };
  } else if (rule.regionRequired && parts.length >= 3) {
    regionName = parts.pop();
  }
  const city = parts.pop();
  const street = parts.join(', ');
  if (!city || !street) return { ok: false, reason: `Please give the street and the city as well, separated by commas: ${addressFormatHint(region)}.` };
  if (street.length < 3 || !/\p{L}/u.test(city)) return { ok: false, reason: "I couldn't tell the street from the city. Please separate them with commas." };
  return { ok: true, value: { street, city, ...(regionName ? { region: regionName } : {}), postcode, country: country.slice(0, 2) } };
}

/** One line for the user or a technician. */
export function formatAddress(a: PostalAddress): string {
  return [a.street, a.city, [a.region, a.postcode].filter(Boolean).join(' ')].join(', ');
}

/** "the number ending 0188": how a phone number is said back to the user, never whole in the chat. */
export function numberEnding(phone: string): string {
  return `the number ending ${phone.replace(/\D/g, '').slice(-4)}`;
}

/** a***@example.com: enough for the user to recognise their address, not enough to read it out. */
export function maskAddress(address: string): string {
  const at = address.lastIndexOf('@');
  if (at > 0) return `${address[0]}***${address.slice(at)}`;
  return address.length > 4 ? `${'*'.repeat(address.length - 4)}${address.slice(-4)}` : '****';
}

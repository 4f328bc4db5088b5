// Reading contact details out of what a user typed (P2). Each reader returns the normalised value
// or a reason the user can act on; the dialog repeats the reason in its re-prompt.
import { findPhoneNumbersInText, parsePhoneNumberFromString, validatePhoneNumberLength } from 'libphonenumber-js';
import type { CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { DamerauLevenshteinDistance } from '../nlu/natural-parts';
import type { PostalAddress } from './profile';

/**
 * `doubt`: the value reads fine but looks like a slip ("gmial.com"); the dialog asks once, and
 * the same answer again is taken as meant.
 */
/**
 * A field read from a message. `doubt`: a question to ask once before keeping the value;
 * `confirm`: what a "yes" (and a "no") to that question answers, as text that reads cleanly.
 */
export type FieldReading<T> = { ok: true; value: T; doubt?: string; confirm?: { yes: string; no?: string } } | { ok: false; reason: string };

const REMOVED = /\[removed\]/i;
const secretReason = "Part of that was removed because it looked like a password or card number, so I couldn't read it.";

const NOT_A_NAME = /^(?:y|yes|yeah|yep|yup|n|no|nope|nah|ok|okay|k|sure|fine|thanks|thank you|hi|hello|hey|what|why|huh|idk|dunno|none|n\/a|na|no name|anonymous|name)$/i;

export function readName(text: string): FieldReading<string> {
  if (REMOVED.test(text)) return { ok: false, reason: secretReason };
  const name = text
    .trim()
    .replace(/^(?:my name is|my name's|name:|i am|i'm|im|it's|it is|this is|call me)\s+/i, '')
    .replace(/[.!]+$/, '')
    .replace(/\s+/g, ' ')
    .trim();
  if (!/\p{L}/u.test(name)) return { ok: false, reason: "That doesn't look like a name." };
  // "yes" after a question that was answered a moment ago, "ok", "why?": not a name to store (it was, as "y***").
  if (NOT_A_NAME.test(name) || name.endsWith('?')) return { ok: false, reason: 'I need the name we should use for you, like "Jane Doe".' };
  if (/\d|@/.test(name)) return { ok: false, reason: "A name shouldn't contain digits or an @." };
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
const SPOKEN_EMAIL = /([a-z0-9][a-z0-9._+-]*)\s*(?:\(at\)|\[at\]|\sat\s)\s*([a-z0-9-]+(?:\s*(?:\(dot\)|\[dot\]|\sdot\s|\.)\s*[a-z0-9-]+)+)/i;

export function readEmail(text: string): FieldReading<string> {
  if (REMOVED.test(text)) return { ok: false, reason: secretReason };
  const candidate = /[^\s<>"',;:()]+@[^\s<>"',;:()]+/.exec(text)?.[0]?.replace(/[.]+$/, '');
  if (!candidate) {
    const spoken = SPOKEN_EMAIL.exec(` ${text} `);
    const address = spoken ? `${spoken[1]}@${spoken[2].replace(/\s*(?:\(dot\)|\[dot\]|\sdot\s|\.)\s*/gi, '.')}`.toLowerCase() : undefined;
    if (address && emailSchema.safeParse(address).success) {
      // Read, not typed: asked once, so a misreading is not kept and every reply lost. The only
      // re-prompt that shows what was read: the user never saw it written that way.
      return { ok: true, value: address, doubt: `So that's ${address}? Please say yes or no.`, confirm: { yes: address } };
    }
    return { ok: false, reason: "That doesn't look like an email address: it needs an @ and a domain, like name@example.com." };
  }
  if (!emailSchema.safeParse(candidate).success) {
    return { ok: false, reason: `"${candidate.length > 60 ? 'That' : candidate}" isn't a valid email address; please check it for typos.` };
  }
  const at = candidate.lastIndexOf('@');
  const domain = candidate.slice(at + 1).toLowerCase();
  const meant = likelyMeantDomain(domain);
  const value = `${candidate.slice(0, at)}@${domain}`;
  if (!meant) return { ok: true, value };
  return {
    ok: true,
    value,
    doubt: `Did you mean ${meant} rather than ${domain}? Say yes to use ${meant}, no to keep it as you typed it, or type the address again.`,
    confirm: { yes: `${candidate.slice(0, at)}@${meant}`, no: value },
  };
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
  return COMMON_MAIL_DOMAINS.find((known) => DamerauLevenshteinDistance(domain, known, { restricted: true }) === 1);
}

/** Reads a phone number; national numbers are read in `region`. Returns E.164. */
export function readPhone(text: string, region: string): FieldReading<string> {
  const country = region as CountryCode;
  const parsed = REMOVED.test(text) ? undefined : parsePhoneNumberFromString(text, country);
  if (parsed?.isValid()) return { ok: true, value: parsed.number };
  // "my number is 415 555 2671, call after 5", or the number next to a card number the redaction
  // took out ("415 555 2671 and my card [removed]"): the one valid number in the message is the
  // answer. Refusing it made the user give a number they had already given, without saying why.
  const found = findPhoneNumbersInText(text, country).filter((f) => f.number.isValid());
  if (found.length === 1) return { ok: true, value: found[0].number.number };
  if (REMOVED.test(text)) return { ok: false, reason: secretReason };
  const digits = text.replace(/\D/g, '');
  const problem = digits.length > 0 ? validatePhoneNumberLength(text.trim().startsWith('+') ? `+${digits}` : digits, country) : 'NOT_A_NUMBER';
  const hint = `Please include the area code, or start with + and the country code for a number outside ${region}.`;
  switch (problem) {
    case 'TOO_SHORT':
      return { ok: false, reason: `That number is too short. ${hint}` };
    case 'TOO_LONG':
      return { ok: false, reason: `That number has too many digits. ${hint}` };
    case 'NOT_A_NUMBER':
      return { ok: false, reason: `I couldn't find a phone number in that. ${hint}` };
    default:
      return { ok: false, reason: `That isn't a valid phone number. ${hint}` };
  }
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

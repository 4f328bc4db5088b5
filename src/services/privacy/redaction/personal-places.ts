// Postal addresses and birth dates. Addresses are found by shape (number + street name + street
// type, UK postcodes, state + ZIP) or by an introduction ("I live at ..."); dates only count as
// personal in a birth context, so "since 2024-03-01" stays.
import { spansOf, trimValueEnd } from './scan';
import type { Span } from './types';

const STREET_TYPE = String.raw`(?:Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Circle|Cir|Parkway|Pkwy|Highway|Hwy|Square|Sq|Trail|Trl|Close|Crescent|Cres|Grove|Gardens|Gdns|Row|Mews|Walk|Plaza|Alley|Loop|Pike|Expressway|Broadway)`;
const UNIT = String.raw`(?:,?[ \t]*(?:Apt|Apartment|Suite|Ste|Unit|Flat|Fl|Floor|Room|Rm|#)\.?[ \t]*#?[ \t]*[A-Za-z0-9-]{1,6})`;
const US_STATE = String.raw`(?:A[LKZR]|C[AOT]|D[EC]|FL|GA|HI|I[DLNA]|K[SY]|LA|M[EDAINSOT]|N[EVHJMYCD]|O[HKR]|PA|RI|S[CD]|T[NX]|UT|V[TA]|W[AVIY]|PR|GU|VI)`;
const ZIP = String.raw`\d{5}(?:-\d{4})?`;
export const UK_POSTCODE = String.raw`(?:GIR[ \t]?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]?[ \t]?\d[ABD-HJLNP-UW-Z]{2})`;
const CITY = String.raw`\p{Lu}[\p{L}'.-]{0,25}(?:[ \t]\p{Lu}[\p{L}'.-]{0,25}){0,2}`;
// ", Springfield, IL 62704" / ", Austin TX" / ", London SW1A 1AA" — a city only counts when a state, ZIP or postcode follows.
const CITY_TAIL = String.raw`(?:,[ \t]*${CITY},?[ \t]+(?:${US_STATE}(?:[ \t]+${ZIP})?|${ZIP}|${UK_POSTCODE})(?![\p{L}\p{N}]))`;

const STREET = new RegExp(
  String.raw`(?<![\p{L}\p{N}.,/-])\d{1,6}[A-Za-z]?(?:[-/]\d{1,4})?[ \t]+(?:(?:N|S|E|W|North|South|East|West)\.?[ \t]+)?(?:(?:\p{Lu}[\p{L}\p{N}'.-]{0,25}|\d{1,3}(?:st|nd|rd|th))[ \t]+){1,4}${STREET_TYPE}\.?(?![\p{L}\p{N}])(?:[ \t]+(?:NW|NE|SW|SE|N|S|E|W)(?![\p{L}\p{N}]))?${UNIT}?${CITY_TAIL}?`,
  'gud',
);
const STREET_AT = new RegExp(STREET.source, 'uy');
const POSTCODE = new RegExp(String.raw`(?<![\p{L}\p{N}])${UK_POSTCODE}(?![\p{L}\p{N}])`, 'gu');
const POSTCODE_LABELLED = new RegExp(String.raw`(?<![\p{L}])post\s?code\s*(?:is|:)?\s*(?<v>${UK_POSTCODE})(?![\p{L}\p{N}])`, 'giud');
const STATE_ZIP = new RegExp(String.raw`(?<![\p{L}\p{N}])(?:${CITY},?[ \t]+)?${US_STATE}[ \t]+${ZIP}(?![\p{N}-])`, 'gu');
const ZIP_LABELLED = /(?<![\p{L}])(?:zip(?:\s*code)?|postal\s+code)\s*(?:is|:|#)?\s*(?<v>\d{5}(?:-\d{4})?|[A-Za-z]\d[A-Za-z][ -]?\d[A-Za-z]\d)(?![\p{L}\p{N}])/giud;
// "I live at ..." / "my address is ..." up to the end of the clause; only kept when it contains a number.
const INTRODUCED = /(?<![\p{L}])(?:(?:my|our|the|his|her|their)\s+(?:(?:home|mailing|postal|shipping|billing|street|delivery|new|old|current)\s+)?address\s*(?:is|was|:)|(?<!(?:ip|mac|email|e-mail|web|server|dns|gateway|router|wan|lan|hardware|physical|mail|network)\s*)address\s*:|(?:i|we)\s+(?:live|lived|stay|reside)\s+(?:at|on)|(?<ship>(?:ship|send|deliver|mail|post)\s+(?:it|them|the\s+\w+|a\s+\w+)?\s*(?:to|at)))\s+(?<v>[^\n;!?]{4,120})/giud;

const STREET_WORD = new RegExp(String.raw`(?<![\p{L}])${STREET_TYPE}(?![\p{L}])`, 'iu');

function clauseEnd(text: string, start: number, end: number): number {
  const value = text.slice(start, end);
  const stop = value.search(/\.(?:\s|$)|\s(?:and|but|so|because|if|when|which|though)\s|\s-\s/i);
  return stop >= 0 ? start + stop : end;
}

export function detectAddresses(text: string): Span[] {
  const out: Span[] = [
    ...spansOf(STREET, text, 'address'),
    ...spansOf(POSTCODE, text, 'address'),
    ...spansOf(POSTCODE_LABELLED, text, 'address'),
    ...spansOf(STATE_ZIP, text, 'address'),
    ...spansOf(ZIP_LABELLED, text, 'address'),
  ];
  out.push(
    ...spansOf(INTRODUCED, text, 'address', (v, s, e, m) => {
      let end = trimValueEnd(text, s, clauseEnd(text, s, e));
      // "send it to 10 Downing Street please": a recognised street ends the address unless more numbers follow.
      STREET_AT.lastIndex = s;
      const street = STREET_AT.exec(text);
      if (street && street[0].length < end - s && !/\d/.test(text.slice(s + street[0].length, end))) end = s + street[0].length;
      const value = text.slice(s, end);
      // Values holding other findings (an email, a URL, a placeholder from an earlier pass) are not addresses.
      if (/@|:\/\/|\[|^\d{1,3}(?:\.\d{1,3}){3}\b|^[0-9a-f]{2}[:-]/i.test(value)) return false;
      // "send it to 2 people" is not an address: after ship/send verbs the value must name a street.
      if (m.groups?.['ship'] && !STREET_WORD.test(value)) return false;
      return /\d/.test(value) && /\p{L}{2}/u.test(value) && [s, end];
    }),
  );
  return out;
}

const MONTH = String.raw`(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)`;
const ORD = String.raw`(?:st|nd|rd|th)?`;
const DATE = String.raw`(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})|${MONTH}\.?[ \t]+\d{1,2}${ORD}(?:,?[ \t]+\d{4})?|(?:the[ \t]+)?\d{1,2}${ORD}[ \t]+(?:of[ \t]+)?${MONTH}\.?(?:,?[ \t]+\d{4})?|${MONTH}[ \t]+\d{4})(?![\p{N}])`;
const BIRTH_CONTEXT = String.raw`(?:born(?:[ \t]+on)?|date[ \t]+of[ \t]+birth|d\.?o\.?b\.?|birth[ \t]?date|birthday|bday|b-day)`;
const BIRTHDATE = new RegExp(
  String.raw`(?<![\p{L}])${BIRTH_CONTEXT}(?:[ \t]+(?:is|was|=)[ \t]*:?|[ \t]*[:=-])?[ \t]*(?:on[ \t]+)?(?:the[ \t]+)?(?<v>${DATE})`,
  'giud',
);
const BORN_IN_YEAR = /(?<![\p{L}])born\s+in\s+(?<v>(?:19|20)\d{2})(?!\d)/giud;

export function detectBirthdates(text: string): Span[] {
  return [...spansOf(BIRTHDATE, text, 'birthdate'), ...spansOf(BORN_IN_YEAR, text, 'birthdate')];
}

// Payment and government/bank identifiers (P3, P10). Checksums (Luhn, mod-97) decide between a
// real card/IBAN and a look-alike such as an order number; labels decide between a card and an IMEI.
import { ibanValid, luhnValid } from './checks';
import { before, spansOf, type DetectContext } from './scan';
import type { Span } from './types';

// A run of digit groups joined by spaces, dashes, dots, slashes or underscores. Starts only after a non-digit. A dash or
// slash may have a space each side and a space may be doubled ("4111 - 1111 - 1111 - 1111", "4111  1111  1111  1111"):
// typed or pasted so, still a card.
const DIGIT_RUN = /(?<![\d.-])\d+(?:(?: ?[-/] ?| {1,2}|[._])\d+)*/g;
// Separators that also join dates, versions and file names ("2024.01.15", "IMG_20240101_123456"): a card written with
// them, or with separators of more than one kind ("4111-1111 1111.1111"), is four-digit groups, as printed on the card.
const FOUR_DIGITS_ONLY: ReadonlySet<string> = new Set(['.', '/', '_']);

// Labels that make a Luhn-valid number technical (device identifiers), and labels that make it a card.
// "sim card" is listed before "card" so that it is read as one (technical) label.
const NUMBER_LABEL = /(?<![\p{L}\p{N}.@_-])(?:imei\d?|meid|esn|iccid|sim(?:\s+card)?|serial|s\/n|sn|tracking|order|invoice|ref(?:erence)?|confirmation|booking|(?:credit|debit|bank|visa|payment)?\s*card|visa|mastercard|master\s+card|amex|american\s+express|discover|cc|ccn|pan)(?![\p{L}])/gu;
// An order or invoice number passes Luhn one time in ten ("amazon order 112-7162198-9943396"): the label says what it is.
const TECHNICAL_LABEL = /^(?:imei\d?|meid|esn|iccid|sim(?:\s+card)?|serial|s\/n|sn|tracking|order|invoice|ref(?:erence)?|confirmation|booking)$/;
// A label covers only the number right after it: between them only connecting words may stand
// ("IMEI number is 35..."), not other numbers or words ("serial ... my password 4111...").
const LABEL_LINK = /^[\s:#=.-]*(?:(?:number|no|num|nr|is|was|of|the|my|this|phone|device|id|code|slot|reads|says|shows|for)[\s:#=.-]*){0,4}$/;

interface Label {
  text: string;
  start: number;
  end: number;
}

function labelOf(text: string, start: number): Label | null {
  const from = Math.max(0, start - 40);
  const window = before(text, start, 40);
  let last: RegExpExecArray | null = null;
  for (const m of window.matchAll(NUMBER_LABEL)) last = m as RegExpExecArray;
  if (!last) return null;
  const between = window.slice((last.index ?? 0) + last[0].length);
  if (!LABEL_LINK.test(between)) return null;
  const labelStart = from + (last.index ?? 0);
  return { text: last[0].trim(), start: labelStart, end: labelStart + last[0].length };
}

interface Group {
  start: number;
  end: number;
}

/** Left to right, the longest window of whole groups (13-19 digits, one kind of separator) that passes Luhn. */
function cardWindows(text: string, runStart: number, run: string): Group[] {
  const groups: Group[] = [];
  const seps: string[] = [];
  // A plain character scan: runs can be thousands of groups long, and this is the hot loop. A separator is one kind
  // whatever its spaces: " - " is a dash, "  " a space.
  const digit = (k: number): boolean => {
    const c = run.charCodeAt(k);
    return c >= 48 && c <= 57;
  };
  let k = 0;
  while (k < run.length) {
    const groupStart = k;
    while (k < run.length && digit(k)) k++;
    groups.push({ start: runStart + groupStart, end: runStart + k });
    if (k >= run.length) break;
    const sepStart = k;
    while (k < run.length && !digit(k)) k++;
    seps.push(run.slice(sepStart, k).trim() || ' ');
  }
  const found: Group[] = [];
  let i = 0;
  while (i < groups.length) {
    let best: Group | null = null;
    let bestJ = i;
    let digits = '';
    let allFour = true;
    let mixed = false;
    for (let j = i; j < groups.length; j++) {
      allFour &&= groups[j]!.end - groups[j]!.start === 4;
      mixed ||= j > i && seps[j - 1] !== seps[i];
      // Otherwise a date, version, list or file name, not a card.
      if (j > i && (mixed || FOUR_DIGITS_ONLY.has(seps[i]!)) && !allFour) break;
      const g = groups[j]!;
      digits += text.slice(g.start, g.end);
      if (digits.length > 19) break;
      // Issuer numbers never start with 0, and a run of one repeated digit is filler, not a card.
      if (digits.length >= 13 && digits[0] !== '0' && !/^(\d)\1*$/.test(digits) && luhnValid(digits)) {
        best = { start: groups[i]!.start, end: g.end };
        bestJ = j;
      }
    }
    if (best) {
      found.push(best);
      i = bestJ + 1;
    } else i++;
  }
  return found;
}

export interface CardScan {
  cards: Span[];
  /** Luhn-valid numbers kept as technical because of the label before them, with that label's place. */
  labelledTechnical: { span: Span; label: Label }[];
}

// "four one one one ...": a card number read out digit by digit, as people do who were told not to paste it.
const DIGIT_WORDS: Readonly<Record<string, string>> = { zero: '0', oh: '0', one: '1', two: '2', three: '3', four: '4', five: '5', six: '6', seven: '7', eight: '8', nine: '9' };
const DIGIT_WORD = String.raw`(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)`;
const WORDED_RUN = new RegExp(String.raw`(?<![\p{L}])${DIGIT_WORD}(?:[\s,-]{1,3}${DIGIT_WORD}){12,18}(?![\p{L}])`, 'giu');

function wordedCards(text: string): Span[] {
  const out: Span[] = [];
  for (const m of text.matchAll(WORDED_RUN)) {
    const digits = (m[0].toLowerCase().match(/[a-z]+/g) ?? []).map((w) => DIGIT_WORDS[w] ?? '').join('');
    const start = m.index ?? 0;
    if (luhnValid(digits)) out.push({ type: 'credit_card', start, end: start + m[0].length });
  }
  return out;
}

// "card 4111 1111", the rest to follow in the next message: part of a card number is card data too. Two or three
// groups of four right after a card word; one group alone is the "last four" that receipts print, and stays.
const PARTIAL_CARD = /(?<![\p{L}])(?:card|visa|mastercard|amex)(?:\s+(?:number|num|no\.?|#))?(?:\s+(?:is|was)\s*:?|\s*[:=#-])?\s*(?<v>\d{4}(?:[ -]\d{4}){1,2})(?![\d]|[ -]\d)/giud;
// The rest of a card number begun in the message before (`cardContinues`): the digit groups the message starts with.
const CARD_REST = /^\s*(?<v>\d{4}(?:[ -]?\d{4}){0,3}|\d{4,19})(?![\d]|[ -]\d)/d;

export function detectCards(text: string): CardScan {
  const cards: Span[] = [];
  const labelledTechnical: CardScan['labelledTechnical'] = [];
  for (const m of text.matchAll(DIGIT_RUN)) {
    const run = m[0];
    if (run.length < 13) continue;
    const start = m.index ?? 0;
    for (const w of cardWindows(text, start, run)) {
      const span: Span = { type: 'credit_card', start: w.start, end: w.end };
      const label = labelOf(text, w.start);
      if (label && TECHNICAL_LABEL.test(label.text)) labelledTechnical.push({ span, label });
      else cards.push(span);
    }
  }
  cards.push(...wordedCards(text), ...spansOf(PARTIAL_CARD, text, 'credit_card'));
  return { cards, labelledTechnical };
}

// "09/27", and after an expiry label also "september 2027", "Sept 27".
const EXPIRY_DATE = String.raw`(?<v>(?:0?[1-9]|1[0-2])\s?[/-]\s?(?:20)?\d{2}(?![\d/])|(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]{0,6}\.?,?\s+(?:20)?\d{2}(?!\d))`;
const EXPIRY_LABELLED = new RegExp(
  // Spanish, Portuguese, German and Italian words for it too: users mix languages.
  String.raw`(?<![\p{L}])(?:exp(?:iry|iration|ires|ire|\.)?|valid\s+(?:thru|through|until)|good\s+thru|caduca|caducidad|vence|vencimiento|validade|g[üu]ltig\s+bis|ablaufdatum|scadenza)(?:\s+date)?\s*(?:is|:|-|=)?\s*(?:on\s+)?` + EXPIRY_DATE,
  'giud',
);
// The abbreviations printed on cards ("exp 09/27", "valid thru 11/28") name a card's expiry with no other card word.
const CARD_PRINTED_EXPIRY = /(?<![\p{L}])(?:exp\.?(?:\s+date)?|valid\s+thru|good\s+thru)\s*(?:is|:|-|=)?\s*(?<v>(?:0?[1-9]|1[0-2])\s?\/\s?(?:20)?\d{2})(?![\d/])/giud;
// "cvv is one two three": the code read out in words, as people do who were told not to type it.
const CVV_VALUE = String.raw`(?:\d{3,4}(?!\d)|${DIGIT_WORD}(?:[\s,-]{1,3}${DIGIT_WORD}){2,3}(?![\p{L}\p{N}]))`;
const CVV_LABELLED = new RegExp(
  String.raw`(?<![\p{L}])(?:cvv2?|cvc2?|csc|cvn|cid|card\s+(?:security\s+|verification\s+)?code|security\s+code\s+on\s+the\s+back|(?:3|three|4|four)[- ]digit\s+(?:security\s+)?code)(?:\s+(?:number|code|no\.?))?\s*(?:is|was|:|=|-|#)?\s*(?<v>${CVV_VALUE})`,
  'giud',
);
// "the code on the back of my card is 123", "the 3 numbers on the back are 123": without "of the card", only when the text is about a card.
// A count of digits before it ("the 3 digits on the back are 123", "the three digit code on the back") is how the CVV is
// described on every checkout page, so it needs no card word either.
const BACK_OF_CARD = /(?<![\p{L}])(?:(?<count>(?:3|three|4|four)[- ]?(?:digit\s+(?:security\s+)?(?:code|number)|digits|numbers))|code|numbers?|digits?)\s+on\s+the\s+back(?<card>\s+of\s+(?:my|the|your)\s+(?:credit\s+|debit\s+|bank\s+)?(?:card|visa|mastercard|amex))?\s*(?:is|are|was|were|:|=|-)?\s*(?<v>\d{3,4})(?!\d)/giud;
// "123 is the cvv", "737 was the security code on the back": the value before its name. "security code" alone is a
// CVV only when the text is about a card; the other names are one wherever they stand.
const CVV_REVERSED = /(?<![\p{L}\p{N}.\/-])(?<v>\d{3,4})\s+(?:is|was)\s+(?:the|my|its|the\s+card[’']s)\s+(?:(?<named>cvv2?|cvc2?|csc|cvn|card\s+(?:security\s+|verification\s+)?code|(?:3|three|4|four)[- ]?digit\s+(?:security\s+)?(?:code|number)|(?:security\s+)?(?:code|numbers?|digits?)\s+on\s+the\s+back)|security\s+code)(?![\p{L}])/giud;
// "security code" alone is also used for one-time codes; next to card talk it is the CVV.
const SECURITY_CODE = new RegExp(String.raw`(?<![\p{L}])security\s+code(?:\s+(?:number|no\.?))?\s*(?:is|was|:|=|-|#)?\s*(?<v>${CVV_VALUE})`, 'giud');
const CARD_TAIL_FILLER = /^(?:[\s,;:()/#-]|\d|exp(?:iry|iration|ires|\.)?|valid|thru|through|good|date|cvv2?|cvc2?|csc|cid|security|code|and|is|with)*$/i;
const CARD_WORDS = /\b(?:card|visa|mastercard|amex|cvv|cvc|credit|debit)\b/i;
// Cards that are hardware, not payment: "my graphics card warranty expires Sept 27" is a date the technician needs.
// Any other card (gift, store, loyalty, a bare "card") may be the payment card, whose expiry is a secret, so its
// date still goes. Only the expiry reads this: "SIM card security code 1234" is a SIM PIN and goes as before.
const HARDWARE_CARD = /\b(?:graphics|video|sound|audio|network|wi-?fi|wireless|ethernet|lan|capture|expansion|tuner|sd|micro-?sd|memory|sim|e-?sim)\s+cards?\b/gi;

/** Expiry dates and CVVs: labelled ones when the text is about a card, and bare ones right after a detected card number. */
export function detectCardExtras(text: string, cards: Span[]): Span[] {
  const out: Span[] = [];
  const aboutCard = cards.length > 0 || CARD_WORDS.test(text);
  const aboutPaymentCard = cards.length > 0 || CARD_WORDS.test(text.replace(HARDWARE_CARD, ' '));
  if (aboutPaymentCard) out.push(...spansOf(EXPIRY_LABELLED, text, 'card_expiry'));
  else out.push(...spansOf(CARD_PRINTED_EXPIRY, text, 'card_expiry'));
  if (aboutCard) out.push(...spansOf(SECURITY_CODE, text, 'cvv'));
  out.push(...spansOf(CVV_LABELLED, text, 'cvv'));
  out.push(...spansOf(BACK_OF_CARD, text, 'cvv', (_v, _s, _e, m) => aboutCard || m.groups?.['card'] !== undefined || m.groups?.['count'] !== undefined));
  out.push(...spansOf(CVV_REVERSED, text, 'cvv', (_v, _s, _e, m) => aboutCard || m.groups?.['named'] !== undefined));
  for (const card of cards) {
    // What follows a card number up to the end of the clause: "4111... 12/26 123".
    const tail = text.slice(card.end, card.end + 30);
    const stop = tail.search(/[.!?\n](?:\s|$)|\n/);
    const clause = stop >= 0 ? tail.slice(0, stop) : tail;
    // Only values reached through card words and punctuation belong to the card: not "..., pin 4821".
    const reachable = (index: number): boolean => CARD_TAIL_FILLER.test(clause.slice(0, index));
    // Written straight on to the number ("4111111111111111/09/27"), the date's "/" is the separator, not part of a longer date.
    for (const d of clause.matchAll(/(?:(?<=^[/-])|(?<![\d/-]))(?:0?[1-9]|1[0-2])\s?[/-]\s?(?:20)?\d{2}(?![\d/])/g)) {
      if (!reachable(d.index ?? 0)) continue;
      const s = card.end + (d.index ?? 0);
      out.push({ type: 'card_expiry', start: s, end: s + d[0].length });
    }
    for (const d of clause.matchAll(/(?<![\d/-])\d{3,4}(?![\d/-])/g)) {
      if (!reachable(d.index ?? 0)) continue;
      const s = card.end + (d.index ?? 0);
      out.push({ type: 'cvv', start: s, end: s + d[0].length });
    }
  }
  return out;
}

const IBAN_CANDIDATE = /(?<![A-Za-z0-9])[A-Za-z]{2}\d{2}(?:[ -]?[A-Za-z0-9]){11,32}/g;

export function detectIbans(text: string): Span[] {
  const out: Span[] = [];
  const scanner = new RegExp(IBAN_CANDIDATE.source, IBAN_CANDIDATE.flags);
  let m: RegExpExecArray | null;
  while ((m = scanner.exec(text)) !== null) {
    const start = m.index;
    const cand = m[0];
    // The candidate may have run into a second IBAN: resume right after the one found.
    const resumeAfter = (end: number): void => {
      scanner.lastIndex = Math.max(start + 1, end);
    };
    const labelled = /\biban\b/.test(before(text, start, 25));
    // The candidate may run on into following words; try cuts at separators, longest first.
    let done = false;
    for (let cut = cand.length; cut >= 15 && !done; cut--) {
      const next = cand[cut] ?? ' ';
      if (cut < cand.length && next !== ' ' && next !== '-') continue;
      if (ibanValid(cand.slice(0, cut))) {
        out.push({ type: 'iban', start, end: start + cut });
        resumeAfter(start + cut);
        done = true;
      }
    }
    if (!done && !labelled) scanner.lastIndex = start + 1;
    if (!done && labelled) {
      // A labelled IBAN with a typo is still bank data: keep only the code-like tokens.
      const tokens = cand.split(' ');
      let len = 0;
      for (const t of tokens) {
        if (!/\d/.test(t) && !/^[A-Z0-9]{1,4}$/.test(t)) break;
        len += (len ? 1 : 0) + t.length;
      }
      out.push({ type: 'iban', start, end: start + len });
      resumeAfter(start + len);
    }
  }
  return out;
}

const CONNECT = String.raw`(?:\s+(?:is|was)\s*:?|\s*[:=#-])?\s*`;
const BANK_ACCOUNT = new RegExp(
  String.raw`(?<![\p{L}])(?:(?:bank|checking|chequing|savings|current)\s+)?(?:account|acct|acc|a\/c)\.?(?:\s*(?:number|num|no\.?|#))?` + CONNECT + String.raw`(?<v>\d(?:[ -]?\d){5,16})(?![\d])`,
  'giud',
);
const ROUTING = new RegExp(String.raw`(?<![\p{L}])(?:routing|aba|transit|rtn)(?:\s*(?:number|num|no\.?|#))?` + CONNECT + String.raw`(?<v>\d{9})(?!\d)`, 'giud');
const SORT_CODE = new RegExp(String.raw`(?<![\p{L}])(?:sort\s*code|sort(?=\s*:|\s+\d{2}-\d{2}-\d{2}(?!\d))|bsb)(?:\s*(?:number|no\.?))?` + CONNECT + String.raw`(?<v>\d{2}[- ]?\d{2}[- ]?\d{2}|\d{3}[- ]?\d{3})(?!\d)`, 'giud');

export function detectBankAccounts(text: string): Span[] {
  return [
    ...spansOf(BANK_ACCOUNT, text, 'bank_account'),
    ...spansOf(ROUTING, text, 'bank_account'),
    ...spansOf(SORT_CODE, text, 'bank_account'),
  ];
}

const SSN_DASHED = /(?<![\d-])(?<v>\d{3}-\d{2}-\d{4})(?![\d-])/gd;
const SSN_LABELLED = /(?<![\p{L}])(?:ssn|ss#|social\s+security(?:\s+(?:number|no\.?|#))?|social)(?:\s+(?:is|was)\s*:?|\s*[:=#-])?\s*(?<v>\d{3}[ -]?\d{2}[ -]?\d{4})(?!\d)/giud;

// "last 4 of my SSN are 6789", "social ending in 6789", "ssn last 4 is 6789": the part used to verify who someone is.
const SSN_LAST_FOUR = /(?<![\p{L}])(?:last\s+(?:4|four)(?:\s+digits)?\s+of\s+(?:my\s+|the\s+|your\s+)?(?:ssn|social(?:\s+security(?:\s+(?:number|no\.?|#))?)?)(?:\s+(?:is|are|was|were)\s*:?|\s*[:=#-])?|(?:ssn|social(?:\s+security(?:\s+(?:number|no\.?))?)?)(?:\s+end(?:s|ing)\s+(?:in|with)|[’']?s?\s+last\s+(?:4|four)(?:\s+digits)?(?:\s+(?:is|are|was|were)\s*:?|\s*[:=#-])?))\s*(?<v>\d{4})(?!\d)/giud;
// Canadian Social Insurance Number; "sin" alone is a word, so it needs "number", "#", ":" or "is" after it.
const SIN_LABELLED = /(?<![\p{L}])(?:social\s+insurance(?:\s+(?:number|no\.?|#))?|sin(?:\s*(?:number|no\.?|#)|(?=\s*[:=])|(?=\s+(?:is|was)\s)))(?:\s+(?:is|was)\s*:?|\s*[:=#-])?\s*(?<v>\d{3}[ -]?\d{3}[ -]?\d{3})(?!\d)/giud;

// "sin 046 454 286": with no word after "sin", only a number the SIN's check digit (Luhn) confirms, so "I sin 123 456 789 times" stays.
const SIN_BARE = /(?<![\p{L}])sin\s+(?<v>\d{3}[ -]?\d{3}[ -]?\d{3})(?![\d-])/giud;

function plausibleSsn(value: string): boolean {
  const d = value.replace(/\D/g, '');
  const area = d.slice(0, 3);
  return area !== '000' && area !== '666' && area[0] !== '9' && d.slice(3, 5) !== '00' && d.slice(5) !== '0000';
}

// UK National Insurance number; the excluded prefixes are never issued.
const NINO = /(?<![A-Za-z0-9])(?<v>(?!BG|GB|NK|KN|TN|NT|ZZ)[A-CEGHJ-PR-TW-Z][A-CEGHJ-NPR-TW-Z] ?\d{2} ?\d{2} ?\d{2} ?[A-D])(?![A-Za-z0-9])/gid;
const NINO_LABELLED = /(?<![\p{L}])(?:national\s+insurance(?:\s+(?:number|no\.?))?|ni\s*(?:number|no\.?)|nino)(?:\s+(?:is|was)\s*:?|\s*[:=#-])?\s*(?<v>[A-Z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-D]?)(?![A-Za-z0-9])/giud;
const NINO_CONTEXT = /national\s+insurance|\bni\s*(?:number|no)\b|\bnino\b/i;

// Other identity documents, by their label: the value is one to five groups, each with a digit, so the words after it stay.
const ID_DOCUMENT = new RegExp(
  String.raw`(?<![\p{L}])(?:passport|driv(?:er[’']?s?|ing)\s+licen[cs]e|dni|nie|nif|cpf|aadhaar|pesel|bsn|codice\s+fiscale|national\s+id(?:entity)?(?:\s+card)?|id\s+card|tax\s+id|tax\s+file|itin|medicare|nhs|health\s+card)(?:\s*(?:number|num|no\.?|#))?` +
    String.raw`(?:\s+(?:is|was)\s*:?|\s*[:=#-])?\s*(?<v>[A-Z0-9]{0,30}\d[A-Z0-9]{0,30}(?:[ .-][A-Z0-9]{0,30}\d[A-Z0-9]{0,30}){0,4})(?![\p{L}\p{N}])`,
  'giud',
);

export function detectNationalIds(text: string): Span[] {
  const ssn = [
    ...spansOf(SSN_DASHED, text, 'ssn', (v) => plausibleSsn(v)),
    ...spansOf(SSN_LABELLED, text, 'ssn'),
    ...spansOf(SSN_LAST_FOUR, text, 'ssn'),
  ];
  const ninoContext = NINO_CONTEXT.test(text);
  const nino = spansOf(NINO, text, 'national_id', (v, start) => {
    if (/\b(?:serial|s\/n|sn|model|part|product|sku)\b[^\n]{0,12}$/.test(before(text, start, 25))) return false;
    return ninoContext || v === v.toUpperCase();
  });
  // With an explicit label even an example-style number ("QQ 12 34 56 C") is treated as real.
  const labelled = spansOf(NINO_LABELLED, text, 'national_id');
  const documents = spansOf(ID_DOCUMENT, text, 'national_id', (v) => v.replace(/\D/g, '').length >= 4 && v.length >= 5);
  return [...ssn, ...nino, ...labelled, ...documents, ...spansOf(SIN_LABELLED, text, 'national_id'), ...spansOf(SIN_BARE, text, 'national_id', (v) => luhnValid(v.replace(/\D/g, '')))];
}

/**
 * Payment, bank and national-ID secrets. `others` are the secrets found by the other detectors: a
 * label that is itself part of a removed value ("key: serial 4111 ...") does not make the number
 * after it technical, because once that value is gone the number stands unlabelled.
 */
export function detectFinancial(text: string, ctx: DetectContext, others: readonly Span[] = []): Span[] {
  const { cards, labelledTechnical } = detectCards(text);
  if (ctx.cardContinues) cards.push(...spansOf(CARD_REST, text, 'credit_card'));
  const rest = [...detectCardExtras(text, cards), ...detectIbans(text), ...detectBankAccounts(text), ...detectNationalIds(text)];
  if (labelledTechnical.length === 0) return [...cards, ...rest];
  const secrets = [...cards, ...rest, ...others];
  const unlabelled = labelledTechnical
    .filter(({ label }) => secrets.some((s) => s.start < label.end && label.start < s.end))
    .map(({ span }) => span);
  return [...cards, ...unlabelled, ...rest, ...(unlabelled.length > 0 ? detectCardExtras(text, unlabelled) : [])];
}

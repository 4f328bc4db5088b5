import fc from 'fast-check';
import { isValidPhoneNumber, parsePhoneNumber, type CountryCode } from 'libphonenumber-js';
import { redactAll, redactSecrets } from '../../../../src/services/privacy/redaction';

// Filler words for surrounding text: none of them is a label that changes how a number is read
// (no "imei", "serial", "order"), so each property tests the detector, not the labels.
const WORDS = ['please', 'my', 'the', 'is', 'thanks', 'it', 'was', 'again', 'charge', 'help', 'printer', 'why', 'ok', 'today', 'hello'];
const sentence = fc.array(fc.constantFrom(...WORDS), { maxLength: 8 }).map((w) => w.join(' '));
const digitsOnly = (s: string): string => s.replace(/\D/g, '');

function luhnCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return (10 - (sum % 10)) % 10;
}

const cardNumber = fc
  .integer({ min: 13, max: 19 })
  .chain((length) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: length - 2, maxLength: length - 2 }).map((rest) => ({ length, rest })))
  .chain(({ rest }) => fc.integer({ min: 1, max: 9 }).map((first) => [first, ...rest].join('')))
  .map((body) => body + String(luhnCheckDigit(body)));

function group(digits: string, sizes: number[], sep: string): string {
  const parts: string[] = [];
  let i = 0;
  for (const size of sizes) {
    if (i >= digits.length) break;
    parts.push(digits.slice(i, i + size));
    i += size;
  }
  if (i < digits.length) parts.push(digits.slice(i));
  return parts.join(sep);
}

const formattedCard = fc.tuple(cardNumber, fc.constantFrom('none', '4s', '4d', '465s', '465d')).map(([digits, style]) => {
  switch (style) {
    case '4s':
      return group(digits, [4, 4, 4, 4], ' ');
    case '4d':
      return group(digits, [4, 4, 4, 4], '-');
    case '465s':
      return group(digits, [4, 6, 5], ' ');
    case '465d':
      return group(digits, [4, 6, 5], '-');
    default:
      return digits;
  }
});

describe('properties', () => {
  it('a Luhn-valid card number in any usual grouping never survives, in either function', () => {
    fc.assert(
      fc.property(sentence, formattedCard, sentence, (before, card, after) => {
        const text = `${before} ${card} ${after}`;
        for (const out of [redactSecrets(text).text, redactAll(text).text]) {
          expect(out).not.toContain(card);
          expect(digitsOnly(out)).not.toContain(digitsOnly(card));
        }
      }),
      { numRuns: 300 },
    );
  });

  it('a generated email address is always replaced', () => {
    fc.assert(
      fc.property(sentence, fc.emailAddress(), sentence, (before, email, after) => {
        const out = redactAll(`${before} ${email} ${after}`).text;
        expect(out).not.toContain(email);
        expect(out).toContain('[EMAIL]');
      }),
      { numRuns: 300 },
    );
  });

  // National numbers: area/exchange digits chosen at random, kept only when libphonenumber says valid.
  const phone = fc
    .oneof(
      fc.tuple(fc.constant<CountryCode>('US'), fc.integer({ min: 201, max: 989 }), fc.integer({ min: 200, max: 999 }), fc.integer({ min: 0, max: 9999 })).map(
        ([region, area, exchange, line]) => ({ region, national: `${area}${exchange}${String(line).padStart(4, '0')}` }),
      ),
      fc.tuple(fc.constant<CountryCode>('GB'), fc.constantFrom('20', '113', '161', '7700', '7911', '7400'), fc.integer({ min: 0, max: 9_999_999 })).map(
        ([region, prefix, rest]) => ({ region, national: `0${prefix}${String(rest).padStart(10 - prefix.length, '0')}` }),
      ),
    )
    .filter(({ region, national }) => isValidPhoneNumber(national, region));

  it('a phone number valid for the US or GB is replaced, whichever way it is written', () => {
    fc.assert(
      fc.property(sentence, phone, fc.constantFrom('national', 'international', 'e164'), sentence, (before, { region, national }, style, after) => {
        const parsed = parsePhoneNumber(national, region);
        const written = style === 'national' ? parsed.formatNational() : style === 'international' ? parsed.formatInternational() : parsed.number;
        const out = redactAll(`${before} call me on ${written} ${after}`, { defaultRegion: region }).text;
        expect(out).not.toContain(written);
        expect(out).toContain('[PHONE]');
      }),
      { numRuns: 300 },
    );
  });

  // Messages that mix every kind of data, so idempotence is tested where it can actually break.
  const piece = fc.oneof(
    sentence,
    formattedCard,
    fc.emailAddress(),
    fc.constantFrom(
      'my password is hunter2',
      'pin 4821',
      'the code is 483920',
      "I'm Priya Raman",
      'born on 1985-04-12',
      'IP 203.0.113.45',
      'https://example.com/a?token=abc123def456',
      '742 Evergreen Terrace, Springfield, IL 62704',
      'GB82 WEST 1234 5698 7654 32',
      'error 0x80070005 on Windows 11 23H2',
      "mother's maiden name is Smith",
      "mine is hunter22 and my son's is fluffy99",
      "my daughter's is K9x!mP2q, and mine is Harbor1905",
      "mine is xps13 and my son's is xps15",
      'my wifi is called C3PO&R2D2',
      'the SSID is R2D2&C3PO',
      'the screen says H3ll0 W0rld!',
      'the key is C3PO&R2D2',
    ),
  );
  const message = fc.array(piece, { maxLength: 6 }).map((parts) => parts.join(' '));

  // Also while a password is talked about, as the middleware redacts the message after one.
  it('is idempotent: redacting a redacted text changes nothing', () => {
    fc.assert(
      fc.property(fc.oneof(message, fc.string({ maxLength: 200 })), fc.boolean(), (text, passwordTalk) => {
        const options = { passwordTalk };
        const once = redactAll(text, options).text;
        expect(redactAll(once, options).text).toBe(once);
        const secretsOnce = redactSecrets(text, options).text;
        expect(redactSecrets(secretsOnce, options).text).toBe(secretsOnce);
      }),
      { numRuns: 300 },
    );
  });

  it('never throws on arbitrary unicode, and its offsets always lie inside the text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 500 }), fc.boolean(), (text, expectingOtp) => {
        const r = redactAll(text, { expectingOtp });
        for (const f of r.found) {
          expect(f.start).toBeGreaterThanOrEqual(0);
          expect(f.end).toBeLessThanOrEqual(text.length);
          expect(f.end).toBeGreaterThan(f.start);
        }
        expect(typeof redactSecrets(text).text).toBe('string');
      }),
      { numRuns: 300 },
    );
  });

  it('handles lone surrogates and control characters', () => {
    const text = '\uD800 pin 4821 \uDFFF\u0000\u202E my password is x1\uD83D';
    expect(redactAll(text).text).toBe('\uD800 pin [removed] \uDFFF\u0000\u202E my password is [removed]');
  });
});

// Runs every detector over a text. Secrets first: when a value could be either (a card number
// that libphonenumber might also read), the secret reading wins during resolution.
import { detectFinancial } from './secrets-financial';
import { detectPasswords } from './secrets-passwords';
import { detectAccessCodes } from './secrets-access-codes';
import { detectTokens } from './secrets-tokens';
import { detectOtps, detectSecurityAnswers } from './secrets-answers';
import { detectEmails, detectNames, detectPhones } from './personal-contact';
import { detectAddresses, detectBirthdates } from './personal-places';
import { detectIps, detectUrls } from './personal-network';
import { technicalRanges, withoutTechnical } from './technical';
import type { DetectContext } from './scan';
import type { Span } from './types';

// NUL matches none of the detectors' character classes, so it separates like a placeholder does.
function maskSpans(text: string, spans: readonly Span[]): string {
  if (spans.length === 0) return text;
  const chars = text.split('');
  for (const s of spans) for (let i = s.start; i < s.end; i++) chars[i] = '\u0000';
  return chars.join('');
}

export function detectSecretSpans(text: string, ctx: DetectContext): Span[] {
  // Access codes before one-time codes, so "the garage code is 5521" is reported (and echoed) as the PIN-like secret it is.
  const others = [...detectTokens(text, ctx), ...detectAccessCodes(text, ctx), ...detectOtps(text, ctx), ...detectPasswords(text, ctx), ...detectSecurityAnswers(text, ctx)];
  return [...detectFinancial(text, ctx, others), ...others];
}

/** Personal data; `secrets` are the secret spans already found in the same text. */
export function detectPersonalSpans(text: string, ctx: DetectContext, secrets: readonly Span[] = []): Span[] {
  const emailsAndUrls = [...detectEmails(text), ...detectUrls(text)];
  // Names, phones and technical patterns read the text with secrets, emails and URLs blanked out,
  // as a second pass sees it with placeholders there: a card number must not join the phone number
  // after it into one digit cluster, and "imei" before an email must not make it look technical.
  const masked = maskSpans(text, [...secrets, ...emailsAndUrls]);
  const spans = [
    ...emailsAndUrls,
    ...detectBirthdates(text),
    ...detectIps(text),
    ...detectAddresses(text),
    ...detectPhones(masked, ctx),
    ...detectNames(masked),
  ];
  return withoutTechnical(spans, technicalRanges(masked));
}

// Runs every detector over a text. Secrets first: when a value could be either (a card number
// that libphonenumber might also read), the secret reading wins during resolution.
import { detectFinancial } from './secrets-financial';
import { detectPasswords } from './secrets-passwords';
import { detectTokens } from './secrets-tokens';
import { detectOtps, detectSecurityAnswers } from './secrets-answers';
import { detectEmails, detectNames, detectPhones } from './personal-contact';
import { detectAddresses, detectBirthdates } from './personal-places';
import { detectIps, detectUrls } from './personal-network';
import { technicalRanges, withoutTechnical } from './technical';
import type { DetectContext } from './scan';
import type { Span } from './types';

export function detectSecretSpans(text: string, ctx: DetectContext): Span[] {
  return [
    ...detectFinancial(text, ctx),
    ...detectTokens(text, ctx),
    ...detectOtps(text, ctx),
    ...detectPasswords(text, ctx),
    ...detectSecurityAnswers(text, ctx),
  ];
}

/** Personal data; `secrets` lets the phone detector skip digits that are already known to be a secret. */
export function detectPersonalSpans(text: string, ctx: DetectContext, secrets: readonly Span[] = []): Span[] {
  const spans = [
    ...detectEmails(text),
    ...detectUrls(text),
    ...detectBirthdates(text),
    ...detectIps(text),
    ...detectAddresses(text),
    ...detectPhones(text, ctx, secrets),
    ...detectNames(text),
  ];
  return withoutTechnical(spans, technicalRanges(text));
}

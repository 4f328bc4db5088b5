import { redactAll } from './redaction';
import type { FindingType } from './redaction';

// What the bot's own texts hold that masking would hide from a technician: its links and its addresses.
const OWN_TYPES: ReadonlySet<FindingType> = new Set<FindingType>(['url', 'email']);

/**
 * The URLs and email addresses in the bot's own configuration and content (the privacy policy,
 * the payment page, the flows' links, the privacy team's address), as the redaction reads them:
 * the bot's lines show these to technicians as written, while a URL or address a user typed stays
 * masked. Found with the same detector that masks them, so what the bot says matches what is
 * collected here.
 */
export function ownLiterals(...sources: unknown[]): ReadonlySet<string> {
  const literals = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const f of redactAll(value).found) if (OWN_TYPES.has(f.type)) literals.add(value.slice(f.start, f.end));
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  sources.forEach(visit);
  return literals;
}

import { redactAll } from './redaction';

/**
 * The URLs in the bot's own configuration and content (the privacy policy, the payment page, the
 * flows' links), as the redaction reads them: the bot's lines show these to technicians as
 * written, while a URL a user typed stays masked. Found with the same detector that masks them,
 * so a URL the bot says matches what is collected here.
 */
export function ownUrls(...sources: unknown[]): ReadonlySet<string> {
  const urls = new Set<string>();
  const visit = (value: unknown): void => {
    if (typeof value === 'string') {
      for (const f of redactAll(value).found) if (f.type === 'url') urls.add(value.slice(f.start, f.end));
    } else if (Array.isArray(value)) value.forEach(visit);
    else if (value && typeof value === 'object') Object.values(value).forEach(visit);
  };
  sources.forEach(visit);
  return urls;
}

import { escapeRegExp } from './security';

// The user's words for us, in what they get from us: "texts from you", "calls from you guys".
const US = String.raw`you|you guys|u|us|your (?:company|team)`;

/** The user's words for us, and the company by the first word of its name, as users shorten it ("brightside" for Brightside Tech Support). */
export function ourNames(company?: string): string {
  const name = company?.trim().split(/\s+/)[0];
  return [US, ...(name ? [escapeRegExp(name)] : [])].join('|');
}

/** What the user gets from us: "texts from you", "calls from brightside". */
export function fromUs(company?: string): RegExp {
  return new RegExp(String.raw`\bfrom (?:${ourNames(company)})\b`, 'i');
}

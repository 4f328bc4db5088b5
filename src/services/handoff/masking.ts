import type { Contact } from './handoff-record';

// Technician views show enough to recognise a value and nothing to use it (P10); the full
// value needs an audited reveal.

const STARS = '***';

/** j***@e***.com: first letter of the mailbox and of the domain, top-level domain kept. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at <= 0) return maskWords(email);
  const local = email.slice(0, at);
  const domain = email.slice(at + 1);
  const dot = domain.lastIndexOf('.');
  const host = dot > 0 ? domain.slice(0, dot) : domain;
  const tld = dot > 0 ? domain.slice(dot) : '';
  return `${first(local)}${STARS}@${first(host)}${STARS}${tld}`;
}

/** Every digit but the last two becomes '*', so "+1 (415) 555-0123" reads "+* (***) ***-**23". */
export function maskPhone(phone: string): string {
  const digits = phone.replace(/\D/g, '').length;
  let seen = 0;
  return phone.replace(/\d/g, (d) => (++seen > digits - 2 ? d : '*'));
}

/** J*** D***: each word keeps its first letter. */
export function maskWords(text: string): string {
  return text
    .split(/\s+/)
    .filter(Boolean)
    .map((word) => `${first(word)}${STARS}`)
    .join(' ');
}

export function maskContact(contact: Contact): Contact {
  const out: Contact = {};
  if (contact.name) out.name = maskWords(contact.name);
  if (contact.email) out.email = maskEmail(contact.email);
  if (contact.phone) out.phone = maskPhone(contact.phone);
  if (contact.address) out.address = maskWords(contact.address);
  return out;
}

function first(s: string): string {
  return Array.from(s)[0] ?? '';
}

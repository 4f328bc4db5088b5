// Checksums and small classifiers shared by the detectors. Checksums are what let us keep
// order numbers, serials and look-alike codes while still removing real card numbers and IBANs.

/** Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return false;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return digits.length > 0 && sum % 10 === 0;
}

/** ISO 13616 IBAN check: 15-34 characters, country letters, mod-97 remainder of 1. */
export function ibanValid(raw: string): boolean {
  const iban = raw.replace(/[\s-]/g, '').toUpperCase();
  if (!/^[A-Z]{2}\d{2}[A-Z0-9]{11,30}$/.test(iban)) return false;
  const rearranged = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of rearranged) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 ? String(code - 55) : ch;
    for (const digit of value) remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
  }
  return remainder === 1;
}

/** Shannon entropy in bits per character. */
export function shannonEntropy(s: string): number {
  if (s.length === 0) return 0;
  const counts = new Map<string, number>();
  for (const ch of s) counts.set(ch, (counts.get(ch) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) {
    const p = n / s.length;
    h -= p * Math.log2(p);
  }
  return h;
}

/** Looks machine-generated: long enough, mixed character classes, high entropy. */
export function looksLikeToken(s: string): boolean {
  if (s.length < 16) return false;
  const digit = /\d/.test(s);
  const lower = /[a-z]/.test(s);
  const upper = /[A-Z]/.test(s);
  // Identifiers such as HKEY_LOCAL_MACHINE or session_handler_name have no digits and one case;
  // generated keys nearly always mix digits with letters, or both cases when long.
  if (!((digit && (lower || upper)) || (s.length >= 32 && lower && upper))) return false;
  return shannonEntropy(s) >= 3.0;
}

/** Parses a dotted quad; null when any octet is out of range. */
export function parseIPv4(s: string): number[] | null {
  const parts = s.split('.');
  if (parts.length !== 4) return null;
  const octets = parts.map((p) => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  return octets.every((o) => o >= 0 && o <= 255) ? octets : null;
}

// Well-known public resolvers identify a service, not a person, and are useful in support.
const PUBLIC_SERVICE_IPV4 = new Set(['8.8.8.8', '8.8.4.4', '1.1.1.1', '1.0.0.1', '9.9.9.9', '149.112.112.112', '208.67.222.222', '208.67.220.220']);

/** True for an address that can identify a subscriber: not private, loopback, link-local, CGNAT, multicast, reserved or a public resolver. */
export function isPersonalIPv4(s: string): boolean {
  const o = parseIPv4(s);
  if (!o) return false;
  const [a, b] = o as [number, number, number, number];
  if (PUBLIC_SERVICE_IPV4.has(o.join('.'))) return false;
  if (a === 0 || a === 10 || a === 127) return false;
  if (a === 100 && b >= 64 && b <= 127) return false;
  if (a === 169 && b === 254) return false;
  if (a === 172 && b >= 16 && b <= 31) return false;
  if (a === 192 && b === 168) return false;
  if (a >= 224) return false; // multicast, reserved, netmasks such as 255.255.255.0
  return true;
}

/** Expands an IPv6 literal to eight 16-bit groups; null when it is not one. */
export function parseIPv6(s: string): number[] | null {
  const addr = s.replace(/%[\w.-]+$/, '');
  const halves = addr.split('::');
  if (halves.length > 2) return null;
  const toGroups = (part: string): string[] => (part === '' ? [] : part.split(':'));
  const head = toGroups(halves[0] ?? '');
  const tail = halves.length === 2 ? toGroups(halves[1] ?? '') : [];
  const all = [...head, ...tail];
  if (!all.every((g) => /^[0-9A-Fa-f]{1,4}$/.test(g))) return null;
  if (halves.length === 1 && head.length !== 8) return null;
  if (halves.length === 2 && all.length > 7) return null;
  const fill = new Array<string>(8 - all.length).fill('0');
  return [...head, ...(halves.length === 2 ? fill : []), ...tail].map((g) => parseInt(g, 16));
}

/** Global unicast (2000::/3) identifies a subscriber; link-local, ULA, loopback do not. */
export function isPersonalIPv6(s: string): boolean {
  const groups = parseIPv6(s);
  if (!groups) return false;
  const first = groups[0] ?? 0;
  if (first < 0x2000 || first > 0x3fff) return false;
  const text = s.toLowerCase();
  // Google/Cloudflare public resolvers, as for IPv4.
  return !/^(2001:4860:4860::88(88|44)|2606:4700:4700::1(111|001))$/.test(text);
}

// Turns raw detector hits into the reported findings and the rewritten text.
import { classOf, PLACEHOLDERS, SECRET_MARKER, type Finding, type Span } from './types';

interface Range {
  start: number;
  end: number;
}

const contains = (a: Range, b: Range): boolean => a.start <= b.start && b.end <= a.end;
const overlaps = (a: Range, b: Range): boolean => a.start < b.end && b.start < a.end;

/**
 * A personal hit that runs into a secret keeps only its part outside the secret ("742" taken as a
 * CVV leaves "Evergreen Terrace, Springfield, IL 62704" as the address). Dropping it instead would
 * leave that remainder in the text, to be found only by a second pass.
 */
function clip(p: Span, secrets: Span[], text: string): Span | null {
  let { start, end } = p;
  for (const s of secrets) {
    if (!overlaps({ start, end }, s) || contains({ start, end }, s)) continue;
    if (s.start <= start) start = s.end;
    else end = s.start;
  }
  while (start < end && /[\s,;:]/.test(text[start] ?? '')) start++;
  while (end > start && /[\s,;:]/.test(text[end - 1] ?? '')) end--;
  return end > start ? { type: p.type, start, end } : null;
}

/**
 * Keeps one finding per value: a hit inside a larger hit of the same class is dropped (the first
 * detector wins on identical spans), a personal hit inside (or equal to) a secret is dropped, since
 * digits inside a card number are not a phone number, and one that runs into a secret is clipped.
 * A personal hit that wholly contains a secret (a URL carrying a token) is kept alongside it.
 */
export function resolveFindings(spans: Span[], text: string): Finding[] {
  const secrets = spans.filter((s) => classOf(s.type) === 'secret');
  const personal = spans.filter((s) => classOf(s.type) === 'personal');
  const keep = (list: Span[]): Span[] =>
    list.filter((s, i) => !list.some((o, j) => j !== i && contains(o, s) && (o.end - o.start > s.end - s.start || j < i)));
  const keptSecrets = keep(secrets);
  // The same value read both ways (a "maiden name" that is also a security answer) is a secret.
  const keptPersonal = keep(personal)
    .filter((p) => !keptSecrets.some((s) => contains(s, p)))
    .map((p) => clip(p, keptSecrets, text))
    .filter((p): p is Span => p !== null);
  return [...keptSecrets, ...keptPersonal]
    .map((s) => ({ type: s.type, class: classOf(s.type), start: s.start, end: s.end }))
    .sort((a, b) => a.start - b.start || b.end - a.end);
}

/**
 * Rewrites the text. Overlapping findings are replaced as one region: by the placeholder of a
 * personal finding that covers the whole region (the secret inside goes with it), otherwise by
 * the secret marker when a secret is involved, otherwise by the longest finding's placeholder.
 */
export function render(text: string, findings: Finding[]): string {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  let out = '';
  let cursor = 0;
  let i = 0;
  while (i < sorted.length) {
    const group: Finding[] = [sorted[i]!];
    let end = sorted[i]!.end;
    i++;
    while (i < sorted.length && sorted[i]!.start < end) {
      group.push(sorted[i]!);
      end = Math.max(end, sorted[i]!.end);
      i++;
    }
    const start = group[0]!.start;
    const region = { start, end };
    const cover = group.find((f) => f.class === 'personal' && contains(f, region));
    const longest = group.reduce((a, b) => (b.end - b.start > a.end - a.start ? b : a));
    const replacement = cover
      ? PLACEHOLDERS[cover.type]
      : group.some((f) => f.class === 'secret')
        ? SECRET_MARKER
        : PLACEHOLDERS[longest.type];
    out += text.slice(cursor, start) + replacement;
    cursor = end;
  }
  return out + text.slice(cursor);
}

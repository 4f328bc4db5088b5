// Technical data a technician needs: it must survive redaction even where a personal-data
// detector (phone, address, name, IP) would otherwise read it as personal. Secrets are never
// protected: a card number stays a secret even when it sits inside something technical-looking.
import type { Span } from './types';

export interface Range {
  start: number;
  end: number;
}

const TECHNICAL: RegExp[] = [
  /(?<![0-9A-Fa-f:-])[0-9A-Fa-f]{2}([:-])[0-9A-Fa-f]{2}(?:\1[0-9A-Fa-f]{2}){4}(?![0-9A-Fa-f:-])/g, // MAC aa:bb:cc:dd:ee:ff
  /(?<![0-9A-Fa-f.])[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}\.[0-9A-Fa-f]{4}(?![0-9A-Fa-f.])/g, // Cisco-style MAC
  /(?<![\p{L}\p{N}])0x[0-9A-Fa-f]{1,16}(?![\p{L}\p{N}])/gu, // error and status codes
  /(?<![\p{L}\p{N}])KB\s?\d{5,8}(?![\p{N}])/giu, // Microsoft KB articles
  /(?<![\p{L}])(?:v|ver\.?|version|firmware|fw|build|driver|bios|release|rev(?:ision)?|kernel|i(?:pad)?os|macos|android|windows|os)\s*(?:is\s+|:\s*|=\s*)?\d{1,6}(?:\.\d{1,6}){1,4}(?![\p{N}])/giu,
  /(?<![\p{L}\p{N}.@_-])(?:imei\d?|meid|esn|iccid|serial(?:\s*(?:number|no\.?|#))?|s\/n|sn|model(?:\s*(?:number|no\.?|#))?|part\s*(?:number|no\.?|#)|sku|mpn|order\s*(?:number|no\.?|#)?|ticket|case\s*(?:number|no\.?|#)?|tracking(?:\s*(?:number|no\.?|#))?|invoice(?:\s*(?:number|no\.?|#))?)\s*(?:is\s+|:\s*|#\s*|=\s*)?(?=[A-Z-]{0,30}\d)[A-Z0-9][A-Z0-9-]{2,30}(?![\p{L}\p{N}@]|\.[\p{L}\p{N}])/giu, // labelled identifiers (always with a digit)
  /(?<![\p{L}\p{N}])[$€£¥]\s?\d[\d,]{0,12}(?:\.\d{1,2})?(?![\p{N}])/gu, // prices
  /(?<![\p{L}\p{N}:.])\d{1,2}:\d{2}(?::\d{2})?(?:\s?[ap]\.?m\.?)?(?![\p{L}\p{N}:])/giu, // times
];

/** Ranges of technical data in the text. */
export function technicalRanges(text: string): Range[] {
  const out: Range[] = [];
  for (const re of TECHNICAL) {
    for (const m of text.matchAll(re)) {
      const start = m.index ?? 0;
      out.push({ start, end: start + m[0].length });
    }
  }
  return out;
}

// Only these detectors can misread technical data; emails, URLs and birthdates cannot.
const PROTECTABLE = new Set(['phone', 'address', 'name', 'ip_address']);

/** Drops personal-data hits that overlap technical data. */
export function withoutTechnical(spans: Span[], ranges: Range[]): Span[] {
  if (ranges.length === 0) return spans;
  return spans.filter((s) => !PROTECTABLE.has(s.type) || !ranges.some((r) => r.start < s.end && s.start < r.end));
}

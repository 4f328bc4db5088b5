// Sanitizer for pasted logs and system reports (P4, P5). The policies promise that diagnostics
// "do not collect ... websites visited, e-mail messages, e-mail addresses sent to, passwords", so
// before a log is kept this removes URLs and browsing history, email addresses and message bodies,
// public IP addresses and every secret, while keeping what a technician needs: OS and versions,
// error codes, device lists, MAC addresses and private LAN addresses.
import { redactSecrets } from './redaction';
import { detectEmails } from './redaction/personal-contact';
import { detectIps, detectUrls } from './redaction/personal-network';
import type { Span } from './redaction/types';

export interface DiagnosticsResult {
  text: string;
  removed: { type: string; count: number }[];
}

const HISTORY_HEADER = /^[\s[=#*-]*(?:browsing\s+history|history|visited\s+(?:sites|pages|urls)|recently\s+visited|recent\s+(?:sites|pages|urls|history)|typed\s+urls|top\s+sites|bookmarks|favorites|favourites)\b[^\n]{0,30}$/i;
// A line that starts a new section: "[Network]", "=== Display Devices ===", "Network Adapters:".
const SECTION_HEADER = /^\s*(?:\[[^\]]{1,60}\]|={2,}[^=]{1,60}={2,}|-{2,}[^-]{1,60}-{2,}|[A-Z][\w ()/-]{1,60}:)\s*$/;
const TIMESTAMP_START = /^\s*(?:\[?\d{4}-\d{2}-\d{2}|\[?\d{1,2}\/\d{1,2}\/\d{2,4}|\[?\d{2}:\d{2}:\d{2}|\[?(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\s+\d{1,2}\s+\d{2}:)/i;
const HISTORY_WORDS = /(?<![\p{L}])(?:visit(?:ed|s)?|title|history|typed|last\s+visited|referrer)(?![\p{L}])/iu;

// Mail headers whose values are addresses the user wrote to or received from.
const ADDRESS_HEADER = /^(\s*(?:from|to|cc|bcc|reply-to|sender|delivered-to|return-path|rcpt\s+to|mail\s+from|recipients?)\s*:\s*)(.*)$/i;
const SUBJECT_HEADER = /^(\s*(?:subject|re|fwd?)\s*:\s*)(.+)$/i;
const BODY_HEADER = /^(\s*(?:body|message[-\s]?body|mail\s+body|content|text|snippet|preview|message)\s*[:=]\s*)(.*)$/i;
const MAIL_CONTEXT_HEADER = /^\s*(?:from|to|cc|subject|date|message-id|mime-version|content-type|x-mailer)\s*:/im;
const QUOTED_MAIL = /^\s*>/;
const REPLY_ATTRIBUTION = /^\s*on\s.{4,120}\swrote:\s*$/i;

// Domains without a scheme, as in DNS logs and history dumps. File names (ntoskrnl.exe, Mail.app)
// are not matched because only web top-level domains are listed.
const BARE_DOMAIN =
  /(?<![\p{L}\p{N}@._\/\\-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.){1,6}(?:com|net|org|edu|gov|io|co|uk|us|de|fr|info|biz|ru|cn|jp|tv|ly|xyz|online|site|shop|nl|es|eu|ca|au|ch|se|no|pl|br|mx|kr)(?::\d{1,5})?(?![\p{L}\p{N}.-])/giu;

// A host named as the mail/DNS/proxy server is configuration a technician needs, not a site visited.
const SERVER_LABEL = /(?:server|host(?:name)?|smtp|imap|pop3?|exchange|proxy|ntp|mx|relay|autodiscover)\s*(?:name|address)?\s*[:=]?\s*$/i;

class Tally {
  private readonly counts = new Map<string, number>();
  add(type: string, n = 1): void {
    if (n > 0) this.counts.set(type, (this.counts.get(type) ?? 0) + n);
  }
  list(): { type: string; count: number }[] {
    return [...this.counts].map(([type, count]) => ({ type, count }));
  }
}

function replaceSpans(line: string, spans: { span: Span; placeholder: string; type: string }[], tally: Tally): string {
  const sorted = spans.sort((a, b) => a.span.start - b.span.start || b.span.end - a.span.end);
  let out = '';
  let cursor = 0;
  for (const { span, placeholder, type } of sorted) {
    if (span.start < cursor) continue; // overlapped by an earlier (longer) span
    out += line.slice(cursor, span.start) + placeholder;
    cursor = span.end;
    tally.add(type);
  }
  return out + line.slice(cursor);
}

/** Replaces URLs, bare domains, email addresses and public IPs in one line. */
function scrubLine(line: string, tally: Tally): string {
  const spans = [
    ...detectUrls(line).map((span) => ({ span, placeholder: '[URL]', type: 'url' })),
    ...detectEmails(line).map((span) => ({ span, placeholder: '[EMAIL]', type: 'email' })),
    ...detectIps(line).map((span) => ({ span, placeholder: '[IP]', type: 'ip_address' })),
  ];
  for (const m of line.matchAll(BARE_DOMAIN)) {
    const start = m.index ?? 0;
    if (SERVER_LABEL.test(line.slice(Math.max(0, start - 30), start))) continue;
    spans.push({ span: { type: 'url', start, end: start + m[0].length }, placeholder: '[URL]', type: 'url' });
  }
  return replaceSpans(line, spans, tally);
}

const BARE_DOMAIN_ONE = new RegExp(BARE_DOMAIN.source, 'iu');

function hasWebAddress(line: string): boolean {
  return detectUrls(line).length > 0 || BARE_DOMAIN_ONE.test(line);
}

const isMailHeader = (line: string): boolean => ADDRESS_HEADER.test(line) || SUBJECT_HEADER.test(line) || MAIL_CONTEXT_HEADER.test(line);

/** Sanitizes a pasted log or system report; `removed` counts what was taken out, by type. */
export function sanitizeDiagnostics(text: string): DiagnosticsResult {
  const tally = new Tally();
  const secrets = redactSecrets(text);
  for (const f of secrets.found) tally.add(f.type);

  const mailContext = (text.match(new RegExp(MAIL_CONTEXT_HEADER.source, 'gim')) ?? []).length >= 2;
  const parts = secrets.text.split(/(\r?\n)/);
  const out: string[] = [];
  let inHistory = false;
  // A message body runs from a "Body:" header to the next blank line, or from the blank line after
  // a block of mail headers (paragraphs and all) to the next timestamped log line, mail header or
  // section header.
  let inBody: false | 'field' | 'mail' = false;
  let inMailHeaders = false;

  for (let i = 0; i < parts.length; i += 2) {
    const line = parts[i] ?? '';
    const keep = (s: string): void => {
      out.push(s + (parts[i + 1] ?? ''));
    };
    const trimmed = line.trim();

    if (trimmed === '') {
      inHistory = false;
      if (inBody === 'field') inBody = false;
      if (inMailHeaders && mailContext) inBody = 'mail';
      inMailHeaders = false;
      keep(line);
      continue;
    }
    if (inBody) {
      if (!TIMESTAMP_START.test(line) && !isMailHeader(line) && !SECTION_HEADER.test(line)) {
        tally.add('message_body');
        continue;
      }
      inBody = false;
    }
    if (HISTORY_HEADER.test(trimmed)) {
      inHistory = true;
      keep(line);
      continue;
    }
    if (SECTION_HEADER.test(line)) inHistory = false;
    if (QUOTED_MAIL.test(line) || REPLY_ATTRIBUTION.test(line)) {
      tally.add('message_body');
      continue;
    }
    if (mailContext && isMailHeader(line)) inMailHeaders = true;
    const subject = SUBJECT_HEADER.exec(line);
    if (subject && (mailContext || /^\s*subject/i.test(line))) {
      keep(`${subject[1]}[removed]`);
      tally.add('message_body');
      continue;
    }
    const body = BODY_HEADER.exec(line);
    if (body && (mailContext || /^\s*(?:body|message[-\s]?body|mail\s+body)\b/i.test(line))) {
      const value = (body[2] ?? '').trim();
      keep(value ? `${body[1]}[removed]` : line);
      if (value) tally.add('message_body');
      inBody = 'field';
      continue;
    }
    const address = ADDRESS_HEADER.exec(line);
    const addresses = address ? detectEmails(address[2] ?? '').length : 0;
    if (address && addresses > 0) {
      // Display names go with the addresses: "To: Bob Smith <bob@example.com>" -> "To: [EMAIL]".
      keep(`${address[1]}${Array.from({ length: addresses }, () => '[EMAIL]').join(', ')}`);
      tally.add('email', addresses);
      continue;
    }
    // A web address in a history section or next to visit/title words is browsing history: the
    // whole line goes. Elsewhere (a DNS log, an update log) only the address is replaced.
    if (hasWebAddress(line) && (inHistory || HISTORY_WORDS.test(line))) {
      tally.add('browsing_history');
      continue;
    }
    keep(scrubLine(line, tally));
  }

  return { text: out.join(''), removed: tally.list() };
}

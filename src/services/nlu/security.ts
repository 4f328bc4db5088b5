/**
 * Flags security reports (hacked accounts, scam calls, phishing) so they reach a technician
 * with priority. Matched on the text as typed, before typo correction: a correction must
 * never be what turns an ordinary message into a priority escalation.
 */
export class SecurityDetector {
  private readonly patterns: RegExp[];

  constructor(phrases: string[]) {
    // "*" in a phrase stands for up to four words ("someone * logged into": "someone else has
    // logged into"), so one line covers how a report is worded without matching words far apart.
    const source = (p: string) => p.split(/\s+/).map(escapeRegExp).join('\\s+').replaceAll('\\s+\\*', '(?:\\s+\\S+){0,4}');
    this.patterns = phrases.map((p) => new RegExp(`\\b${source(p)}\\b`, 'i'));
  }

  mentionsSecurity(text: string): boolean {
    const plain = text.replace(/[’‘`´']/g, '');
    return this.patterns.some((re) => re.test(plain));
  }
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

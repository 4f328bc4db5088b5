/**
 * Flags security reports (hacked accounts, scam calls, phishing) so they reach a technician
 * with priority. Matched on the text as typed, before typo correction: a correction must
 * never be what turns an ordinary message into a priority escalation.
 */
export class SecurityDetector {
  private readonly patterns: RegExp[];

  constructor(phrases: string[]) {
    this.patterns = phrases.map((p) => new RegExp(`\\b${p.split(/\s+/).map(escapeRegExp).join('\\s+')}\\b`, 'i'));
  }

  mentionsSecurity(text: string): boolean {
    const plain = text.replace(/[’‘`´']/g, '');
    return this.patterns.some((re) => re.test(plain));
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

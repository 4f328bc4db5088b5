import type { Policy } from '../../../config';

type Topic = 'cookies' | 'retention' | 'sharing' | 'security' | 'collected' | 'rights';

const TOPICS: [Topic, RegExp][] = [
  ['cookies', /\b(cookies?|local ?storage|tracking|track me|gpc|global privacy control|do not track)\b/],
  ['retention', /\b(how long|keep|kept|retain\w*|retention|store\w* for|delete\w* after)\b/],
  ['sharing', /\b(shar\w+|sell\w*|sold|third.?part\w*|partners?|who (sees|can see|has access)|advertis\w*)\b/],
  // "don't share my password with anyone" (the router's privacy_info): how we keep secrets.
  ['security', /\b(secur\w*|safe|protect\w*|encrypt\w*|hack\w*|breach\w*|passwords?|passcodes?|pins?|credentials)\b/],
  ['rights', /\b(rights?|gdpr|ccpa|opt.?out|delete my|access my|correct)\b/],
  ['collected', /\b(collect\w*|what (data|information|info)|why do you (need|ask|want)|what do you (store|know|have)|personal (data|information))\b/],
];

/**
 * "I'm in California, what are my rights?", "im in the EU": what the law there adds to the rights
 * every user has here, with our deadline from the configuration. Only what the bot really does
 * (the download is the access and portability copy, "don't share my data" the sharing opt-out).
 */
const REGIONS: [RegExp, (p: Policy) => string][] = [
  [
    /\b(?:gdpr|eu|e\.u\.?|eea|europe\w*|uk|u\.k\.?|united kingdom|britain|england|scotland|wales|ireland|portugal|spain|france|germany|italy|netherlands|belgium|austria|poland|sweden|denmark|finland)\b/,
    (p) =>
      'In the EU, the EEA or the UK (GDPR): all of the above, including a copy of your data in a machine-readable file (portability). ' +
      `We answer every request within ${p.privacyRequests.dueDays} days, and you can also complain to your country's data protection authority.`,
  ],
  [
    /\b(?:california\w*|ccpa|cpra)\b/,
    (p) =>
      'In California (CCPA/CPRA): all of the above: to know what we hold about you (the download), to correct it, to delete it, ' +
      `and to opt out of sharing ("don't share my data"). We answer every request within ${p.privacyRequests.dueDays} days.`,
  ],
];

/**
 * Answers privacy questions (P1, P12, P17) from the configuration, so the answer always matches
 * what the bot actually does: retention days per category, what is collected and why, cookies,
 * sharing, security, the user's rights (and what the law where they live adds), with the privacy policy link.
 */
export function answerPrivacyQuestion(question: string, policy: Policy): string {
  const text = question.toLowerCase();
  const regions = REGIONS.filter(([pattern]) => pattern.test(text)).map(([, say]) => say(policy));
  const asked = TOPICS.filter(([, pattern]) => pattern.test(text)).map(([topic]) => topic);
  // Naming where they live is asking about their rights there.
  if (regions.length > 0 && !asked.includes('rights')) asked.push('rights');
  const topics: Topic[] = asked.length > 0 ? asked : ['collected', 'retention', 'sharing', 'rights'];
  const parts = topics.map((t) => SECTIONS[t](policy));
  parts.push(...regions);
  parts.push(`The full privacy policy: ${policy.privacyPolicyUrl}. Questions for our privacy team: ${policy.company.contactEmail}.`);
  return parts.join('\n\n');
}

const SECTIONS: Record<Topic, (policy: Policy) => string> = {
  cookies: () =>
    'Cookies: this chat works without cookies. It remembers your conversation in your browser only if you allow it, ' +
    "and we honour your browser's Global Privacy Control signal as a request not to share your data or send you marketing.",
  retention: (p) => {
    const d = p.retentionDays;
    return [
      'How long we keep data (then it is deleted automatically):',
      `• chat transcripts: ${d.transcripts} days`,
      `• contact details: ${d.contact} days`,
      `• device information: ${d.device} days`,
      `• support cases: ${d.cases} days`,
      // Tickets for a technician and for our billing team (staffOf) share this period.
      `• support tickets (for a technician or our billing team): ${d.handoffs} days`,
      `• conversation state: ${d.botState} days`,
      `• consent and privacy-request records: ${d.audit} days`,
      `• billing records: ${d.billing} days (required by law)`,
    ].join('\n');
  },
  // Which other companies get data, and whether any of it is sold, differs between the companies
  // that run Helpline (one policy shares with advertising partners): the policy itself says it.
  sharing: (p) =>
    'Sharing: our support team and whoever takes your case (a technician, or our billing team for billing questions) see what they need for it, with personal details masked ' +
    `unless they need them. Which other companies we share data with, and why, is set out in our privacy policy (${p.privacyPolicyUrl}). ` +
    'You can stop any sharing with third parties at any time: say "don\'t share my data".',
  security: () =>
    "Security: passwords, card numbers and similar secrets are removed from your messages before anything is stored, and we never ask for them. " +
    'Our technicians and billing team see your details masked unless they need them, and every reveal is logged.',
  rights: () =>
    'Your rights: you can see, download, correct or delete your data, object to a use of it, withdraw a consent, ' +
    'or stop marketing and sharing, right here in the chat. Just ask, e.g. "download my data" or "stop sending me offers".',
  collected: () =>
    'What we collect, and only when a task needs it (I tell you before I ask): contact details (name, email, phone, address) ' +
    'to reach you and confirm it is you; device details and sanitised diagnostics to fix the problem; a masked copy of the chat ' +
    'so whoever takes over from me (a technician or our billing team) can pick up where we left off (say "don\'t record this chat" to stop it).',
};

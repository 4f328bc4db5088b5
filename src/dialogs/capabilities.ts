import type { Intent } from '../services/nlu/labels';

/** What the bot can do, said in one place so help, welcome and fallbacks agree. */
export function capabilitiesText(company: string): string {
  // A markdown list: Web Chat and Teams render it as a list, and it still reads well as plain text.
  return [
    `Here's what I can do for ${company} customers:`,
    '',
    '- Walk you through fixing smart speakers, computers, printers, Wi-Fi, email, phones and TVs',
    '- Connect you with a technician (and pass on what we already tried)',
    '- Answer questions about plans, billing and refunds',
    '- Stop marketing email, calls or data sharing, and show, correct or delete the data we hold about you',
    '',
    'Just tell me what’s going on, in your own words.',
  ].join('\n');
}

export const STARTER_SUGGESTIONS = ['My printer is offline', 'Wi-Fi keeps dropping', 'Talk to a technician', 'What can you do?'];

/** How an intent is offered when the bot asks the user to pick between two. */
export const INTENT_CHOICE_LABEL: Record<Intent, string> = {
  troubleshoot: 'Fix a device problem',
  human: 'Talk to a technician',
  opt_out: 'Stop marketing or data sharing',
  data_access: 'See the data you hold about me',
  data_correction: 'Correct my details',
  data_deletion: 'Delete my data',
  privacy_info: 'Privacy questions',
  remote_access: 'Remote access to my computer',
  billing: 'Plans, billing and refunds',
  greeting: 'Just saying hello',
  goodbye: "I'm done",
  help: 'What can you do?',
  cancel: 'Cancel',
  out_of_scope: 'Something else',
};

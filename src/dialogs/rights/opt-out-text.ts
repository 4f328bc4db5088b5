import type { OptOutResult } from '../../services/privacy/requests/opt-out';
import { PURPOSE_LABEL, type ChoicePurpose } from '../../services/privacy/requests/purposes';
import { longDate, maskAddress } from './rights-deps';

const MARKETING: ChoicePurpose[] = ['marketing_email', 'marketing_phone'];

/** Says exactly what changed, what already was so, and where the opt-out is tied to an address. */
export function optOutConfirmation(result: OptOutResult, kind: 'opt_out' | 'objection' | 'withdraw_consent'): string {
  const lines: string[] = [];
  const opening = kind === 'withdraw_consent' ? 'Your consent is withdrawn' : kind === 'objection' ? 'Your objection is recorded' : 'Done';
  if (result.changed.length > 0) {
    lines.push(`${opening}, effective now. I've turned off:`);
    for (const purpose of result.changed) lines.push(`• ${PURPOSE_LABEL[purpose]}${detail(purpose, result)}`);
  }
  if (result.alreadyOff.length > 0) {
    lines.push(result.changed.length > 0 ? 'These were already off:' : 'Nothing needed changing; these were already off:');
    for (const { purpose, since } of result.alreadyOff) lines.push(`• ${PURPOSE_LABEL[purpose]} (since ${longDate(since)})${detail(purpose, result)}`);
  }
  const requested = [...result.changed, ...result.alreadyOff.map((a) => a.purpose)];
  const unaddressed = MARKETING.filter((p) => requested.includes(p) && !result.suppressed.some((s) => s.channel === channelOf(p)));
  if (unaddressed.length > 0) {
    lines.push("It's recorded on your account. Without an address I can't add you to our do-not-market list; tell me your email or phone any time to add it.");
  }
  if (requested.includes('transcript_recording')) {
    lines.push('From this message on I keep no transcript of our chats, only a minimal case record. If a technician joins, they still see your messages live.');
  }
  if (requested.includes('remote_access')) lines.push('No technician can start a remote session with your device unless you agree again.');
  lines.push(`Your receipt: request ${result.request.id}, completed.`);
  return lines.join('\n');
}

function channelOf(purpose: ChoicePurpose): 'email' | 'phone' | undefined {
  return purpose === 'marketing_email' ? 'email' : purpose === 'marketing_phone' ? 'phone' : undefined;
}

function detail(purpose: ChoicePurpose, result: OptOutResult): string {
  const channel = channelOf(purpose);
  const entry = channel ? result.suppressed.find((s) => s.channel === channel) : undefined;
  return entry ? ` (${maskAddress(entry.address)} is on our do-not-market list)` : '';
}

import type { OptInResult } from '../../services/privacy/requests/opt-in';
import type { OptOutResult } from '../../services/privacy/requests/opt-out';
import type { PurposeSetting } from '../../services/privacy/privacy-settings';
import { PURPOSE_LABEL, type ChoicePurpose } from '../../services/privacy/requests/purposes';
import { longDate, maskAddress } from './rights-deps';

const MARKETING: ChoicePurpose[] = ['marketing_email', 'marketing_phone'];

/** What an unrecorded chat keeps (P8): to "is this chat recorded?". */
export const UNRECORDED = 'I keep no transcript of our chats, only a minimal case record. If a technician joins, they still see your messages live.';

/** The words that switch recording back on (the opt-in), as the user is told them. */
export const RECORDING_BACK_ON = 'To turn recording back on, say "start recording my chats again".';

/**
 * After "don't record this chat": the decision is the user's (P8: "their conversations"), and the
 * recording preference applies it to their next chats too, as far as we can tell it is them.
 */
const STOPPED_RECORDING =
  'From this message on I keep no transcript of this chat or of your future chats with us (whenever we can tell it is you, for example when you are signed in), only a minimal case record. ' +
  `If a technician joins, they still see your messages live. ${RECORDING_BACK_ON}`;

/**
 * After a marketing opt-out with a callback or email ticket open on the same channel: the ticket's
 * follow-up is service contact, not marketing, and the handoff never reads the do-not-market list,
 * so the technician still calls or emails. Said, so the user is not left guessing which stops.
 */
export function ticketStillFollowedUp(purposes: ChoicePurpose[], ticket: { id: string; kind: string } | undefined): string | undefined {
  const how = ticket?.kind === 'email' && purposes.includes('marketing_email') ? 'email' : ticket?.kind === 'callback' && purposes.includes('marketing_phone') ? 'call' : undefined;
  if (!how || !ticket) return undefined;
  return `This doesn't affect your ticket ${ticket.id}: the technician will still ${how} you about it. Say "cancel my ticket" if you'd rather they didn't.`;
}

/** Before the confirmation, to a user who says they had already asked us to stop ("i unsubscribed already"). */
export const ALREADY_ASKED_APOLOGY = "I'm sorry you're still hearing from us after you asked us to stop.";

/** What the user can pick when their words named nothing (the opt-in offers the single purposes). */
export const PURPOSE_CHOICES: { label: string; purposes: ChoicePurpose[] }[] = [
  { label: 'Marketing emails', purposes: ['marketing_email'] },
  { label: 'Marketing calls and texts', purposes: ['marketing_phone'] },
  { label: 'Sharing with third parties', purposes: ['third_party_sharing'] },
  { label: 'Recording my chats', purposes: ['transcript_recording'] },
  { label: 'All of these', purposes: ['marketing_email', 'marketing_phone', 'third_party_sharing', 'transcript_recording'] },
];

/** What switching a purpose back on means for the user, and the words that stop it again. */
const WHAT_YOU_GET: Partial<Record<ChoicePurpose, { get: string; stop: string }>> = {
  marketing_email: { get: 'offers and news by email, to the address on file; every email has an unsubscribe link', stop: 'stop sending me offers' },
  marketing_phone: { get: 'offers by phone call and text message, to the number on file (calls and texts are one setting)', stop: 'stop calling me' },
  third_party_sharing: { get: 'we may share your contact details with our partners, who may contact you with their own offers', stop: "don't share my data" },
  transcript_recording: { get: 'I keep a transcript of our chats (secrets removed, personal details masked)', stop: "don't record this chat" },
};

// With nothing on file "to the address on file" would promise mail to nowhere.
const WHAT_YOU_GET_WITHOUT_ADDRESS: Partial<Record<ChoicePurpose, string>> = {
  marketing_email:
    "offers and news by email; I have no email address on file for you in this account, so I'll ask for the address they should go to and send a code there to check it's yours; every email has an unsubscribe link",
  marketing_phone: 'offers by phone call and text message (calls and texts are one setting); we have no phone number on file for you, so none will come until you give us one',
};

/**
 * The explanation before an opt-in: what the user will get, how to stop it again, and the
 * question. `onFile` is the user's email and phone on file, so what it says about them is true.
 */
export function optInExplanation(purposes: ChoicePurpose[], onFile: { email?: string; phone?: string } = {}): string {
  const get = (p: ChoicePurpose) => {
    const missing = (p === 'marketing_email' && !onFile.email) || (p === 'marketing_phone' && !onFile.phone);
    return (missing ? WHAT_YOU_GET_WITHOUT_ADDRESS[p] : undefined) ?? WHAT_YOU_GET[p]?.get;
  };
  return [
    'Before I switch anything back on, here is what it means:',
    ...purposes.map((p) => `• ${PURPOSE_LABEL[p]}: ${get(p)}.`),
    `You can stop it again at any time, in any chat: just say "${purposes.map((p) => WHAT_YOU_GET[p]?.stop).join('" or "')}".`,
    // Always so: by a one-time code, or in Teams by the sign-in.
    'First I will check that it is really you.',
    `Shall I switch ${purposes.length === 1 ? 'it' : 'them'} back on? Please answer yes or no.`,
  ].join('\n');
}

/** To an opt-in for choices that are all on already: nothing to switch back on, and how to stop them. */
export function alreadyOnText(purposes: ChoicePurpose[]): string {
  return [
    `There's nothing to switch back on: ${purposes.length === 1 ? 'it is' : 'these are'} on already.`,
    ...purposes.map((p) => `• ${PURPOSE_LABEL[p]}`),
    `You can stop ${purposes.length === 1 ? 'it' : 'them'} at any time, in any chat: just say "${purposes.map((p) => WHAT_YOU_GET[p]?.stop).join('" or "')}".`,
  ].join('\n');
}

/** Says what was switched on, what already was, and which address stays on the do-not-market list and why. */
export function optInConfirmation(result: OptInResult): string {
  const lines: string[] = [];
  if (result.changed.length > 0) {
    lines.push("Done. I've switched back on:");
    for (const purpose of result.changed) lines.push(`• ${PURPOSE_LABEL[purpose]}`);
  }
  if (result.confirmed.length > 0) {
    lines.push("I've noted your yes. These were on already, as you had never asked us to stop them:");
    for (const purpose of result.confirmed) lines.push(`• ${PURPOSE_LABEL[purpose]}`);
  }
  if (result.alreadyOn.length > 0) {
    lines.push(result.changed.length + result.confirmed.length > 0 ? 'These were already on:' : 'Nothing needed changing; these were already on:');
    for (const purpose of result.alreadyOn) lines.push(`• ${PURPOSE_LABEL[purpose]}`);
  }
  for (const { address } of result.lifted) lines.push(`${maskAddress(address)} is off our do-not-market list.`);
  for (const { address, reason } of result.kept) {
    const why =
      reason === 'email_not_proven'
        ? "because I couldn't confirm that address is yours"
        : reason === 'phone_not_own'
          ? "because it was put there from another account or before we kept track, and I can't confirm a phone number in this chat; write to us to lift it"
          : 'because an opt-out for it came in just now';
    lines.push(`${maskAddress(address)} stays on our do-not-market list, ${why}.`);
  }
  if (result.changed.includes('transcript_recording')) lines.push('From now on I keep a transcript of our chats again.');
  lines.push(`Your receipt: request ${result.request.id}, completed.`);
  return lines.join('\n');
}

/** Says exactly what changed, what already was so, and where the opt-out is tied to an address. */
export function optOutConfirmation(result: OptOutResult, kind: 'opt_out' | 'objection' | 'withdraw_consent', askingForAddress = false): string {
  const lines: string[] = [];
  const opening = kind === 'withdraw_consent' ? 'Your consent is withdrawn' : kind === 'objection' ? 'Your objection is recorded' : 'Done';
  if (result.changed.length > 0) {
    lines.push(`${opening}, effective now. I've turned off:`);
    for (const purpose of result.changed) lines.push(`• ${PURPOSE_LABEL[purpose]}${detail(purpose, result)}`);
  }
  // An objection or a withdrawal is on record even when it changed nothing, and the user is told so.
  if (result.changed.length === 0 && kind !== 'opt_out') lines.push(`${opening}, effective now.`);
  if (result.alreadyOff.length > 0) {
    lines.push(result.changed.length > 0 ? 'These were already off:' : 'Nothing needed changing; these were already off:');
    for (const { purpose, since } of result.alreadyOff) lines.push(`• ${PURPOSE_LABEL[purpose]} (${since ? `since ${longDate(since)}` : 'you had never agreed to it'})${detail(purpose, result)}`);
  }
  const requested = [...result.changed, ...result.alreadyOff.map((a) => a.purpose)];
  const unaddressed = MARKETING.filter((p) => requested.includes(p) && !result.suppressed.some((s) => s.channel === channelOf(p)));
  // When the address is asked for next, the question's notice says what it is for.
  if (unaddressed.length > 0 && !askingForAddress) {
    lines.push("It's recorded on your account. Without an address I can't add you to our do-not-market list; tell me your email or phone any time to add it.");
  }
  if (requested.includes('transcript_recording')) {
    lines.push(STOPPED_RECORDING);
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

/** What a choice the user never made means, as the settings answer words it (see isOn). */
const NEVER_DECIDED: Partial<Record<ChoicePurpose, string>> = {
  marketing_email: "you haven't asked us to stop, so we may email you offers",
  marketing_phone: "you haven't asked us to stop, so we may call or text you with offers",
  third_party_sharing: "you haven't asked us to stop, so we may share your contact details with our partners",
};

/** Words that switch one purpose off again, as the settings answer gives them (each reads as that purpose alone). */
const STOP_WORDS: Partial<Record<ChoicePurpose, string>> = {
  marketing_email: 'stop marketing emails',
  marketing_phone: 'stop calling me',
  third_party_sharing: "don't share my data",
  transcript_recording: "don't record this chat",
};

/** Words that switch one purpose back on (the opt-in), as the settings answer gives them. */
const START_WORDS: Partial<Record<ChoicePurpose, string>> = {
  marketing_email: 'start emailing me offers again',
  marketing_phone: 'start texting me offers again',
  third_party_sharing: 'you can share my data again',
  transcript_recording: 'start recording my chats again',
};

/**
 * "what have i opted out of": where the user's choices stand, what is off since when and what is
 * on, and the words that change each. Recording is as it is in this chat (`recordedHere`). Names
 * no address: the user has not shown who they are.
 */
export function settingsText(settings: PurposeSetting[], recordedHere: boolean): string {
  const shown = settings.map((s) => (s.purpose === 'transcript_recording' && s.on !== recordedHere ? { purpose: s.purpose, on: recordedHere } : s));
  const off = shown.filter((s) => !s.on);
  const on = shown.filter((s) => s.on);
  const since = (s: PurposeSetting) => (s.since ? ` (since ${longDate(s.since)})` : '');
  const lines = ['Here is where your privacy choices stand now:'];
  if (off.length > 0) lines.push('Off:', ...off.map((s) => `• ${PURPOSE_LABEL[s.purpose]}${since(s)}`));
  if (on.length > 0) {
    const why = (s: PurposeSetting) => (s.purpose === 'transcript_recording' ? ' (this chat is recorded)' : s.since ? since(s) : NEVER_DECIDED[s.purpose] ? `: ${NEVER_DECIDED[s.purpose]}` : '');
    lines.push('On:', ...on.map((s) => `• ${PURPOSE_LABEL[s.purpose]}${why(s)}`));
  }
  // Marketing emails and calls both off: one phrase switches both back on.
  const bothMarketingOff = MARKETING.every((p) => off.some((s) => s.purpose === p));
  const starts = bothMarketingOff
    ? ['start sending me offers again', ...off.filter((s) => !MARKETING.includes(s.purpose)).map((s) => START_WORDS[s.purpose])]
    : off.map((s) => START_WORDS[s.purpose]);
  const changes = [...starts, ...on.map((s) => STOP_WORDS[s.purpose])].filter((w): w is string => w !== undefined);
  lines.push(`To change any of them, just say so, e.g. "${changes.join('" or "')}".`);
  return lines.join('\n');
}

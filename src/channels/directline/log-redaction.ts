import { redactAll, redactDeep, redactSecrets } from '../../services/privacy/redaction';
import { SECRET_MARKER } from '../../services/privacy/redaction/types';
import { holdsCode } from '../../services/privacy/requests/verification';

// Web Chat matches its own echo by these, so they must come back unchanged (they are random ids).
const CLIENT_BOOKKEEPING = new Set(['clientActivityID', 'clientTimestamp']);

export interface LogRedactionOptions {
  /** What the bot's last prompt asked for (its channelData.helpline.expects): the answer's code ('otp') or number ('name') is dropped. */
  asked?: string;
  defaultRegion: string;
}

// Four or more digits, also in groups ("82 19 44"): as long as a PIN or code, or longer.
const NUMBER = /(?<![\p{L}\p{N}])\d(?:[ -]?\d){3,}(?![\p{L}\p{N}])/gu;

/**
 * A name has no digits (the name question refuses them), so a number typed with it ("Jane 493821")
 * is a code, PIN or account number: dropped, unless it reads as the phone number the question keeps.
 */
function withoutNumbers(text: string, defaultRegion: string): string {
  const phones = redactAll(text, { defaultRegion }).found.filter((f) => f.type === 'phone');
  return text.replace(NUMBER, (number: string, at: number) => (phones.some((p) => p.start <= at && at + number.length <= p.end) ? number : SECRET_MARKER));
}

/**
 * The copy of a user's activity that the Direct Line log keeps and echoes back: every secret the
 * redactor finds (cards, passwords, codes...) is gone from text, values, attachments and channel
 * data. Personal data the user typed stays: it is their own conversation. The bot still receives
 * the original, because its middleware must notice the secret to tell the user it was removed.
 */
export function redactForLog<T extends Record<string, unknown>>(activity: T, options: LogRedactionOptions): T {
  // No expectingOtp here: that lets the bot's own code through for its dialog, and this copy is kept.
  const redact = (text: string) => redactSecrets(text, { defaultRegion: options.defaultRegion }).text;
  const copy: Record<string, unknown> = { ...activity };
  if (typeof copy.text === 'string') {
    // The answer to the code question, as that question reads it: whole or in groups ("82 19 44").
    if (options.asked === 'otp' && holdsCode(copy.text)) copy.text = SECRET_MARKER;
    else copy.text = options.asked === 'name' ? withoutNumbers(redact(copy.text), options.defaultRegion) : redact(copy.text);
  }
  for (const field of ['value', 'attachments', 'entities'] as const) {
    if (copy[field] !== undefined) copy[field] = redactDeep(copy[field], redact);
  }
  if (copy.channelData && typeof copy.channelData === 'object') {
    const channelData: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(copy.channelData as Record<string, unknown>)) {
      channelData[key] = CLIENT_BOOKKEEPING.has(key) ? value : redactDeep(value, redact);
    }
    copy.channelData = channelData;
  }
  return copy as T;
}

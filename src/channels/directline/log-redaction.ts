import { redactDeep, redactSecrets } from '../../services/privacy/redaction';
import { SECRET_MARKER } from '../../services/privacy/redaction/types';
import { holdsCode } from '../../services/privacy/requests/verification';

// Web Chat matches its own echo by these, so they must come back unchanged (they are random ids).
const CLIENT_BOOKKEEPING = new Set(['clientActivityID', 'clientTimestamp']);

export interface LogRedactionOptions {
  /** The bot's last prompt asked for a one-time code, so a typed code is a secret to drop. */
  expectingOtp: boolean;
  defaultRegion: string;
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
  // The answer to the code question, as that question reads it: whole or in groups ("82 19 44").
  if (typeof copy.text === 'string') copy.text = options.expectingOtp && holdsCode(copy.text) ? SECRET_MARKER : redact(copy.text);
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

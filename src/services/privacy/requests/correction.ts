import { isClipped, isSlip } from '../../nlu/spelling';
import type { ContactFieldName, ContactFields, ProfileService } from '../profile';

export const CORRECTABLE_FIELDS = ['name', 'email', 'phone', 'address'] as const satisfies readonly ContactFieldName[];
export type CorrectableField = (typeof CORRECTABLE_FIELDS)[number];

export const FIELD_LABEL: Record<CorrectableField, string> = {
  name: 'name',
  email: 'email address',
  phone: 'phone number',
  address: 'postal address',
};

const FIELD_WORDS: [CorrectableField, RegExp][] = [
  ['email', /\b(e-?mail|email address|inbox)\b/],
  ['phone', /\b(phone|mobile|cell|number|telephone)\b/],
  ['address', /\b(address|street|postcode|post code|zip|moved|house|apartment|flat)\b/],
  ['name', /\b(name|surname|spelled|spelt|married)\b/],
];

// The fields' own words, read through a slip ("my emial changed", "my adress is wrong").
const FIELD_KEY_WORDS = ['email', 'address', 'phone', 'number', 'mobile', 'name', 'street'];
const unslipped = (text: string) =>
  text.toLowerCase().replace(/[a-z]{4,}/g, (word) => (FIELD_KEY_WORDS.includes(word) ? word : (FIELD_KEY_WORDS.find((key) => isSlip(word, key) || isClipped(word, key)) ?? word)));

/** Which field a correction request is about, when the message says so ("my email changed", also with a slip). */
export function readCorrectionField(text: string): CorrectableField | undefined {
  const t = unslipped(text);
  // "email address" is about email, not the postal address.
  if (/\be-?mail\b/.test(t)) return 'email';
  return FIELD_WORDS.find(([, pattern]) => pattern.test(t))?.[0];
}

// A word for taking a value away: "remove my phone number", "take my address off file".
const REMOVES = /\b(?:remove|delete|erase|wipe|get rid of|take (?:\w+ ){0,3}(?:off|out|away)|drop)\b/;
// Words for more than one detail: "delete all my data, my phone number too" is the whole erasure.
const MORE_THAN_A_DETAIL = /\b(?:all|every\w*|account|whole|entire|data|info(?:rmation)?|details)\b/;

/**
 * The one contact detail a request asks to delete ("remove my phone number", "delete my address"):
 * a correction that leaves the field empty, not an erasure of everything.
 */
export function readFieldRemoval(text: string): CorrectableField | undefined {
  const t = text.toLowerCase();
  if (!REMOVES.test(t) || MORE_THAN_A_DETAIL.test(t)) return undefined;
  return readCorrectionField(t);
}

/**
 * Correction (P11): sets, or deletes, the verified user's contact details on every account the
 * verified identity covers. A new email reaches this only after its own code was confirmed.
 */
export class CorrectionService {
  constructor(private readonly profiles: ProfileService) {}

  /**
   * Applies the corrected fields; returns the names of those that changed. A new email or phone of
   * an account that opted out goes on the suppression list as it is stored (attachSuppression).
   */
  async apply(subjects: string[], fields: ContactFields, meta: { conversationId?: string } = {}): Promise<CorrectableField[]> {
    const names = CORRECTABLE_FIELDS.filter((f) => fields[f] !== undefined);
    if (names.length === 0) return [];
    for (const userId of subjects) await this.profiles.setFields(userId, fields, 'data correction', meta);
    return names;
  }

  /** Deletes one detail from every account the verified identity covers; whether any had it. */
  async remove(subjects: string[], field: CorrectableField): Promise<boolean> {
    let removed = false;
    for (const userId of subjects) {
      const profile = await this.profiles.get(userId);
      if (!profile?.fields[field]) continue;
      delete profile.fields[field];
      // replace(): the email index follows, and an empty profile is deleted.
      await this.profiles.replace(profile);
      removed = true;
    }
    return removed;
  }
}

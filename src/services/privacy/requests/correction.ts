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

/** Which field a correction request is about, when the message says so ("my email changed"). */
export function readCorrectionField(text: string): CorrectableField | undefined {
  const t = text.toLowerCase();
  // "email address" is about email, not the postal address.
  if (/\be-?mail\b/.test(t)) return 'email';
  return FIELD_WORDS.find(([, pattern]) => pattern.test(t))?.[0];
}

/**
 * Correction (P11): sets the verified user's contact details on every account the verified
 * identity covers. A new email reaches this only after its own code was confirmed.
 */
export class CorrectionService {
  constructor(private readonly profiles: ProfileService) {}

  /** Applies the corrected fields; returns the names of those that changed. */
  async apply(subjects: string[], fields: ContactFields, meta: { conversationId?: string } = {}): Promise<CorrectableField[]> {
    const names = CORRECTABLE_FIELDS.filter((f) => fields[f] !== undefined);
    if (names.length === 0) return [];
    for (const userId of subjects) await this.profiles.setFields(userId, fields, 'data correction', meta);
    return names;
  }
}

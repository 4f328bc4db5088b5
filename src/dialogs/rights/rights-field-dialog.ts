import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { z } from 'zod';
import { addressFormatHint, EMAIL_EXAMPLE, numberEnding, phoneExample, readAddress, readEmail, readName, readPhone } from '../../services/privacy/contact-fields';
import { FieldCollectionDialog, type CollectionState, type FieldSpec } from '../privacy/field-collection';
import type { NoticeGate } from '../privacy/notice-gate';

export const RIGHTS_FIELD_DIALOG = 'rightsField';

const field = z.enum(['name', 'email', 'phone', 'address']);
export type RightsField = z.infer<typeof field>;

/** Why the address is asked, which decides the question's wording. */
export const rightsFieldOptionsSchema = z.object({
  fields: z.array(field).min(1),
  optional: z.array(field).default([]),
  /** 'add': an address to prove and keep, for a user with none on file (an opt-in). */
  mode: z.enum(['verify', 'correct', 'add']),
  /** The address typed with the request ("delete my account, my email is ..."): offered back instead of asked for. */
  typed: z.object({ email: z.string() }).partial().optional(),
});
export type RightsFieldOptions = z.input<typeof rightsFieldOptionsSchema>;

const PURPOSE = {
  verify: 'send you a one-time code that proves it is you',
  correct: 'update the details we hold about you',
  add: 'send a one-time code to it that proves it is yours',
};

// "I don't have an email address", "no email": no answer to give, read as "skip" is (not as a malformed address).
const NO_EMAIL = /^(?:i\s+)?(?:don'?t|do\s+not)\s+(?:even\s+)?have\s+(?:an?\s+)?e-?mail(?:\s+address)?\b|^(?:i\s+have\s+)?no\s+e-?mail(?:\s+address)?\b/i;

/**
 * Asks for contact details a data-rights request needs, after the contact notice (P1), like the
 * contact dialog, but does NOT save them: an address typed to prove who you are is a lookup key,
 * and a corrected email must be confirmed before it goes on file (correction).
 */
export class RightsFieldDialog extends FieldCollectionDialog<RightsField> {
  constructor(gate: NoticeGate, defaultRegion: string, privacyContact: string) {
    const specs: Record<RightsField, FieldSpec> = {
      name: { expects: 'name', notices: ['contact'], label: 'name', question: () => 'What should your name be?', read: readName },
      email: {
        expects: 'email',
        notices: ['contact'],
        label: 'email address',
        example: EMAIL_EXAMPLE,
        question: (p) => (p === PURPOSE.verify ? "What's the email address we have on file for you?" : p === PURPOSE.add ? "What's your email address?" : "What's your new email address?"),
        read: readEmail,
        declines: (t) => NO_EMAIL.test(t.trim().replace(/[’‘]/g, "'")),
        whenForgotten: (p) =>
          p === PURPOSE.verify
            ? `No problem: try an address you use, and if no code arrives, write to ${privacyContact} and our privacy team will verify you another way.`
            : undefined,
      },
      phone: { expects: 'phone', notices: ['contact'], label: 'phone number', example: phoneExample(defaultRegion), question: () => "What's your new phone number?", read: (t) => readPhone(t, defaultRegion), offered: (v) => numberEnding(String(v)) },
      address: {
        expects: 'address',
        notices: ['contact'],
        label: 'postal address',
        question: () => `What's your new postal address? Please write the ${addressFormatHint(defaultRegion)}.`,
        read: (t) => readAddress(t, defaultRegion),
      },
    };
    super(RIGHTS_FIELD_DIALOG, specs, gate);
  }

  protected initialState(options: unknown): CollectionState<RightsField> {
    const parsed = rightsFieldOptionsSchema.parse(options);
    const fields = [...new Set(parsed.fields)];
    return {
      fields,
      optional: parsed.optional.filter((f) => fields.includes(f)),
      purpose: PURPOSE[parsed.mode],
      index: 0,
      values: {},
      skipped: [],
      ...(parsed.typed ? { typed: parsed.typed } : {}),
    };
  }

  protected async complete(step: WaterfallStepContext, state: CollectionState<RightsField>): Promise<DialogTurnResult> {
    return step.endDialog(state.values);
  }
}

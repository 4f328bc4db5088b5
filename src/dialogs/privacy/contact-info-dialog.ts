import type { DialogTurnResult, WaterfallStepContext } from 'botbuilder-dialogs';
import { z } from 'zod';
import { addressFormatHint, EMAIL_EXAMPLE, phoneExample, readAddress, readEmail, readName, noPhoneToCall, readPhone, splitContacts } from '../../services/privacy/contact-fields';
import type { ContactFields, ProfileService } from '../../services/privacy/profile';
import { userIdOf } from '../identity';
import { message } from '../wire';
import { FieldCollectionDialog, type CollectionState, type FieldSpec } from './field-collection';
import type { NoticeGate } from './notice-gate';

export const CONTACT_INFO_DIALOG = 'contactInfo';

const contactField = z.enum(['name', 'email', 'phone', 'address']);
export type ContactInfoField = z.infer<typeof contactField>;

/** What a caller passes to beginDialog('contactInfo', ...). `purpose` says why: "to send the quote", "so a technician can call you". */
export const contactInfoOptionsSchema = z.object({
  fields: z.array(contactField).min(1),
  optional: z.array(contactField).default([]),
  purpose: z.string().min(3).max(2000),
  /** Answers typed before their question, once its notice was shown (an email address at a call-back's phone question). */
  typed: z.object({ name: z.string(), email: z.string(), phone: z.string(), address: z.string() }).partial().optional(),
});
export type ContactInfoOptions = z.input<typeof contactInfoOptionsSchema>;

/** The dialog's result: only the fields the user gave (address structured; phone in E.164). */
export type ContactInfoResult = ContactFields;

/**
 * Why an opt-out asks for an address it has none on file for. Said of a phone number as of an email,
 * and the user just asked not to be contacted: the question must not be about reaching them.
 */
export const DO_NOT_MARKET_PURPOSE = 'for our do-not-market list, so our marketing system never contacts you there';

export interface ContactInfoDialogOptions {
  gate: NoticeGate;
  profiles: ProfileService;
  /** config.policy.defaultRegion: how national phone numbers and postcodes are read. */
  defaultRegion: string;
}


/**
 * Collects only the contact fields the current task needs (P2), each after the contact notice
 * (P1), and stores them in the profile with their source and conversation.
 */
export class ContactInfoDialog extends FieldCollectionDialog<ContactInfoField> {
  constructor(private readonly deps: ContactInfoDialogOptions) {
    const region = deps.defaultRegion;
    const specs: Record<ContactInfoField, FieldSpec> = {
      name: {
        expects: 'name',
        notices: ['contact'],
        label: 'name',
        question: () => 'What name should we use for you?',
        // "Jane Doe, jane@example.com": the name, and the address kept for the email question.
        read: (t) => readName(splitContacts(t).rest),
        alsoGives: (t) => {
          const { email, phone } = splitContacts(t);
          return { ...(email ? { email } : {}), ...(phone ? { phone } : {}) };
        },
      },
      email: {
        expects: 'email',
        notices: ['contact'],
        label: 'email address',
        example: EMAIL_EXAMPLE,
        question: () => "What's your email address?",
        read: readEmail,
      },
      phone: {
        expects: 'phone',
        notices: ['contact'],
        label: 'phone number',
        example: phoneExample(region),
        question: (purpose) => (purpose === DO_NOT_MARKET_PURPOSE ? "What's your phone number?" : `What's the best phone number to reach you?`),
        read: (t) => readPhone(t, region),
        // "My phone is broken": no number to give (a call back's question switches to email first).
        declines: (t) => noPhoneToCall(t) !== undefined,
      },
      address: {
        expects: 'address',
        notices: ['contact'],
        label: 'postal address',
        question: () => `What's your postal address? Please write the ${addressFormatHint(region)}.`,
        read: (t) => readAddress(t, region),
      },
    };
    super(CONTACT_INFO_DIALOG, specs, deps.gate);
  }

  protected initialState(options: unknown): CollectionState<ContactInfoField> {
    const parsed = contactInfoOptionsSchema.parse(options);
    const fields = [...new Set(parsed.fields)];
    return { fields, optional: parsed.optional.filter((f) => fields.includes(f)), purpose: parsed.purpose, index: 0, values: {}, skipped: [], ...(parsed.typed ? { typed: parsed.typed } : {}) };
  }

  protected async complete(step: WaterfallStepContext, state: CollectionState<ContactInfoField>): Promise<DialogTurnResult> {
    const result = state.values as ContactInfoResult;
    const kept = Object.keys(result);
    if (kept.length > 0) {
      await this.deps.profiles.setFields(userIdOf(step.context.activity), result, 'contact dialog', {
        conversationId: step.context.activity.conversation?.id,
      });
      await step.context.sendActivity(message(`Thanks, I've saved your ${kept.map(labelOf).join(' and ')}.`));
    }
    return step.endDialog(result);
  }
}

function labelOf(field: string): string {
  return field === 'address' ? 'postal address' : field === 'phone' ? 'phone number' : field === 'email' ? 'email address' : field;
}

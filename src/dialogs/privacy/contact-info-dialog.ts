import type { TurnContext } from 'botbuilder';
import { ConfirmPrompt, ListStyle, WaterfallDialog, type DialogContext, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { z } from 'zod';
import { addressFormatHint, EMAIL_EXAMPLE, maskAddress, numberEnding, phoneExample, readAddress, readEmail, readName, noPhoneToCall, readPhone, splitContacts } from '../../services/privacy/contact-fields';
import type { ContactFields, ProfileService } from '../../services/privacy/profile';
import { clearYesOrNo } from '../shared/clear-answer';
import { userIdOf } from '../identity';
import { message, yesNoPrompt } from '../wire';
import { getClassification } from '../classification';
import { FieldCollectionDialog, noticeAnswer, purposeClause, type CollectionState, type FieldSpec } from './field-collection';
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
  /**
   * A returning user's email address or phone number on file is offered back ("Shall the technician
   * reach you at j***@example.com?") instead of asked for again; `who` is who will use it ("the technician").
   */
  offerHeld: z.object({ who: z.string().min(1).max(100), does: z.string().min(1).max(100).default('reach you') }).optional(),
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
  /** True while the user has asked to delete their data and the request is still open: what is on file is not offered back. */
  deletionPending?: (userId: string) => Promise<boolean>;
}

const OFFER = 'contactInfoOffer';
const OFFER_PROMPT = 'contactInfoOfferPrompt';
/** The field an offer of details on file is about: the one that reaches the user. */
const REACH: ContactInfoField[] = ['email', 'phone'];

interface OfferOptions {
  options: ContactInfoOptions;
  field: ContactInfoField;
  masked: string;
  /** The fields asked for that are on file (named, not shown: "the name and email address"). */
  held: ContactInfoField[];
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
        // Said back by its last digits, as the number on file is: the bot never shows a number whole.
        offered: (v) => numberEnding(String(v)),
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
    this.addDialog(Object.assign(new ConfirmPrompt(OFFER_PROMPT, clearYesOrNo((p) => this.readOfferAnswer(p)), 'en-us'), { style: ListStyle.none }));
    this.addDialog(new WaterfallDialog(OFFER, [this.offerStep.bind(this), this.afterOfferStep.bind(this)]));
  }

  /** With `offerHeld`, a user whose address or number is on file is asked whether to use it (offerStep) before anything is asked for. */
  protected override async onBeginDialog(innerDc: DialogContext, options?: unknown): Promise<DialogTurnResult> {
    const parsed = contactInfoOptionsSchema.parse(options);
    // Only an address or number typed is a new one to use instead: a name typed with a request for a person is not.
    const field = parsed.offerHeld ? parsed.fields.find((f) => REACH.includes(f)) : undefined;
    if (field && parsed.typed?.[field] !== undefined) return super.onBeginDialog(innerDc, options as object | undefined);
    const held = field ? await this.heldFor(innerDc.context, parsed.fields) : {};
    if (!field || held[field] === undefined) return super.onBeginDialog(innerDc, options as object | undefined);
    const offer: OfferOptions = { options: parsed, field, masked: maskAddress(String(held[field])), held: Object.keys(held) as ContactInfoField[] };
    return innerDc.beginDialog(OFFER, offer);
  }

  /**
   * What the profile holds of `fields` that may be used again: nothing while a deletion the user
   * asked for is still open (erasure, "remove my phone number" and "delete this chat" took theirs away already).
   */
  private async heldFor(context: TurnContext, fields: ContactInfoField[]): Promise<ContactFields> {
    // Details are only ever asked for after the contact notice: a user who never saw it has none on
    // file, and a first-time user's handoff costs no read of the profile (the notice's read is due anyway).
    if (!(await this.deps.gate.seenBefore(context, 'contact'))) return {};
    const userId = userIdOf(context.activity);
    const profile = await this.deps.profiles.get(userId);
    const held: ContactFields = {};
    for (const f of fields) {
      const value = profile?.fields[f]?.value;
      if (value !== undefined) Object.assign(held, { [f]: value });
    }
    if (Object.keys(held).length === 0 || (await this.deps.deletionPending?.(userId))) return {};
    return held;
  }

  private async offerStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { options, field, masked, held } = step.options as OfferOptions;
    // Offering what is on file is a question about contact details too: the notice comes first (P1, P14).
    await this.deps.gate.ensureNotice(step.context, 'contact');
    const reach = `${options.offerHeld!.does} ${field === 'phone' ? 'on' : 'at'} ${masked}`;
    const what = `the ${held.map(labelOf).join(' and ')}`;
    const question = `Shall ${options.offerHeld!.who} ${reach}?`;
    const prompt = yesNoPrompt(`You gave us ${what} before. ${question}`, `Please answer yes or no. ${question} (Say "no" to give new details.)`);
    return step.prompt(OFFER_PROMPT, { ...prompt, validations: { field, question, purpose: options.purpose } });
  }

  /** "Yes" uses what is on file (read again: it may have been deleted meanwhile); "no", or another address typed, asks afresh. */
  private async afterOfferStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const { options, field } = step.options as OfferOptions;
    const state = this.initialState(options);
    const typed = step.context.activity.text ?? '';
    if (step.result === true) {
      const held = await this.heldFor(step.context, state.fields);
      if (held[field] !== undefined) {
        state.values = { ...held };
        state.reused = Object.keys(held) as ContactInfoField[];
        await step.context.sendActivity(message(state.reused.length > 1 ? "Thanks, I'll use those." : "Thanks, I'll use it."));
        return this.collectFrom(step, state);
      }
    } else if (this.readsAs(field, typed)) {
      // "use jo.new@example.com instead": the new answer, after the notice already shown.
      state.typed = { [field]: typed };
      return this.collectFrom(step, state);
    }
    await step.context.sendActivity(message("OK, let's take new ones."));
    return this.collectFrom(step, state);
  }

  /** A new address or number typed at the offer is a "no" that already gives the answer. */
  private async readOfferAnswer(prompt: PromptValidatorContext<boolean>): Promise<boolean> {
    if (prompt.recognized.succeeded) return true;
    const { field, question, purpose } = prompt.options.validations as { field: ContactInfoField; question: string; purpose: string };
    // "Why do you need that?": the notice says what for, who sees it and how long it is kept; then the question again.
    const answer = await noticeAnswer(this.deps.gate, prompt.context, 'contact', prompt.context.activity.text ?? '', getClassification(prompt.context));
    if (answer) {
      const why = purposeClause(purpose);
      prompt.options.retryPrompt = yesNoPrompt(`${answer.activity.text}${why ? `\n\nI'd use your ${labelOf(field)} ${why}.` : ''}\n\n${question}`, question).prompt;
      await answer.commit();
      return false;
    }
    if (!this.readsAs(field, prompt.context.activity.text ?? '')) return false;
    Object.assign(prompt.recognized, { succeeded: true, value: false });
    return true;
  }

  private readsAs(field: ContactInfoField, text: string): boolean {
    return field === 'email' ? readEmail(text).ok : field === 'phone' ? readPhone(text, this.deps.defaultRegion).ok : false;
  }

  protected initialState(options: unknown): CollectionState<ContactInfoField> {
    const parsed = contactInfoOptionsSchema.parse(options);
    const fields = [...new Set(parsed.fields)];
    return { fields, optional: parsed.optional.filter((f) => fields.includes(f)), purpose: parsed.purpose, index: 0, values: {}, skipped: [], ...(parsed.typed ? { typed: parsed.typed } : {}) };
  }

  protected async complete(step: WaterfallStepContext, state: CollectionState<ContactInfoField>): Promise<DialogTurnResult> {
    const result = state.values as ContactInfoResult;
    // What the user agreed to use again is on file already: not stored anew (its provenance stays where it was given).
    const fresh = Object.fromEntries(Object.entries(result).filter(([f]) => !state.reused?.includes(f as ContactInfoField))) as ContactInfoResult;
    const kept = Object.keys(fresh);
    if (kept.length > 0) {
      await this.deps.profiles.setFields(userIdOf(step.context.activity), fresh, 'contact dialog', {
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

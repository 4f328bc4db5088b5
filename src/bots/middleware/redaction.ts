import { createHash } from 'node:crypto';
import { ActivityTypes, type Activity, type ConversationState, type Middleware, type StatePropertyAccessor, type TurnContext } from 'botbuilder';
import { DIALOG_STATE_PROPERTY, openPrompt } from '../../dialogs/open-question';
import { helplineData, message } from '../../dialogs/wire';
import { endsWithSecretLeadIn, PASSWORD_TALK_MESSAGES, redactDeep, redactSecrets, talksOfPasswords, type FindingType } from '../../services/privacy/redaction';
import { memoizeRedactor } from '../../services/privacy/redaction/memo';

export interface RedactionMiddlewareOptions {
  /** Where the dialogs keep their stack: a bare 6-digit code is let through only while its question is open. */
  conversationState: ConversationState;
  /** config.policy.defaultRegion */
  defaultRegion: string;
  /** config.policy.paymentPageUrl: where card payments belong (P3). */
  paymentPageUrl: string;
  /**
   * True while a technician owns the conversation: the bot then says nothing of its own
   * (protocol.md), so the echo is left to the handoff guard, which sends it as a handoff status.
   */
  technicianOwns?: (context: TurnContext) => Promise<boolean>;
  /** True when a privacy request of this user waits for its emailed code: only then may a code typed out of turn be ours. */
  privacyCodePending?: (context: TurnContext) => Promise<boolean>;
}

/** What this turn's redaction removed and the echo the user got, for the transcript. */
export const REDACTION_TURN_KEY = Symbol('helpline.redaction');
export interface RedactionTurnInfo {
  types: FindingType[];
  echo?: Partial<Activity>;
  /** The echo told how to get on with a privacy request waiting for its code. */
  codePending?: boolean;
}

/** The conversation-state property listing the kinds of secret removed from the user's last message (never the values). */
export const REMOVED_BEFORE_PROPERTY = 'secretsRemovedBefore';

/**
 * The conversation-state property set while the user's last message ended by announcing a secret it did not give
 * ("my password is"): nothing was removed from it, yet the next message starts with the value.
 */
export const SECRET_ANNOUNCED_PROPERTY = 'secretAnnouncedBefore';

/**
 * The conversation-state property set once the user named a password ("what's the wifi password?") or had one removed
 * from their message: "ok", then "maybe its hunter2?" still gives one. It lasts PASSWORD_TALK_MESSAGES messages, and
 * past the next one only while the same question stays open. (A question that talks of passwords counts while open.)
 */
export const PASSWORD_TALK_PROPERTY = 'passwordTalk';
interface PasswordTalk {
  /** Messages of the user's still read as talking of a password. */
  left: number;
  /** The question open when the password came up, as a hash (no text of the bot's or the user's kept for this). */
  question?: string;
}

const CARD_TYPES: ReadonlySet<FindingType> = new Set<FindingType>(['credit_card', 'cvv', 'card_expiry']);
const DESCRIPTIONS: Partial<Record<FindingType, string>> = {
  credit_card: 'a card number',
  cvv: 'a card security code',
  card_expiry: 'a card expiry date',
  password: 'a password',
  ssn: 'a Social Security number',
  national_id: 'a national ID number',
  iban: 'a bank account number',
  bank_account: 'a bank account number',
  api_key: 'an access key',
  security_answer: 'a security answer',
  otp: 'a one-time code',
};

/**
 * The first middleware (design rule 1): every secret in what the user sent (text, card
 * submissions, attachments) is removed before any dialog, state, transcript or log sees it.
 * Personal data stays so the dialogs can store what the user chose to give. Outgoing bot text
 * passes the same filter as a safety net.
 */
export class RedactionMiddleware implements Middleware {
  // The bot's own texts (flow steps, notices, prompts) repeat across users, so the safety-net
  // pass over outgoing text mostly answers from memory.
  private readonly filterOutgoing: (text: string) => string;

  private readonly dialogState: StatePropertyAccessor<unknown>;

  /**
   * What was removed from the user's last message: a card number split over two messages loses its second
   * half too, and after a password "mine is X" gives another.
   */
  private readonly removedBefore: StatePropertyAccessor<FindingType[]>;

  /** Whether the user's last message ended with "my password is" (or "PIN:", "the door code is") and no value. */
  private readonly announcedBefore: StatePropertyAccessor<boolean>;

  private readonly passwordTalk: StatePropertyAccessor<PasswordTalk | undefined>;

  constructor(private readonly options: RedactionMiddlewareOptions) {
    this.dialogState = options.conversationState.createProperty(DIALOG_STATE_PROPERTY);
    this.removedBefore = options.conversationState.createProperty(REMOVED_BEFORE_PROPERTY);
    this.announcedBefore = options.conversationState.createProperty(SECRET_ANNOUNCED_PROPERTY);
    this.passwordTalk = options.conversationState.createProperty(PASSWORD_TALK_PROPERTY);
    this.filterOutgoing = memoizeRedactor((text) => redactSecrets(text, { defaultRegion: options.defaultRegion }).text, 2000);
  }

  async onTurn(context: TurnContext, next: () => Promise<void>): Promise<void> {
    const { activity } = context;
    const found = new Set<FindingType>();
    if (activity.type === ActivityTypes.Message || activity.text || activity.value !== undefined || activity.attachments?.length) {
      // Conversation state is loaded for the dialogs anyway; this read is cached for the turn. The
      // stored stack itself says whether the bot asked for a code, so no flag can outlive the
      // question (a request replaced or cancelled while its code prompt was open). A question that talks
      // about a password ("Type the Wi-Fi password again") makes "mine is hunter22" an answer giving one.
      const prompt = openPrompt(await this.dialogState.get(context));
      const expectingOtp = activity.type === ActivityTypes.Message && helplineData(prompt).expects === 'otp';
      const isMessage = activity.type === ActivityTypes.Message;
      const before = isMessage ? ((await this.removedBefore.get(context)) ?? []) : [];
      const secretFollows = isMessage && (await this.announcedBefore.get(context)) === true;
      const question = typeof prompt?.text === 'string' ? prompt.text : undefined;
      const asksOfPasswords = question !== undefined && talksOfPasswords(question);
      const talk = isMessage ? await this.passwordTalk.get(context) : undefined;
      // The message right after always; later ones only at the question where the password came up, so a
      // network name typed at the next step of a guide ("HomeNet5") is not taken for one.
      const talkLasts = talk !== undefined && (talk.left === PASSWORD_TALK_MESSAGES || talk.question === hashOf(question));
      const passwordTalk = secretFollows || talkLasts || asksOfPasswords;
      const cardContinues = before.some((t) => CARD_TYPES.has(t));
      const redact = (text: string) => {
        const result = redactSecrets(text, { defaultRegion: this.options.defaultRegion, expectingOtp, passwordTalk, cardContinues, secretFollows });
        for (const type of result.secretTypes) found.add(type);
        return result.text;
      };
      if (typeof activity.text === 'string') activity.text = redact(activity.text);
      if (activity.value !== undefined) activity.value = redactDeep(activity.value, redact);
      if (activity.attachments?.length) activity.attachments = redactDeep(activity.attachments, redact);
      if (isMessage && (found.size > 0 || before.length > 0)) await this.removedBefore.set(context, [...found]);
      // Read on the redacted text: "my password is [removed]" gave its value already.
      const announces = isMessage && typeof activity.text === 'string' && endsWithSecretLeadIn(activity.text);
      if (announces || secretFollows) await this.announcedBefore.set(context, announces);
      if (isMessage) {
        const names = typeof activity.text === 'string' && talksOfPasswords(activity.text);
        if (names || found.has('password')) await this.passwordTalk.set(context, { left: PASSWORD_TALK_MESSAGES, question: hashOf(question) });
        // The question the bot asked after the password came up is the one the user stays at.
        else if (talkLasts && talk.left > 1) await this.passwordTalk.set(context, { left: talk.left - 1, question: hashOf(question) });
        else if (talk) await this.passwordTalk.delete(context);
      }
    }

    context.onSendActivities(async (_ctx, activities, nextSend) => {
      for (const outgoing of activities) {
        if (typeof outgoing.text === 'string') outgoing.text = this.filterOutgoing(outgoing.text);
        if (typeof outgoing.speak === 'string') outgoing.speak = this.filterOutgoing(outgoing.speak);
      }
      return nextSend();
    });

    if (found.size > 0) {
      const types = [...found];
      const info: RedactionTurnInfo = { types };
      const silent = (await this.options.technicianOwns?.(context)) === true;
      if (!silent) {
        const codePending = types.includes('otp') && (await this.options.privacyCodePending?.(context)) === true;
        info.codePending = codePending;
        info.echo = message(echoText(types, this.options.paymentPageUrl, { codePending }), { redacted: types });
        await context.sendActivity(info.echo);
      }
      context.turnState.set(REDACTION_TURN_KEY, info);
    }
    await next();
  }
}

function hashOf(text: string | undefined): string | undefined {
  return text === undefined ? undefined : createHash('sha256').update(text).digest('base64url').slice(0, 16);
}

// What people say around a code they paste: "639712 is my code", "the code from the email is ...".
const CODE_TALK = new Set(
  ("a an and the my your this that it it's its is was here here's heres you i i've got received sent send me from in on of " +
    'code codes verification verify one-time one time otp number email e-mail mail yesterday today earlier ok okay hi hello thanks thank please').split(' '),
);

/**
 * Whether what is left of a message once a one-time code was removed only talks about that code:
 * the echo (with its way on) is then the whole answer, not read as a request too.
 */
export function onlyTalksOfTheCode(rest: string): boolean {
  return (rest.toLowerCase().match(/[a-z][a-z'-]*/g) ?? []).every((w) => CODE_TALK.has(w));
}

/** One plain message about what was removed; card data always points to the payment page (P3). */
export function echoText(types: FindingType[], paymentPageUrl: string, options: { codePending?: boolean } = {}): string {
  const named = [...new Set(types.map((t) => DESCRIPTIONS[t] ?? 'a secret'))];
  const list = named.length > 1 ? `${named.slice(0, -1).join(', ')} and ${named[named.length - 1]}` : named[0];
  let text = `I removed ${list} from your message before saving anything, so it isn't stored anywhere. Please don't share it in this chat.`;
  if (types.some((t) => t === 'password' || t === 'security_answer')) {
    text += ' We will never ask for your password.';
  }
  if (types.includes('otp') && options.codePending) {
    // Typed where no code was asked for (often in a new chat after the email arrived): the way on.
    // Not said with no request waiting for a code: a sign-in code of another service is no business of ours.
    text += ' If it is a code I emailed you for a privacy request, I can only take it right after I ask for it: ask again (for example "delete my data") and I will send a new one.';
  }
  if (types.some((t) => CARD_TYPES.has(t))) {
    text += ` We never take card details in chat: to pay, please use our secure payment page: ${paymentPageUrl}`;
  }
  return text;
}

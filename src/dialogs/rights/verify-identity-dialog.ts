import type { TurnContext } from 'botbuilder';
import { DialogTurnStatus, WaterfallDialog, type DialogContext, type DialogInstance, type DialogTurnResult, type PromptValidatorContext, type WaterfallStepContext } from 'botbuilder-dialogs';
import { REQUEST_TYPE_LABEL, type PrivacyRequest, type RequestType } from '../../services/privacy/requests/request-record';
import { holdsCode, minutesText, type StartResult } from '../../services/privacy/requests/verification';
import { conversationData } from '../conversation-data';
import { isChannelVerified, userIdOf } from '../identity';
import { ask, helplineData, message } from '../wire';
import { getClassification } from '../classification';
import { aboutMinutes, maskAddress, openedReceipt, stillOpen, withReceipt, type RightsDialogDeps } from './rights-deps';
import { RIGHTS_FIELD_DIALOG, RightsFieldDialog, type RightsFieldOptions } from './rights-field-dialog';
import { FeatureDialog } from '../shared/feature-dialog';
import { FORGOT, noticeAnswer } from '../privacy/field-collection';
import { isQuestion } from '../../services/nlu/question';
import { mentionsPerson } from '../../services/nlu/person-request';
import { innerStack } from '../open-question';
import { OnceTextPrompt, type OnceOptions } from '../shared/choice-prompt';

export const VERIFY_IDENTITY_DIALOG = 'verifyIdentity';

export interface VerifyOptions {
  requestId: string;
  /**
   * 'identity': prove the email on file. 'new_email': prove a new address, which goes on file for
   * `subjects` once proven: the one in `newEmail` (a correction), or, without it, one asked for
   * here (an opt-in with no address on file), which "wrong email" can ask for again.
   */
  purpose?: 'identity' | 'new_email';
  /** 'new_email': the accounts the new address is for (the requester's when not given). */
  subjects?: string[];
  /** 'new_email': the address to prove, when the caller has it; only the first step reads it. */
  newEmail?: string;
  /** 'new_email': the address was the caller's, so it is not asked for again here. */
  fixedAddress?: boolean;
  /** 'identity': the address the user typed with the request, offered back instead of asked for (not carried over when asked again). */
  typedEmail?: string;
  /** Asked again for the address ("another address"): the opening explanation is not repeated. */
  again?: boolean;
  /**
   * The email address itself must be proven (an opt-in lifts it off the do-not-market list): a
   * Teams sign-in proves the account, not the mailbox, so the code is mailed there too.
   */
  mailbox?: boolean;
}

export type VerifyResult = { verified: true; subjects: string[]; method: string; newEmail?: string } | { verified: false; reason: 'locked' | 'rate_limited' | 'no_email' | 'expired' | 'declined' };

const FLOW = 'verifyFlow';
const OTP_LOOP = 'verifyOtpLoop';
const OTP_PROMPT = 'verifyOtp';
const RESEND_WORDS = /\b(new|another|resend|re-send|send again|didn'?t (get|receive)|no code|not (arrived|received))\b/i;
/** "Send a new code", "I didn't get it"; not an address that has "new" in it ("jo.new@example.com", typed here by mistake). */
export const asksForANewCode = (text: string) => RESEND_WORDS.test(text.replace(/\S+@\S+/g, ' '));
// "wrong email", "try a different address": back to the address question (before a resend: "a new email").
const ANOTHER_ADDRESS = /\b(?:another|different|other|wrong|new) (?:e-?mail|address)\b/i;
const RESEND_CHOICE = 'Send a new code';
const RETRY_CODE = 'A code is 6 digits, like 123456. Please type it as it appears in the email, or say "send a new code".';
// "how long is the code valid?", "when does it expire": asked about the code, at the code question.
const CODE_LIFETIME = /\b(?:how long (?:is|does|will|do i have)|when does (?:it|the code|this)|expir\w*|valid|run out|time out)\b/i;
// "where's the code?", "where do i find it", "what code?": it is in the mail, maybe in spam.
const WHERE_IS_CODE = /\b(?:where(?:'s| is| do i (?:find|get|see)| would i find| will i get)(?: the| my| that| this)? (?:code|e-?mail|mail|it)|(?:what|which) (?:code|e-?mail)\b)/i;
// "its not in spam either", "still nothing", "it never came": the code (resent or not) hasn't come.
const NOT_ARRIVED =
  /\b(?:not (?:in|there|here)\b|nothing (?:yet|came|arrived|there|in)\b|still nothing\b|(?:hasn'?t|has not|have not|haven'?t|never|didn'?t|did not|doesn'?t|does not) (?:come|arrive|arrived|came|show(?:ed)? up|got it|gotten it|get it|receive)|(?:can'?t|cannot) find (?:it|the (?:code|e-?mail)))/i;
// "why do you need this?", "what is it for", "do i have to?": why a code at all.
const WHY_CODE = /^(?:but |and |so |ok |hm+ )?(?:why\b|what(?:'s| is) (?:it|this|that|the code) for\b|what do you need (?:it|this|that|a code) for\b|do i (?:have|need) to\b)/i;
// "wait no don't delete anything", "actually i've changed my mind": the user takes the request back at its code.
const TAKES_BACK =
  /^(?:(?:wait|hold on|actually|actualy|no|nope|nah|hm+|oh|sorry|ok|okay)[\s,.!]+)*(?:(?:don'?t|do\s+not)(?:\s+do\s+(?:it|that))?[\s.!]*$|(?:please\s+)?(?:don'?t|do\s+not)\s+(?:delete|erase|remove|wipe|change|switch|turn|do)\b|i(?:'?ve|\s+have)?\s+changed\s+my\s+mind\b|i\s+(?:don'?t|do\s+not)\s+want\s+(?:to\s+(?:delete|erase|remove|change|do|go)\b|that\b|this\b|it\b))/i;
const takesBack = (text: string) => TAKES_BACK.test(text.trim().replace(/[’‘]/g, "'"));
// "i never gave you an email", "i dont have one", "i don't use email", "i dont know which email": at
// the question for the address on file, there is none the user can give, and asking again cannot help.
const NO_ADDRESS_ON_FILE = new RegExp(
  '^(?:(?:but|well|um+|uh+|oh|sorry|actually|hm+)[\\s,.!]+)*(?:' +
    [
      "(?:i\\s+)?(?:don'?t|do\\s+not)\\s+(?:even\\s+|really\\s+)?(?:have|use|do)\\s+(?:an?\\s+|any\\s+)?e-?mails?\\b",
      "(?:i\\s+)?(?:don'?t|do\\s+not)\\s+have\\s+(?:one|it)\\b",
      "(?:i\\s+)?(?:never|didn'?t|did\\s+not)\\s+(?:ever\\s+)?(?:gave|give|given|provided?|shared?)\\s+(?:you\\s+|us\\s+)?(?:guys\\s+)?(?:an?\\s+|my\\s+|any\\s+)?(?:e-?mail|one|address)\\b",
      "(?:i\\s+have\\s+|there(?:'?s|\\s+is)\\s+)?no\\s+e-?mail\\b",
      "you\\s+(?:don'?t|do\\s+not)\\s+have\\s+(?:an?\\s+|my\\s+|any\\s+)?e-?mail\\b",
      "(?:i\\s+)?(?:don'?t|do\\s+not)\\s+know(?:\\s+(?:which|what)\\s+(?:one|e-?mail|address)\\b|(?:\\s+it)?[\\s.!]*$)",
      'idk(?:\\s+which\\s+(?:one|e-?mail|address)\\b|[\\s.!]*$)',
    ].join('|') +
    ')',
  'i',
);
/** The user says they have no address on file to give (NO_ADDRESS_ON_FILE); an address typed with it is an answer. */
const saysNoAddressOnFile = (text: string) => !/\S@\S/.test(text) && NO_ADDRESS_ON_FILE.test(text.trim().replace(/[’‘]/g, "'"));
const CODE_IS_FOR = "The code is how I check it's really you: only the owner of that mailbox can read it, so nobody else can see or change your data by typing your address.";
/** A question about the code itself, answered at the code question (answerAtCode). */
const asksAboutTheCode = (text: string) => [CODE_LIFETIME, WHERE_IS_CODE, WHY_CODE].some((r) => r.test(text.replace(/[’‘]/g, "'")));

/**
 * What a restarted question keeps of the options: the request, the purpose and whether the mailbox
 * must be proven. Dropping `mailbox` let a Teams sign-in stand in for the code after "send a new
 * code" then "another address", and the opt-in was applied without proof of the address.
 */
function carriedOver(options: VerifyOptions): VerifyOptions {
  const { requestId, purpose, mailbox, subjects, fixedAddress } = options;
  return { requestId, purpose, mailbox, subjects, fixedAddress };
}

/**
 * "I never gave you an email" where the address on file is asked for. A new address to prove (an
 * opt-in with none on file, a correction) is the user's to give, so there it is still asked for.
 */
const hasNoAddressToGive = (options: VerifyOptions, text: string) => options.purpose !== 'new_email' && saysNoAddressOnFile(text);

/**
 * The same said at the code question, once a code went to an address the user typed: "i dont have
 * an email on file, i just used the chat". Only with the word email or address, since there a bare
 * "i dont know" is about the code.
 */
const hasNoAddressAtCode = (purpose: VerifyOptions['purpose'], text: string) => /\b(?:e-?mail|address)\b/i.test(text) && purpose !== 'new_email' && saysNoAddressOnFile(text);

/** Whether the address may be asked for again ("wrong email"): not a new one the caller gave. */
const mayAskAddressAgain = (options: VerifyOptions) => !(options.purpose === 'new_email' && options.fixedAddress);

/**
 * Opens a data-rights request with its receipt and starts proving who the user is (P9, P11). A
 * Teams sign-in verifies at once, unless the mailbox itself must be proven; anyone else gets a
 * one-time code while the request waits as identity_pending. The request's id goes into the
 * step's values and onto the calling dialog's own instance, where its onEndDialog (closeAbandoned)
 * finds it after the inner stack is gone. The next step receives a VerifyResult (settleVerification).
 */
export async function openAndVerify(
  step: WaterfallStepContext,
  deps: RightsDialogDeps,
  request: { type: RequestType; details?: Record<string, unknown> },
  options: { mailbox?: boolean; newAddress?: boolean; instanceState?: Record<string, unknown>; typedEmail?: string } = {},
): Promise<DialogTurnResult> {
  const { activity } = step.context;
  const { requests } = deps.services;
  const userId = userIdOf(activity);
  let opened = await requests.create({ userId, ...request, channel: activity.channelId, conversationId: activity.conversation.id, actor: 'user' });
  Object.assign(step.values, { requestId: opened.id });
  // A new request has its own code: "send a new code" is about it now, not a request locked out earlier.
  delete (await conversationData(deps.conversationData, step.context)).lockedOutRequest;
  const instance = step.parent?.activeDialog;
  if (instance) Object.assign(instance.state, { requestId: opened.id, ...options.instanceState });
  await step.context.sendActivity(openedReceipt(opened));
  for (const earlier of await requests.supersede(opened)) {
    await step.context.sendActivity(withReceipt(`I've closed your earlier request ${earlier.id}, which wasn't finished: this one replaces it.`, earlier));
  }
  if (isChannelVerified(activity) && !options.mailbox) return step.next({ verified: true, subjects: [userId], method: 'msteams sign-in' } satisfies VerifyResult);
  opened = await requests.transition(userId, opened.id, 'identity_pending', 'bot', { note: 'one-time code offered' });
  // No address on file to mail a code to: the user gives one, and proves it with the code sent there.
  if (options.newAddress) return step.beginDialog(VERIFY_IDENTITY_DIALOG, { requestId: opened.id, purpose: 'new_email', subjects: [userId] } satisfies VerifyOptions);
  return step.beginDialog(VERIFY_IDENTITY_DIALOG, { requestId: opened.id, mailbox: options.mailbox, typedEmail: options.typedEmail } satisfies VerifyOptions);
}

/**
 * The step after openAndVerify: the request marked verified, with the accounts the proof covers;
 * or, when the user was not verified, undefined once the request is closed and the user told
 * `deniedText` (given the request id) with its receipt; undefined too when the request was closed
 * meanwhile (expired while the user was away), and the user told so.
 */
export async function settleVerification(
  step: WaterfallStepContext,
  deps: RightsDialogDeps,
  deniedText: (requestId: string) => string,
): Promise<{ request: PrivacyRequest; subjects: string[] } | undefined> {
  const { requestId } = step.values as { requestId: string };
  const userId = userIdOf(step.context.activity);
  const { requests } = deps.services;
  const result = step.result as VerifyResult | undefined;
  // Closed while the user was away (expired past its due date, or replaced in another chat).
  if (!(await stillOpen(deps, step.context, requestId))) return undefined;
  if (!result?.verified) {
    if (result?.reason === 'locked') (await conversationData(deps.conversationData, step.context)).lockedOutRequest = requestId;
    if (result?.reason === 'declined') {
      const closed = await requests.transition(userId, requestId, 'withdrawn', 'user', { note: 'taken back by the user at the code question' });
      await step.context.sendActivity(withReceipt(`OK, I won't go on: I've closed request ${closed.id} (${REQUEST_TYPE_LABEL[closed.type]}), and nothing was done. You can ask again at any time.`, closed));
      return undefined;
    }
    // Read in the user's export and in "where is my request": why it closed, in their words.
    const note = result?.reason === 'no_email' ? 'no email address on file to verify it was you' : `identity not verified (${result?.reason ?? 'stopped'})`;
    const denied = await requests.transition(userId, requestId, 'denied', 'bot', { note });
    await step.context.sendActivity(withReceipt(deniedText(denied.id), denied));
    return undefined;
  }
  const request = await requests.transition(userId, requestId, 'verified', result.method === 'msteams sign-in' ? 'msteams sign-in' : 'user', {
    verifiedBy: result.method,
    subjects: result.subjects,
  });
  return { request, subjects: result.subjects };
}

/**
 * Proves identity for one request (P9): a signed-in Teams user is verified by the channel; anyone
 * else types the email on file and then the one-time code mailed to it. Whether the address is on
 * file is never revealed. The code prompt expects 'otp': while it is the open question, the
 * redaction middleware lets the bare 6-digit answer through. A new address (purpose 'new_email')
 * is proven by a code sent to it.
 */
export class VerifyIdentityDialog extends FeatureDialog {
  constructor(private readonly deps: RightsDialogDeps) {
    super(VERIFY_IDENTITY_DIALOG);
    this.addDialog(new RightsFieldDialog(deps.gate, deps.defaultRegion, deps.privacyContact));
    this.addDialog(new OnceTextPrompt(OTP_PROMPT, (p) => this.validateCode(p)));
    this.addDialog(new WaterfallDialog(FLOW, [this.askEmailStep.bind(this), this.sendStep.bind(this)]));
    this.addDialog(new WaterfallDialog(OTP_LOOP, [this.promptStep.bind(this), this.checkStep.bind(this)]));
    this.initialDialogId = FLOW;
  }

  /**
   * "Oops, wrong email", "I didn't get the code" or "where's the code?" at the code question is for
   * this question, not a request to correct one's details or anything else the router reads in it.
   */
  readsFirst(instance: DialogInstance, context: TurnContext): boolean {
    const [loop, prompt] = innerStack<DialogInstance>(instance);
    const text = context.activity.text ?? '';
    const options = ((loop?.state as { options?: VerifyOptions } | undefined)?.options ?? {}) as VerifyOptions;
    // "wait no dont delete anything" or "i never gave you an email" at the address question, before any code: read there too (onContinueDialog).
    if (loop?.id === FLOW && prompt?.id === RIGHTS_FIELD_DIALOG) return takesBack(text) || hasNoAddressToGive(options, text);
    if (loop?.id !== OTP_LOOP || prompt?.id !== OTP_PROMPT) return false;
    return !holdsCode(text) && (asksForANewCode(text) || asksAboutTheCode(text) || takesBack(text) || hasNoAddressAtCode(options.purpose, text) || (ANOTHER_ADDRESS.test(text) && mayAskAddressAgain(options)));
  }

  /**
   * "Wait no don't delete anything" or "i changed my mind" at the address question takes the request
   * back, as at the code question; it was "That doesn't look like an email address". "I never gave
   * you an email" ends verification unproven (no_email), for the caller to say what it can do
   * without it: asked again, the user had no way out but "cancel".
   */
  protected override async onContinueDialog(innerDc: DialogContext): Promise<DialogTurnResult> {
    const text = innerDc.context.activity.text ?? '';
    if (innerDc.activeDialog?.id !== RIGHTS_FIELD_DIALOG) return super.onContinueDialog(innerDc);
    const options = ((innerDc.stack.find((d) => d.id === FLOW)?.state as { options?: VerifyOptions } | undefined)?.options ?? {}) as VerifyOptions;
    const result: VerifyResult | undefined = takesBack(text)
      ? { verified: false, reason: 'declined' }
      : hasNoAddressToGive(options, text)
        ? { verified: false, reason: 'no_email' }
        : undefined;
    if (!result) return super.onContinueDialog(innerDc);
    await innerDc.cancelAllDialogs();
    return { status: DialogTurnStatus.complete, result };
  }

  private async askEmailStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as VerifyOptions;
    if (options.purpose === 'new_email') {
      if (options.newEmail) return step.next({ email: options.newEmail });
      if (!options.again) {
        await step.context.sendActivity(message("First I need an email address for you: I'll send a one-time code to it, and once you type that code here it becomes your address on file."));
      }
      return step.beginDialog(RIGHTS_FIELD_DIALOG, { fields: ['email'], mode: 'add' });
    }
    if (isChannelVerified(step.context.activity) && !options.mailbox) {
      const result: VerifyResult = { verified: true, subjects: [userIdOf(step.context.activity)], method: 'msteams sign-in' };
      return step.endDialog(result);
    }
    if (!options.again) {
      await step.context.sendActivity(message('First I need to make sure it is really you: I will email a one-time code to the address we have on file.'));
    }
    return step.beginDialog(RIGHTS_FIELD_DIALOG, { fields: ['email'], mode: 'verify', ...(options.typedEmail ? { typed: { email: options.typedEmail } } : {}) } satisfies RightsFieldOptions);
  }

  private async sendStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as VerifyOptions;
    const email = (step.result as { email?: string } | undefined)?.email;
    if (!email) return step.endDialog({ verified: false, reason: 'no_email' } satisfies VerifyResult);
    if (options.purpose === 'new_email') return this.sendToNewAddress(step, options, email);
    const started = await this.deps.services.verification.start({
      requesterId: userIdOf(step.context.activity),
      requestId: options.requestId,
      email,
      clientAddress: this.deps.clientAddresses.of(step.context.activity.conversation.id),
    });
    if (started.outcome !== 'sent') return this.refuse(step, started);
    await step.context.sendActivity(message(`If that address is on file, a 6-digit code is on its way to it. It's valid for ${minutesText(this.deps.codeTtlMinutes)}.`));
    return step.replaceDialog(OTP_LOOP, options);
  }

  /** The code goes to the new address itself: only its owner can type it back (correction, opt-in). */
  private async sendToNewAddress(step: WaterfallStepContext, options: VerifyOptions, email: string): Promise<DialogTurnResult> {
    const requesterId = userIdOf(step.context.activity);
    const started = await this.deps.services.verification.startNewEmail({
      requesterId,
      requestId: options.requestId,
      subjects: options.subjects ?? [requesterId],
      newEmail: email,
      clientAddress: this.deps.clientAddresses.of(step.context.activity.conversation.id),
    });
    if (started.outcome !== 'sent') return this.refuse(step, started);
    await step.context.sendActivity(
      message(`I've sent a code to ${maskAddress(email)}. It becomes your address on file once you type that code here (valid for ${minutesText(this.deps.codeTtlMinutes)}).`),
    );
    return step.replaceDialog(OTP_LOOP, { ...carriedOver(options), fixedAddress: Boolean(options.newEmail) || options.fixedAddress });
  }

  private async promptStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as VerifyOptions & { retry?: string };
    const retry = options.retry;
    const question = 'Please type the 6-digit code from the email.';
    const text = `${retry ? `${retry} ` : ''}${question}`;
    return step.prompt(OTP_PROMPT, {
      prompt: ask(text, 'otp', [RESEND_CHOICE]),
      // Asked again after an interruption ("hi"), the last wrong code's message is old news.
      ...(retry ? { thenPrompt: ask(question, 'otp', [RESEND_CHOICE]) } : {}),
      retryPrompt: ask(RETRY_CODE, 'otp', [RESEND_CHOICE]),
      // What the validator's answers may offer: "another address" only where it is read; what the code proves.
      validations: { anotherAddress: mayAskAddressAgain(options), purpose: options.purpose },
    } satisfies OnceOptions);
  }

  private async checkStep(step: WaterfallStepContext): Promise<DialogTurnResult> {
    const options = step.options as VerifyOptions & { retry?: string; resends?: number };
    const text = String(step.result ?? '');
    const requesterId = userIdOf(step.context.activity);
    const clientAddress = this.deps.clientAddresses.of(step.context.activity.conversation.id);
    const { verification } = this.deps.services;

    if (!holdsCode(text) && takesBack(text)) return step.endDialog({ verified: false, reason: 'declined' } satisfies VerifyResult);
    // No code can reach an address that was never given: the caller says what can be done without one.
    if (!holdsCode(text) && hasNoAddressAtCode(options.purpose, text)) return step.endDialog({ verified: false, reason: 'no_email' } satisfies VerifyResult);
    if (!holdsCode(text) && ANOTHER_ADDRESS.test(text) && mayAskAddressAgain(options)) {
      return step.replaceDialog(FLOW, { ...carriedOver(options), again: true });
    }
    // "I don't remember which email", once told the address may not be on file: what to do then,
    // and the address asked again, as at the address question itself.
    if (!holdsCode(text) && FORGOT.test(text) && options.purpose !== 'new_email') {
      await step.context.sendActivity(message(`No problem: try another address you use, and if no code arrives, write to ${this.deps.privacyContact} and our privacy team will verify you another way.`));
      return step.replaceDialog(FLOW, { ...carriedOver(options), again: true });
    }
    // The mail service was down when the code went out: the user is told so, not left waiting or
    // told their address may be wrong. Known for every address alike (mailServiceDown).
    const mailDown = await verification.mailServiceDown({ requesterId, requestId: options.requestId });
    const sorry = `Sorry, our email service isn't working right now, so the code could not be sent. Your request ${options.requestId} stays open.`;
    if (!holdsCode(text) && asksForANewCode(text)) {
      const resent = await verification.resend({ requesterId, requestId: options.requestId, clientAddress });
      if (resent.outcome === 'expired') return this.startAgain(step, options);
      if (resent.outcome !== 'sent') return this.refuse(step, resent);
      const where = options.purpose === 'new_email' ? (options.fixedAddress ? 'your new address' : 'that address') : 'that address, if it is on file';
      const resends = (options.resends ?? 0) + 1;
      // A code that never comes twice over most likely went nowhere: the address is not on file.
      const hint =
        resends < 2 || mailDown || !mayAskAddressAgain(options)
          ? ''
          : options.purpose === 'new_email'
            ? ' Please check your spam folder too, and that the address is spelled right: say "another address" to give it again.'
            : ` Please check your spam folder too. If nothing arrives, the address you gave may not be the one we have on file: say "another address" to try a different one, or write to ${this.deps.privacyContact}.`;
      const retry = mailDown
        ? `${sorry} I've tried again: if no code comes within a few minutes, please try again later, or write to ${this.deps.privacyContact}.`
        : `A new code is on its way to ${where}.${hint}`;
      return step.replaceDialog(OTP_LOOP, { ...carriedOver(options), resends, retry });
    }
    // No code went out, so nothing typed can be it: no attempt is counted.
    if (mailDown) {
      return step.replaceDialog(OTP_LOOP, { ...carriedOver(options), retry: `${sorry} Say "send a new code" to try again in a few minutes, or write to ${this.deps.privacyContact}.` });
    }

    const checked = await verification.check({ requesterId, requestId: options.requestId, code: text.replace(/\D/g, ''), clientAddress });
    switch (checked.outcome) {
      case 'verified':
        return step.endDialog({ verified: true, subjects: checked.subjects, method: 'email code', ...(checked.newEmail ? { newEmail: checked.newEmail } : {}) } satisfies VerifyResult);
      case 'wrong':
        return step.replaceDialog(OTP_LOOP, {
          ...carriedOver(options),
          retry: `That code isn't right. You have ${checked.attemptsLeft} more ${checked.attemptsLeft === 1 ? 'try' : 'tries'}.`,
        });
      case 'expired':
        return step.replaceDialog(OTP_LOOP, {
          ...carriedOver(options),
          retry: 'That code has expired (or was never sent). Say "send a new code" to get another one.',
        });
      case 'locked':
        return this.refuse(step, checked);
    }
  }

  /**
   * The code asked for is gone with its verification (the user is back long after it ran out):
   * nothing can be resent, so the address on file is asked for again. A new address being
   * corrected is not kept here, so that correction ends and the user asks again.
   */
  private async startAgain(step: WaterfallStepContext, options: VerifyOptions): Promise<DialogTurnResult> {
    if (!mayAskAddressAgain(options)) {
      await step.context.sendActivity(message('That code ran out a while ago, so I can no longer send a new one to your new address. To change it, please ask again ("my email changed").'));
      return step.endDialog({ verified: false, reason: 'expired' } satisfies VerifyResult);
    }
    await step.context.sendActivity(message('That code ran out a while ago, so I need the address again to send a new one.'));
    return step.replaceDialog(FLOW, { ...carriedOver(options), again: true });
  }

  private async refuse(step: WaterfallStepContext, result: Exclude<StartResult, { outcome: 'sent' }>): Promise<DialogTurnResult> {
    const wait = aboutMinutes(result.retryAfterSeconds);
    const text =
      result.outcome === 'locked'
        ? `For your safety I've paused verification after too many wrong codes. Please try again in ${wait}.`
        : `You've asked for several codes in a short time, so I can't send another one right now. Please try again in ${wait}.`;
    await step.context.sendActivity(message(text));
    return step.endDialog({ verified: false, reason: result.outcome } satisfies VerifyResult);
  }

  private async validateCode(prompt: PromptValidatorContext<string>): Promise<boolean> {
    const text = (prompt.recognized.value ?? '').trim();
    if (holdsCode(text) || asksForANewCode(text) || ANOTHER_ADDRESS.test(text) || FORGOT.test(text) || takesBack(text)) return true;
    if (hasNoAddressAtCode((prompt.options.validations as Pick<VerifyOptions, 'purpose'> | undefined)?.purpose, text)) return true;
    // Set on every answer: the re-ask answers this one, not a question asked before it.
    const again = 'Please type the 6-digit code from the email, or say "send a new code".';
    const asksForPerson = getClassification(prompt.context)?.intent === 'human' || mentionsPerson(text);
    const answer = this.answerAtCode(text, (prompt.options.validations as { anotherAddress?: boolean } | undefined)?.anotherAddress === true, asksForPerson);
    // "what will you do with it?": the contact notice says what the address is for, as at the
    // address question (noticeAnswer), and the code what it is for; then the code again.
    const notice = answer ? undefined : await noticeAnswer(this.deps.gate, prompt.context, 'contact', text, getClassification(prompt.context));
    if (notice) {
      prompt.options.retryPrompt = ask(`${notice.activity.text}\n\n${notice.outcome.notice.id === 'contact' ? `${CODE_IS_FOR} ` : ''}${again}`, 'otp', [RESEND_CHOICE], helplineData(notice.activity));
      await notice.commit();
      return false;
    }
    const reply = answer || (isQuestion(text) ? 'I can\'t answer questions in the middle of this one, sorry: say "cancel" to stop, and ask me then.' : '');
    prompt.options.retryPrompt = ask(reply ? `${reply} ${again}` : RETRY_CODE, 'otp', [RESEND_CHOICE]);
    return false;
  }

  /** A question about the code at the code question ("why do you need this?", "its not in spam either", a person asked for) gets its answer before the question again; anything else nothing. */
  private answerAtCode(text: string, anotherAddress: boolean, asksForPerson: boolean): string {
    const t = text.replace(/[’‘]/g, "'");
    if (/\S@\S/.test(t)) return `That looks like an email address: here I need the 6-digit code from the email we sent.${anotherAddress ? ' To use a different address, say "another address".' : ''}`;
    if (CODE_LIFETIME.test(t)) return `The code is valid for ${minutesText(this.deps.codeTtlMinutes)} after it was sent, and works only once.`;
    if (WHERE_IS_CODE.test(t)) return 'The code is in the email we just sent, with "verification code" in its subject: please check your spam folder too.';
    if (WHY_CODE.test(t)) return CODE_IS_FOR;
    // Technicians fix devices; a data request is the privacy team's, whose people can verify the user another way.
    if (asksForPerson) {
      return `Our technicians don't handle data requests, but our privacy team does: write to ${this.deps.privacyContact} and a person there will help with this request, and can check it's you another way.`;
    }
    if (NOT_ARRIVED.test(t)) {
      const address = anotherAddress ? ' It only goes to the address we have on file: if you might have given us another one, say "another address".' : '';
      return `Sorry it hasn't come. Say "send a new code" and I'll send another.${address} If none arrives, write to ${this.deps.privacyContact} and our privacy team will check it's you another way.`;
    }
    return '';
  }
}
